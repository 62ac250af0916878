"""Every visual constant in one place: a theme for the analyst's desk and one for the wall."""

from __future__ import annotations

from dataclasses import dataclass

# Okabe-Ito: distinguishable with the common colour-vision deficiencies.
OKABE_ITO = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#F0E442",
             "#000000")
FONT_STACK = ("system-ui, -apple-system, 'Segoe UI', Roboto, 'Noto Sans', 'DejaVu Sans', "
              "'Helvetica Neue', Arial, sans-serif")


@dataclass(frozen=True)
class Theme:
    name: str
    font_size: int
    title_size: int
    tick_size: int
    text: str
    muted: str
    background: str
    plot_background: str
    grid: str
    palette: tuple[str, ...]
    line_width: float
    marker_size: int
    margin: tuple[int, int, int, int]  # left, right, top, bottom
    top_n: int
    sequential: str  # a colorscale for maps
    font_family: str = FONT_STACK  # the page's own stack (--font in style.css): no web fonts
    # The size figures are built at, in px (width, height); None: a figure fills its box.
    figure_size: tuple[int, int] | None = None
    legend: bool = True  # False: no figure draws a legend
    chart_height: int = 480  # the explorer's chart box, in px
    table_height: int = 560  # the explorer's table, in px
    # Ranked bars that fill their box grow with their bars: at least, per bar, plus (px).
    bars_height: tuple[int, int, int] = (360, 34, 140)
    spark_height: int = 140  # a headline card's trend, in px
    spark_margin: tuple[int, int, int, int] = (44, 8, 8, 24)  # left, right, top, bottom
    map_side_margin: int = 8  # px left and right of the map
    title_standoff: int = 15  # px between an axis and its title
    legend_y: float = -0.12  # the legend's top, below the plot (a fraction of its height)
    emphasis: int = 4  # px a mark drawn over a series is larger (another source, a milestone)
    dated_point: int = 2  # px a dated point (step chart) is larger than a line's marker
    outline_width: float = 2  # the outline of another source's open marker
    border_width: float = 0.3  # country borders on the map


DESK = Theme(
    name="desk", font_size=14, title_size=18, tick_size=13, text="#1b1f24", muted="#57606a",
    background="#ffffff", plot_background="#ffffff", grid="#e4e7eb", palette=OKABE_ITO,
    line_width=2.5, marker_size=7, margin=(64, 24, 56, 48), top_n=15, sequential="Cividis",
)

WALL = Theme(
    name="wall", font_size=30, title_size=40, tick_size=28, text="#ffffff", muted="#d0d7de",
    background="#0b1622", plot_background="#0b1622", grid="#2a3a4c",
    palette=("#56B4E9", "#E69F00", "#009E73", "#F0E442", "#CC79A7", "#D55E00", "#0072B2",
             "#ffffff"),
    line_width=6, marker_size=16, margin=(140, 60, 40, 90), top_n=6, sequential="Cividis",
    # Drawn on a 1920x1080 canvas scaled to the screen (briefing.js): .wall-chart in style.css.
    figure_size=(1760, 420), legend=False,
)
