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
    secondary_opacity: float = 0.55


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
    line_width=6, marker_size=16, margin=(140, 60, 40, 90), top_n=10, sequential="Cividis",
)
