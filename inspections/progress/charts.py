"""Server-drawn SVG bar charts: one bar per district or belt, stacked by project status.

Only the geometry is computed here; ``inspections/progress/chart.html`` draws it,
and the table printed with each chart is its accessible source.
"""

from dataclasses import dataclass

from django.utils.text import Truncator

from sites.choices import ProjectStatus

# Colours distinguishable in greyscale print as well as on screen.
STATUS_COLOURS = {
    ProjectStatus.COMPLETED: "#1a7f37",
    ProjectStatus.IN_PROGRESS: "#0969da",
    ProjectStatus.PLANNED: "#8c959f",
    ProjectStatus.DELAYED: "#bc4c00",
    ProjectStatus.SUSPENDED: "#57606a",
}
WIDTH = 640
LABEL_WIDTH = 170
BAR_AREA = 360
BAR_HEIGHT = 18
ROW_HEIGHT = 26
LEGEND_HEIGHT = 30


@dataclass(frozen=True)
class Segment:
    x: float
    width: float
    colour: str
    label: str
    count: int


@dataclass(frozen=True)
class Bar:
    label: str
    y: int
    text_y: int
    segments: list[Segment]
    end_x: float
    total: int
    progress: float | None


@dataclass(frozen=True)
class LegendItem:
    x: int
    colour: str
    label: str


@dataclass(frozen=True)
class Chart:
    id: str
    title: str
    description: str
    width: int
    height: int
    label_width: int
    legend_y: int
    bars: list[Bar]
    legend: list[LegendItem]


def stacked_bars(rows, *, chart_id: str, title: str, description: str) -> Chart:
    """A chart of ``rows`` (``selectors.Row``): bar length = projects, segments = projects per status."""
    largest = max((row.figures.projects for row in rows), default=0) or 1
    scale = BAR_AREA / largest
    bars = []
    for index, row in enumerate(rows):
        y = LEGEND_HEIGHT + index * ROW_HEIGHT
        x = float(LABEL_WIDTH)
        segments = []
        for status, label in ProjectStatus.choices:
            count = row.figures.projects_by_status[status]
            if count:
                segments.append(Segment(x, count * scale, STATUS_COLOURS[status], str(label), count))
                x += count * scale
        bars.append(
            Bar(
                label=Truncator(str(row.record)).chars(12),
                y=y,
                text_y=y + BAR_HEIGHT - 5,
                segments=segments,
                end_x=x + 6,
                total=row.figures.projects,
                progress=row.figures.progress,
            )
        )
    legend = [
        LegendItem(LABEL_WIDTH + index * 90, STATUS_COLOURS[status], str(label))
        for index, (status, label) in enumerate(ProjectStatus.choices)
    ]
    return Chart(
        id=chart_id,
        title=title,
        description=description,
        width=WIDTH,
        height=LEGEND_HEIGHT + max(len(rows), 1) * ROW_HEIGHT,
        label_width=LABEL_WIDTH,
        legend_y=4,
        bars=bars,
        legend=legend,
    )
