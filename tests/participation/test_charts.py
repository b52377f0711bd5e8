import pytest

from participation.charts import (
    WIDTH,
    column_chart,
    label_step,
    labels_shown,
    text_width,
)


def shown_indexes(count: int, step: int) -> list[int]:
    return [index for index, shown in enumerate(labels_shown(count, step)) if shown]


@pytest.mark.parametrize(
    ("count", "step", "shown"),
    [
        (0, 1, []),
        (1, 1, [0]),
        (1, 3, [0]),
        (2, 1, [0, 1]),
        (5, 1, [0, 1, 2, 3, 4]),
        (7, 3, [0, 3, 6]),  # the last falls on a step
        (8, 3, [0, 3, 7]),  # 6 is too close to the last: it gives way
        (9, 3, [0, 3, 8]),
        (10, 3, [0, 3, 6, 9]),
        (3, 5, [0]),  # first and last would collide: only the first
        (6, 5, [0, 5]),
        (52, 10, [0, 10, 20, 30, 40, 51]),
    ],
)
def test_labels_shown_are_the_first_every_step_and_the_last(count, step, shown):
    assert shown_indexes(count, step) == shown


@pytest.mark.parametrize(
    ("count", "label", "step"),
    [
        (1, "5 Oct 2026", 1),
        (4, "5 Oct 2026", 1),  # 160 units a column: room for every label
        (8, "12 Oct 2026", 2),  # 80 a column, a label needs about 111
        (14, "12 Oct 2026", 3),  # a quarter of weeks
        (53, "12 Oct 2026", 10),  # a year of weeks
        (16, "Q1", 2),  # short labels: at most about eight of them
        (160, "Q1", 20),
    ],
)
def test_label_step_leaves_room_for_the_widest_label(count, label, step):
    slot = (WIDTH - 2 * max(40, text_width(label) / 2)) / count

    assert label_step([label] * count, slot) == step


@pytest.mark.parametrize("weeks", [1, 2, 5, 7, 8, 9, 13, 14, 16, 26, 52, 157])
def test_no_two_shown_week_labels_come_closer_than_their_width(weeks):
    rows = [(f"{7 + week % 21} Oct 2026", week) for week in range(weeks)]

    chart = column_chart("Posts by week", "", rows)

    shown = [bar for bar in chart.bars if bar.show_label]
    assert shown[0] is chart.bars[0]
    assert len(shown) <= 9
    for left, right in zip(shown, shown[1:], strict=False):
        half_widths = (text_width(left.label) + text_width(right.label)) / 2
        assert right.label_x - left.label_x >= half_widths


def test_values_over_columns_are_drawn_only_when_they_fit_their_column():
    narrow = column_chart("Posts", "", [("w", 12_345)] * 14)
    wide = column_chart("Posts", "", [("w", 12)] * 14)

    assert not any(bar.show_value for bar in narrow.bars)
    assert all(bar.show_value for bar in wide.bars)
