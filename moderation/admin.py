from django.contrib import admin

from core.admin import ReadOnlyAdmin

from .models import Flag, Post, PostEvent, ReviewPolicy


@admin.register(ReviewPolicy)
class ReviewPolicyAdmin(admin.ModelAdmin):
    list_display = [
        "organisation",
        "target_working_hours",
        "approval_window_days",
        "post_review_sample_percent",
        "fallback",
        "fallback_organisation",
        "claims",
    ]
    list_select_related = ["organisation", "fallback_organisation"]


class PostEventInline(admin.TabularInline):
    model = PostEvent
    extra = 0
    can_delete = False
    readonly_fields = [
        "created_at",
        "actor",
        "action",
        "old_status",
        "new_status",
        "comment",
    ]
    fields = readonly_fields

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Post)
class PostAdmin(ReadOnlyAdmin):
    """Posts and their history change only through the portal's services."""

    list_display = ["topic", "author", "organisation", "status", "created_at"]
    list_filter = ["status", "organisation"]
    list_select_related = ["author", "organisation"]
    list_per_page = 50
    search_fields = ["topic", "author__email"]
    inlines = [PostEventInline]


@admin.register(Flag)
class FlagAdmin(ReadOnlyAdmin):
    list_display = ["post", "category", "raised_by", "raised_at", "resolved_at"]
    list_select_related = ["post", "raised_by"]
