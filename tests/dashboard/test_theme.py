"""The theme carries every look the figures take: the wall's figures come out at the wall's
size, the desk's fill their box, and both speak the page's font stack."""

import pytest

from dashboard import figures
from dashboard.query import Filters
from dashboard.store import NCMEC_REPORTS
from dashboard.theme import DESK, FONT_STACK, WALL

KINDS = [Filters((NCMEC_REPORTS,), None, None, ("WLD",), ("total",)),  # line
         Filters((NCMEC_REPORTS,), 2022, 2022, ("WLD",)),  # bars
         Filters((NCMEC_REPORTS,), 2023, 2023),  # map
         Filters(("arachnid_notifications",))]  # step


def _figures(store, theme):
    built = [figures.build(store.query(f), theme, "", lang="en") for f in KINDS]
    return built + [figures.empty(theme)]


def test_wall_figures_are_built_at_the_walls_size_without_a_legend(store):
    width, height = WALL.figure_size
    for fig in _figures(store, WALL):
        layout = fig["layout"]
        assert (layout["width"], layout["height"]) == (width, height), layout.get("title")
        assert layout["showlegend"] is False


def test_desk_figures_fill_their_box_and_bars_grow_with_their_number(store):
    line, bars, chart_map, step, empty = _figures(store, DESK)
    for fig in (line, chart_map, step, empty):
        assert "width" not in fig["layout"] and "height" not in fig["layout"]
    for fig in (line, chart_map, empty):
        assert "showlegend" not in fig["layout"]  # plotly decides: one series, no legend
    # Arachnid's 2019 notices are dated to the year only: drawn with a span (a trace of its
    # own), so the step chart says itself whether there is more than one series to name.
    series = [t for t in step["data"] if t.get("showlegend", True)]
    assert step["layout"]["showlegend"] is (len(series) > 1)
    least, per_bar, extra = DESK.bars_height
    shown = len(bars["data"][0]["y"])
    assert bars["layout"]["height"] == max(least, per_bar * shown + extra)


@pytest.mark.parametrize("theme", [DESK, WALL], ids=["desk", "wall"])
def test_figures_use_the_pages_font_stack(store, theme):
    assert theme.font_family == FONT_STACK
    for fig in _figures(store, theme):
        assert fig["layout"]["font"]["family"] == FONT_STACK
