"""The discretion level rule across every combination that matters."""

import itertools

import pytest

from training.levels import compute_level

REQUIRED = {1: {10}, 2: {20}, 3: {30}}  # one course required at each level


def expected(granted, acknowledged, done):
    if not acknowledged:
        return 0
    level = granted
    for step in range(1, granted + 1):
        if not REQUIRED[step] <= done:
            return step - 1
    return level


COMBINATIONS = [
    (granted, acknowledged, frozenset(done))
    for granted in range(4)
    for acknowledged in (False, True)
    for n in range(4)
    for done in itertools.combinations([10, 20, 30], n)
]


@pytest.mark.parametrize(("granted", "acknowledged", "done"), COMBINATIONS)
def test_effective_level(granted, acknowledged, done):
    level = compute_level(
        granted=granted,
        acknowledged=acknowledged,
        completed_courses=set(done),
        required_courses=REQUIRED,
    )

    assert level == expected(granted, acknowledged, set(done))
    assert 0 <= level <= granted


@pytest.mark.parametrize(
    ("granted", "acknowledged", "done", "level"),
    [
        (3, False, {10, 20, 30}, 0),  # principles not acknowledged: not ready
        (3, True, {10, 20, 30}, 3),
        (3, True, {10, 30}, 1),  # a missing level-2 course caps at 1
        (2, True, set(), 0),  # not even the level-1 course
        (1, True, {10}, 1),
        (0, True, {10, 20, 30}, 0),  # a trainer lowered them to 0
    ],
)
def test_named_cases(granted, acknowledged, done, level):
    assert (
        compute_level(
            granted=granted,
            acknowledged=acknowledged,
            completed_courses=done,
            required_courses=REQUIRED,
        )
        == level
    )


def test_no_required_courses_means_the_granted_level():
    assert (
        compute_level(
            granted=2, acknowledged=True, completed_courses=set(), required_courses={}
        )
        == 2
    )
