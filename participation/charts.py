"""Charts drawn on the server as SVG: no JavaScript, printable, and accessible.

The SVG is an image with a title and a description (role="img"); the same
numbers are in the table the page shows beneath it, which is what assistive
technology reads. Only geometry is computed here; templates/reports/_chart.html
draws it.
"""

import math
from dataclasses import dataclass

WIDTH = 720
BAR_HEIGHT, BAR_GAP = 22, 10
LABEL_WIDTH = 260  # horizontal bars: category names on the left
PLOT_HEIGHT = 240  # columns over time
MAX_LABEL = 34
MAX_TICKS = 8
MAX_VALUES = 20  # more columns than this: the table gives the values
# The server cannot measure text, so it estimates generously: 0.6 of the
# font size (15, _chart.html's) a character, where system fonts average
# about 0.55 for digits and lower case. Labels closer than this collide.
CHARACTER_WIDTH = 15 * 0.6
LABEL_GAP = 12


@dataclass
class Bar:
    label: str
    value_text: str
    x: float
    y: float
    width: float
    height: float
    label_x: float
    label_y: float
    value_x: float
    value_y: float
    show_label: bool = True
    show_value: bool = True


@dataclass
class Chart:
    title: str
    description: str
    width: int
    height: int
    bars: list[Bar]
    axis_y: float = 0  # columns: where the baseline is


def _short(label: str) -> str:
    return label if len(label) <= MAX_LABEL else label[: MAX_LABEL - 1] + "…"


def _number(value) -> str:
    return "no data" if value is None else f"{value:,}"


def bar_chart(title: str, description: str, rows: list[tuple[str, float]]) -> Chart:
    """Horizontal bars, one a category, longest first as the rows come."""
    top = max((v or 0 for _, v in rows), default=0) or 1
    room = WIDTH - LABEL_WIDTH - 90  # leave space for the value after each bar
    bars = []
    for index, (label, value) in enumerate(rows):
        y = 4 + index * (BAR_HEIGHT + BAR_GAP)
        width = room * (value or 0) / top
        bars.append(
            Bar(
                label=_short(str(label)),
                value_text=_number(value),
                x=LABEL_WIDTH,
                y=y,
                width=round(width, 1),
                height=BAR_HEIGHT,
                label_x=LABEL_WIDTH - 8,
                label_y=y + BAR_HEIGHT * 0.7,
                value_x=round(LABEL_WIDTH + width + 6, 1),
                value_y=y + BAR_HEIGHT * 0.7,
            )
        )
    height = 4 + max(len(rows) * (BAR_HEIGHT + BAR_GAP), BAR_HEIGHT)
    return Chart(title, description, WIDTH, height, bars)


def text_width(text: str) -> float:
    """About how wide the chart draws `text`, erring wide."""
    return len(text) * CHARACTER_WIDTH


def label_step(labels: list[str], slot: float) -> int:
    """Label every step-th column so that neighbouring labels never touch
    (each is `slot` wide), and show at most about MAX_TICKS of them."""
    widest = max(map(text_width, labels), default=0)
    fits = math.ceil((widest + LABEL_GAP) / slot) if slot else 1
    return max(1, fits, math.ceil(len(labels) / MAX_TICKS))


def labels_shown(count: int, step: int) -> list[bool]:
    """Which of `count` column labels to draw: the first, every step-th after
    it, and the last, which a label fewer than `step` columns before it gives
    way to (the last is dropped only when it is too close to the first)."""
    last = count - 1
    return [
        index == 0
        or (index % step == 0 and last - index >= step)
        or (index == last and last >= step)
        for index in range(count)
    ]


def column_chart(title: str, description: str, rows: list[tuple[str, float]]) -> Chart:
    """Columns over time, left to right, with as many labels as fit."""
    top = max((v or 0 for _, v in rows), default=0) or 1
    count = max(len(rows), 1)
    labels = [str(label) for label, _ in rows]
    # Room either side for half the first and the last label, centred under
    # their columns.
    margin = max(40, max(map(text_width, labels), default=0) / 2)
    slot = (WIDTH - 2 * margin) / count
    shown = labels_shown(len(rows), label_step(labels, slot))
    values = [_number(value) for _, value in rows]
    values_fit = max(map(text_width, values), default=0) + 4 <= slot
    bars = []
    for index, (_, value) in enumerate(rows):
        height = (PLOT_HEIGHT - 24) * (value or 0) / top
        x = margin + index * slot
        bars.append(
            Bar(
                label=labels[index],
                value_text=values[index],
                x=round(x + slot * 0.15, 1),
                y=round(PLOT_HEIGHT - height, 1),
                width=round(slot * 0.7, 1),
                height=round(height, 1),
                label_x=round(x + slot / 2, 1),
                label_y=PLOT_HEIGHT + 20,
                value_x=round(x + slot / 2, 1),
                value_y=round(PLOT_HEIGHT - height - 6, 1),
                show_label=shown[index],
                show_value=count <= MAX_VALUES and values_fit,
            )
        )
    return Chart(title, description, WIDTH, PLOT_HEIGHT + 30, bars, PLOT_HEIGHT)
