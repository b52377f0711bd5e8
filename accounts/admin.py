from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.core.exceptions import ValidationError
from django.db import models

from core.admin import ReadOnlyAdmin

from .hooks import ORGANISATION_INLINES, ORGANISATION_SAVED, PERSON_PLACED
from .models import EmailDomain, Organisation, RoleChange, SensitiveTopic, User
from .roles import Role, Scope
from .selectors import organisations_in_scope, roles_of
from .services import user_set_roles_and_scopes


class EmailDomainInline(admin.StackedInline):
    model = EmailDomain
    extra = 1


class SensitiveTopicInline(admin.StackedInline):
    model = SensitiveTopic
    extra = 1
    formfield_overrides = {
        models.TextField: {"widget": forms.Textarea(attrs={"rows": 2, "cols": 40})}
    }


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "short_name", "kind"]
    list_filter = ["kind"]
    search_fields = ["name", "short_name", "email_domains__domain"]
    inlines = [EmailDomainInline, SensitiveTopicInline]

    def get_inlines(self, request, obj):
        return [*self.inlines, *ORGANISATION_INLINES.values()]

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        ORGANISATION_SAVED.values(organisation=form.instance)


class PersonRolesForm(forms.ModelForm):
    """Roles and scopes as plain choices; saving goes through the services."""

    roles = forms.MultipleChoiceField(
        choices=Role.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    reviews_posts_for = forms.ModelMultipleChoiceField(
        Organisation.objects.all(),
        required=False,
        help_text="Press officers only: the organisations whose posts they review.",
    )
    trains_staff_of = forms.ModelMultipleChoiceField(
        Organisation.objects.all(),
        required=False,
        help_text="Trainers only: the organisations whose staff they train.",
    )

    class Meta:
        model = User
        fields = ["email", "full_name", "job_title", "organisation", "is_active"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["roles"] = sorted(roles_of(self.instance))
            self.initial["reviews_posts_for"] = organisations_in_scope(
                self.instance, Scope.REVIEW_POSTS_FOR
            )
            self.initial["trains_staff_of"] = organisations_in_scope(
                self.instance, Scope.TRAIN_STAFF_OF
            )

    def clean(self):
        cleaned = super().clean()
        roles = set(cleaned.get("roles") or [])
        if cleaned.get("reviews_posts_for") and Role.PRESS_OFFICER not in roles:
            raise ValidationError(
                "Only press officers can review posts for organisations."
            )
        if cleaned.get("trains_staff_of") and Role.TRAINER not in roles:
            raise ValidationError("Only trainers can train staff of organisations.")
        return cleaned


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    form = PersonRolesForm
    add_form_template = None
    ordering = ["full_name", "email"]
    list_display = ["email", "full_name", "organisation", "is_active", "last_login"]
    list_filter = ["organisation", "groups", "is_active"]
    list_select_related = ["organisation"]
    search_fields = ["email", "full_name"]
    readonly_fields = ["last_login", "date_joined"]
    # Groups and raw permissions are not editable here: roles and scopes go
    # through the services so every change is recorded.
    add_fieldsets = [
        (
            None,
            {
                "fields": [
                    "email",
                    "full_name",
                    "job_title",
                    "organisation",
                    "is_active",
                ]
            },
        ),
        ("Roles", {"fields": ["roles", "reviews_posts_for", "trains_staff_of"]}),
    ]
    fieldsets = [*add_fieldsets, ("Dates", {"fields": ["last_login", "date_joined"]})]
    filter_horizontal = []

    def get_form(self, request, obj=None, **kwargs):
        # One form for adding and changing; people set their own password
        # through "forgotten password" after an administrator adds them.
        kwargs["form"] = self.form
        return admin.ModelAdmin.get_form(self, request, obj, **kwargs)

    def save_model(self, request, obj, form, change):
        if not change:
            obj.set_unusable_password()
        super().save_model(request, obj, form, change)
        if not change or "organisation" in form.changed_data:
            PERSON_PLACED.values(person=obj)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        user_set_roles_and_scopes(
            user=form.instance,
            roles=[Role(r) for r in form.cleaned_data["roles"]],
            scopes={
                Scope.REVIEW_POSTS_FOR: form.cleaned_data["reviews_posts_for"],
                Scope.TRAIN_STAFF_OF: form.cleaned_data["trains_staff_of"],
            },
            actor=request.user,
        )


@admin.register(RoleChange)
class RoleChangeAdmin(ReadOnlyAdmin):
    """The record of role and scope changes."""

    list_display = [
        "created_at",
        "user_email",
        "action",
        "role",
        "organisation_name",
        "actor_email",
    ]
    list_filter = ["action", "role"]
    search_fields = ["user_email", "actor_email", "organisation_name"]
    date_hierarchy = "created_at"
