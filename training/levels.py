"""The discretion level rule, as one pure function (table-tested)."""

from datetime import datetime


def compute_level(
    *,
    granted: int,
    acknowledged: bool,
    grace_until: datetime | None = None,
    now: datetime | None = None,
    completed_courses: set[int],
    required_courses: dict[int, set[int]],
    approved_practice: int = 0,
    practice_required: dict[int, int] | None = None,
) -> int:
    """A person's effective level.

    0 while they have not acknowledged the current principles, except during
    a grace period: someone who acknowledged the version before a material
    change keeps their level until `grace_until` (their deadline, the one
    the acknowledgement report shows), 0 from that moment on. Otherwise the
    level a trainer granted, lowered to the highest level whose requirements
    (for that level and every level below it) are all met: the required
    courses completed, and enough practice replies approved by their mentor.
    """
    if not acknowledged and not (grace_until and now and now < grace_until):
        return 0
    practice_required = practice_required or {}

    def met(step: int) -> bool:
        return required_courses.get(step, set()) <= completed_courses and (
            approved_practice >= practice_required.get(step, 0)
        )

    level = granted
    while level > 0 and not all(met(step) for step in range(1, level + 1)):
        level -= 1
    return level
