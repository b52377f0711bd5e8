"""Training in the Django admin, for administrators: courses (the only place
to add one for every organisation), each organisation's training policy, and
level decisions, where an administrator places an organisation's first
mentors. Saves go through the services, so stored levels and automatic
assignments follow, exactly as from the trainers' pages."""

from django import forms
from django.contrib import admin
from django.db import models

from accounts.models import User
from accounts.permissions import can_use_role_pages
from accounts.roles import Role
from core.admin import ReadOnlyAdmin

from . import services
from .models import Course, Level, LevelDecision, TrainingPolicy
from .services import COURSE_FIELDS


@admin.register(Course)
class CourseAdmin(admin.ModelAdmin):
    fields = list(COURSE_FIELDS)  # what course_create/update save
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    list_display = ["title", "organisation", "required_for_level", "self_confirmed"]
    list_filter = ["required_for_level", "organisation"]
    list_select_related = ["organisation"]
    search_fields = ["title"]

    def save_model(self, request, obj, form, change):
        values = {name: form.cleaned_data[name] for name in COURSE_FIELDS}
        if change:
            services.course_update(course_id=obj.pk, actor=request.user, **values)
        else:
            obj.pk = services.course_create(actor=request.user, **values).pk

    def has_delete_permission(self, request, obj=None):
        # Assignments keep their course; a requirement is lifted by clearing
        # "required for level", which recomputes everyone it concerned.
        return False


@admin.register(TrainingPolicy)
class TrainingPolicyAdmin(admin.ModelAdmin):
    list_display = ["organisation", "days_to_complete"]
    list_select_related = ["organisation"]


class PlaceLevelForm(forms.ModelForm):
    person = forms.ModelChoiceField(User.objects.filter(is_active=True))
    new_level = forms.TypedChoiceField(label="Level", choices=Level.choices, coerce=int)

    class Meta:
        model = LevelDecision
        fields = ["person", "new_level", "reason"]


@admin.register(LevelDecision)
class LevelDecisionAdmin(ReadOnlyAdmin):
    """The history of level decisions; "Add" places a person at a level
    without a mentor's sign-off (services.level_place)."""

    list_display = ["person", "old_level", "new_level", "decided_by", "created_at"]
    list_select_related = ["person", "decided_by"]
    search_fields = ["person__email", "person__full_name"]
    add_form = PlaceLevelForm

    def has_add_permission(self, request):
        # Exactly whom level_place accepts.
        return can_use_role_pages(request.user, Role.ADMINISTRATOR)

    def get_form(self, request, obj=None, **kwargs):
        if obj is None:
            kwargs["form"] = self.add_form
        return super().get_form(request, obj, **kwargs)

    def get_fields(self, request, obj=None):
        if obj is None:
            return ["person", "new_level", "reason"]
        return super().get_fields(request, obj)

    def save_model(self, request, obj, form, change):
        decision = services.level_place(
            person=form.cleaned_data["person"],
            level=form.cleaned_data["new_level"],
            reason=form.cleaned_data["reason"],
            actor=request.user,
        )
        obj.pk = decision.pk
