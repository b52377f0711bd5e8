"""The discretion level rule, as one pure function (table-tested)."""


def compute_level(
    *,
    granted: int,
    acknowledged: bool,
    completed_courses: set[int],
    required_courses: dict[int, set[int]],
) -> int:
    """A person's effective level.

    0 while they have not acknowledged the current principles; otherwise the
    level a trainer granted, lowered to the highest level whose required
    courses (for that level and every level below it) are all completed.
    """
    if not acknowledged:
        return 0
    level = granted
    while level > 0 and not all(
        required_courses.get(step, set()) <= completed_courses
        for step in range(1, level + 1)
    ):
        level -= 1
    return level
