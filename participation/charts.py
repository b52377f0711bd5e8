"""Charts drawn on the server as SVG: no JavaScript, printable, and accessible.

The SVG is an image with a title and a description (role="img"); the same
numbers are in the table the page shows beneath it, which is what assistive
technology reads. Only geometry is computed here; templates/reports/_chart.html
draws it.
"""

from dataclasses import dataclass

WIDTH = 720
BAR_HEIGHT, BAR_GAP = 22, 10
LABEL_WIDTH = 260  # horizontal bars: category names on the left
PLOT_HEIGHT = 240  # columns over time
MAX_LABEL = 34
MAX_TICKS = 8
MAX_VALUES = 20  # more columns than this: the table gives the values


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


def column_chart(title: str, description: str, rows: list[tuple[str, float]]) -> Chart:
    """Columns over time, left to right; every few labels so they never overlap."""
    top = max((v or 0 for _, v in rows), default=0) or 1
    count = max(len(rows), 1)
    slot = (WIDTH - 80) / count  # room for the first and last labels
    every = -(-count // MAX_TICKS)
    bars = []
    for index, (label, value) in enumerate(rows):
        height = (PLOT_HEIGHT - 24) * (value or 0) / top
        x = 40 + index * slot
        bars.append(
            Bar(
                label=str(label),
                value_text=_number(value),
                x=round(x + slot * 0.15, 1),
                y=round(PLOT_HEIGHT - height, 1),
                width=round(slot * 0.7, 1),
                height=round(height, 1),
                label_x=round(x + slot / 2, 1),
                label_y=PLOT_HEIGHT + 20,
                value_x=round(x + slot / 2, 1),
                value_y=round(PLOT_HEIGHT - height - 6, 1),
                show_label=index % every == 0,
                show_value=count <= MAX_VALUES,
            )
        )
    return Chart(title, description, WIDTH, PLOT_HEIGHT + 30, bars, PLOT_HEIGHT)
