"""The roles a person can hold on top of being a civil servant.

Each role is a Django group of the same name; a press officer's and a trainer's
reach is further limited to the organisations they are given as scope.
"""

from django.db import models


class Role(models.TextChoices):
    PRESS_OFFICER = "Press officer"
    TRAINER = "Trainer"
    PRINCIPLES_EDITOR = "Principles editor"
    ADMINISTRATOR = "Administrator"


class Scope(models.TextChoices):
    """Object permissions on an Organisation, and the role each belongs to."""

    REVIEW_POSTS_FOR = "review_posts_for", "Reviews posts for"
    TRAIN_STAFF_OF = "train_staff_of", "Trains staff of"


SCOPE_ROLE = {
    Scope.REVIEW_POSTS_FOR: Role.PRESS_OFFICER,
    Scope.TRAIN_STAFF_OF: Role.TRAINER,
}

# Roles that must use two-factor authentication before reaching their pages.
MFA_REQUIRED_ROLES = frozenset(Role)
