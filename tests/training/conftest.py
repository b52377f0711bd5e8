from datetime import timedelta

import pytest
from django.utils import timezone

from training import services


@pytest.fixture
def pairing(trainer, mentor, civil_servant):
    """Morgan Lee mentors Alex Smith, for two months."""
    return services.mentoring_create(
        mentor=mentor,
        mentee=civil_servant,
        goals="Level 2",
        end_date=timezone.localdate() + timedelta(days=60),
        actor=trainer,
    )
