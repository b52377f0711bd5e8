from django.contrib import admin

from core.admin import ReadOnlyAdmin

from .models import Acknowledgement, Page, PageVersion


@admin.register(Page)
class PageAdmin(ReadOnlyAdmin):
    list_display = [
        "slug",
        "section",
        "position",
        "live_version",
        "needs_acknowledgement",
    ]
    list_filter = ["section"]


@admin.register(PageVersion)
class PageVersionAdmin(ReadOnlyAdmin):
    list_display = ["page", "number", "title", "created_by", "published_at"]
    list_filter = ["page"]
    list_select_related = ["page", "created_by"]


@admin.register(Acknowledgement)
class AcknowledgementAdmin(ReadOnlyAdmin):
    list_display = ["user", "version", "acknowledged_at"]
    list_select_related = ["user", "version__page"]
    search_fields = ["user__email"]
