from django import forms
from django.conf import settings
from django.utils import timezone

from accounts.models import User

from .models import Course, Level
from .selectors import NEW_JOINER_DAYS
from .services import COURSE_FIELDS


class CourseForm(forms.ModelForm):
    link = forms.URLField(
        label="Web address of the course (optional)",
        max_length=500,
        required=False,
        assume_scheme="https",
        help_text=Course._meta.get_field("link").help_text,
    )

    class Meta:
        model = Course
        fields = list(COURSE_FIELDS)  # what course_create/update save
        labels = {
            "expected_minutes": "Expected duration in minutes",
            "required_for_level": "Required for discretion level",
            "self_confirmed": "Self-paced: people start it themselves and confirm "
            "completion themselves (e-learning)",
        }
        widgets = {"summary": forms.Textarea(attrs={"rows": 4})}
        help_texts = {
            "organisation": "Its level requirement applies to their staff only."
        }

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        # Trainers write courses for the organisations they train, never for
        # everyone: a requirement changes who may post.
        self.fields["organisation"].queryset = organisations
        self.fields["organisation"].required = True
        self.fields["organisation"].empty_label = None

    def clean_expected_minutes(self):
        minutes = self.cleaned_data["expected_minutes"]
        if not 1 <= minutes <= 10_000:
            raise forms.ValidationError(
                "Enter a duration between 1 and 10,000 minutes."
            )
        return minutes


class PeopleField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, person):
        return f"{person.full_name} ({person.email})"


class PersonField(forms.ModelChoiceField):
    def label_from_instance(self, person):
        return f"{person.full_name} ({person.email})"


def _future(value):
    if value < timezone.localdate():
        raise forms.ValidationError("Enter a date that is today or later.")
    return value


class AssignForm(forms.Form):
    """Assign one course to one or more people of the organisations trained."""

    course = forms.ModelChoiceField(Course.objects.all())
    people = PeopleField(User.objects.none(), widget=forms.CheckboxSelectMultiple)
    due_date = forms.DateField(
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="For example 2027-03-31",
    )

    def __init__(self, *args, staff, courses, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["people"].queryset = staff
        self.fields["course"].queryset = courses

    def clean_due_date(self):
        return _future(self.cleaned_data["due_date"])


class PairForm(forms.Form):
    mentor = PersonField(User.objects.none())
    mentee = PersonField(User.objects.none())
    goals = forms.CharField(max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))
    end_date = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, staff, mentors, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["mentor"].queryset = mentors
        self.fields[
            "mentor"
        ].help_text = f"People at level {settings.MENTOR_MIN_LEVEL} or above."
        self.fields["mentee"].queryset = staff

    def clean_end_date(self):
        return _future(self.cleaned_data["end_date"])


class SessionForm(forms.Form):
    held_on = forms.DateField(
        label="Date of the session", widget=forms.DateInput(attrs={"type": "date"})
    )
    notes = forms.CharField(
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Seen only by you, your mentee and their trainers.",
    )


class SignOffForm(forms.Form):
    level = forms.TypedChoiceField(
        label="Ready for",
        coerce=int,
        choices=[
            (Level.TRUSTED, Level.TRUSTED.label),
            (Level.SPOKESPERSON, Level.SPOKESPERSON.label),
        ],
        widget=forms.RadioSelect,
        help_text="You can sign off up to the level you hold.",
    )


class LevelForm(forms.Form):
    level = forms.TypedChoiceField(
        label="New discretion level",
        coerce=int,
        choices=Level.choices,
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(max_length=500, widget=forms.Textarea(attrs={"rows": 3}))


class DeclineForm(forms.Form):
    reason = forms.CharField(
        label="What is still needed",
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="They see this, and can mark the course finished again.",
    )


class CapacityForm(forms.Form):
    max_mentees = forms.IntegerField(label="Maximum mentees", min_value=0, max_value=20)


class ScenarioForm(forms.Form):
    title = forms.CharField(max_length=200)
    thread = forms.CharField(
        label="The thread",
        max_length=20_000,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text="The conversation as the trainee would find it. Limited HTML.",
    )
    situation = forms.CharField(
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Who the trainee is here and what they want to achieve.",
    )


class PracticeReplyForm(forms.Form):
    text = forms.CharField(
        label="Your reply", max_length=5000, widget=forms.Textarea(attrs={"rows": 6})
    )


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(
        choices=[("approve", "Approve"), ("changes", "Ask for changes")],
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Needed when you ask for changes.",
    )


class PeopleFilterForm(forms.Form):
    """The People page's search and filters, shared by its CSV."""

    q = forms.CharField(label="Name or email", max_length=200, required=False)
    organisation = forms.ModelChoiceField(
        None, required=False, empty_label="All you train", label="Organisation"
    )
    level = forms.TypedChoiceField(
        choices=[("", "Any"), *Level.choices],
        coerce=int,
        empty_value=None,
        required=False,
        label="Discretion level",
    )
    overdue = forms.BooleanField(required=False, label="With overdue training")
    no_mentor = forms.BooleanField(required=False, label="Without a mentor")
    new_joiners = forms.BooleanField(
        required=False, label=f"Joined in the last {NEW_JOINER_DAYS} days"
    )
    awaiting_confirmation = forms.BooleanField(
        required=False, label="With finished training to confirm"
    )

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations
