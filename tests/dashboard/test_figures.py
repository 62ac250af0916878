"""Figure functions are pure: a frame in, a figure out, with the chart that fits the data."""

import dataclasses
import json
import re

import pandas as pd
import plotly.graph_objects as go
import pytest

from dashboard import figures, formatting, headlines
from dashboard.query import Filters
from dashboard.store import NCMEC_REPORTS
from dashboard.theme import DESK, WALL
from tests.dashboard.frames import frame, row


@pytest.mark.parametrize(
    ("filters", "geo_count", "kind", "scope"),
    [
        (Filters((NCMEC_REPORTS,), 2019, 2023, ("CAN", "PHL")), 2, "line", ""),
        (Filters((NCMEC_REPORTS,), 2023, 2023), 0, "map", "countries"),
        (Filters((NCMEC_REPORTS,), 2022, 2022, ("WLD",)), 1, "bars", "companies"),
        (Filters((NCMEC_REPORTS,), None, None, ("WLD",), ("total",)), 1, "line", ""),
        (Filters(("arachnid_notifications",)), 0, "step", ""),
        (Filters(("no_such",)), 0, "empty", ""),
    ],
    ids=["two-countries", "by-country", "by-company", "world-series", "cumulative", "empty"],
)
def test_the_chart_follows_the_data(store, filters, geo_count, kind, scope):
    plan = figures.plan(store.query(filters), geo_count)
    assert (plan.kind, plan.scope) == (kind, scope)


def test_a_chart_never_mixes_companies_with_countries(store):
    df = store.query(Filters((NCMEC_REPORTS,), 2022, 2022))
    plan = figures.plan(df)
    assert set(plan.frame["breakdown_kind"]) == {"country"}


def hover_texts(trace: dict) -> list[str]:
    """Each point's hover as plotly renders it: the template with the point's data filled in."""
    out = []
    for i, custom in enumerate(trace["customdata"]):
        text = re.sub(r"%\{customdata\[(\d+)\]\}", lambda m, c=custom: str(c[int(m.group(1))]),
                      trace["hovertemplate"])
        text = text.replace("%{x}", str(trace["x"][i])).replace("%{y}", str(trace["y"][i]))
        out.append(re.sub(r"<extra>.*?</extra>", "", text))
    return out


TWO_COUNTRIES = frame([row(y, v, geography=g, geography_name=n) for g, n, values in (
    ("CAN", "Canada", {2019: 1_111_111, 2020: 2_222_222, 2021: 3_456_789}),
    ("PHL", "Philippines", {2019: 40_000, 2020: 50_000, 2021: 60_000}))
    for y, v in values.items()])


def test_line_chart_has_one_trace_per_series_and_exact_hover():
    fig = figures.build(TWO_COUNTRIES, geographies_filtered=2)
    assert [t["name"] for t in fig["data"]] == ["Canada", "Philippines"]
    can, phl = fig["data"]
    assert (can["x"], can["y"]) == ([2019, 2020, 2021], [1_111_111, 2_222_222, 3_456_789])
    assert phl["y"] == [40_000, 50_000, 60_000]
    for trace in fig["data"]:  # every point's hover states its own exact figure and year
        for x, y, text in zip(trace["x"], trace["y"], hover_texts(trace), strict=True):
            assert f"<b>{y:,.0f}</b> reports" in text and str(x) in text.split("<br>"), text
    hover = hover_texts(can)[2].split("<br>")
    assert hover[:3] == ["<b>3,456,789</b> reports", "2021", "Test Publisher: Test Title"]
    assert "Secondary source" not in hover_texts(can)[2]


def test_disagreeing_sources_are_both_shown(store):
    df = store.query(Filters((NCMEC_REPORTS,), 1998, 1998, ("WLD",), ("total",)))
    assert sorted(df["value"]) == [2772, 4560]
    fig = figures.line_chart(df)
    drawn = {v for t in fig["data"] for v in t["y"]}
    assert drawn == {2772, 4560}
    assert any(t["name"] == "Value given by another source" for t in fig["data"])


def test_the_2024_counting_change_is_marked_on_ncmec_series(store):
    df = store.yearly_totals(NCMEC_REPORTS)
    fig = figures.line_chart(df)
    assert any(s["x0"] == 2023.5 for s in fig["layout"]["shapes"])
    assert any("Counting rules changed in 2024" in a["text"] for a in fig["layout"]["annotations"])
    ncmec = fig["data"][0]
    gap = ncmec["x"].index(2023.5)  # the line breaks between the two counting rules
    assert ncmec["y"][gap] is None and ncmec["customdata"][gap] == ["", "", "", ""]
    assert headlines.crosses_break(2024, 2023, 2024)
    assert not headlines.crosses_break(2024, 2022, 2023)
    assert not headlines.crosses_break(0, 2022, 2024)


def test_no_change_is_computed_across_the_counting_break(store):
    """The one rule the card, the wall and the chart share: 2024 against 2023 is no change."""
    head = headlines.ncmec(store)
    assert head.row["year"] == 2024 and head.previous["year"] == 2023
    assert not head.comparable and head.change is None
    same_rules = dataclasses.replace(head, row={**head.row, "series_break": 0})
    assert same_rules.comparable
    assert same_rules.change == head.row["value"] / head.previous["value"] - 1


def test_a_series_break_comes_from_the_data_not_from_the_indicator_name(store):
    """Breaks are rows of data/series_breaks.csv: without one, no gap, whatever the id."""
    df = store.yearly_totals(NCMEC_REPORTS).assign(series_break=0)
    fig = figures.line_chart(df)
    assert None not in fig["data"][0]["y"] and not fig["layout"].get("shapes")
    other = df.assign(indicator_id="iwf_reports_assessed", series_break=2020)
    gapped = figures.line_chart(other)["data"][0]
    assert 2019.5 in gapped["x"] and 2023.5 not in gapped["x"]


def test_ranked_bars_show_the_top_n_largest_first():
    values = [7, 19, 3, 12, 1, 16, 5, 20, 9, 14, 2, 18, 11, 6, 15, 4, 13, 8, 17, 10]
    df = frame([row(2021, v * 1000, breakdown=f"Company {v} Inc.", company_id=f"c{v}",
                    company=f"Company {v}") for v in values])
    assert figures.plan(df, 1).kind == "bars"
    bars = figures.build(df, geographies_filtered=1)["data"][0]
    largest = sorted(values)[-DESK.top_n:]  # drawn bottom to top: the largest on top
    assert bars["y"] == [f"Company {v}" for v in largest]
    assert bars["x"] == [v * 1000 for v in largest]
    assert bars["text"][-1] == "20,000"
    assert hover_texts(bars)[-1].startswith("<b>20,000</b> reports · Company 20")


def test_world_map_draws_only_iso_codes_and_reads_shapes_locally(store):
    df = store.query(Filters((NCMEC_REPORTS,), 2022, 2022))
    fig = figures.build(df)
    drawn = set(fig["data"][0]["locations"])
    assert "IND" in drawn and "XNU" not in drawn and "XKX" not in drawn


def test_wall_theme_changes_type_size_not_content(store):
    df = store.yearly_totals(NCMEC_REPORTS)
    desk, wall = figures.line_chart(df, DESK), figures.line_chart(df, WALL)
    assert wall["layout"]["font"]["size"] > desk["layout"]["font"]["size"]
    assert wall["data"][0]["y"] == desk["data"][0]["y"]


def test_empty_selection_gives_a_message_not_an_error():
    fig = figures.build(pd.DataFrame(columns=["breakdown_kind"]))
    assert fig["layout"]["annotations"][0]["text"] == "No figures match these filters."
    assert fig["data"] == []


@pytest.mark.parametrize(
    ("value", "qualifier", "unit", "short", "text"),
    [
        (11_000_000, "at_least", "notifications", True, "11M+"),
        (100, "approx", "countries", True, "~100"),
        (36_210_368, "exact", "reports", True, "36.2M"),
        (29_397_681, "exact", "reports", False, "29,397,681"),
        (6_000_000, "approx", "images_videos", False, "about 6,000,000"),
        (67.1, "exact", "percent", True, "67.1%"),
        (1_000, "at_least", "companies", True, "1,000+"),
    ],
)
def test_figures_show_their_qualifier_honestly(value, qualifier, unit, short, text):
    assert formatting.qualified(value, qualifier, unit, short) == text


def test_periods_read_as_years_or_windows():
    y = formatting.period(pd.Timestamp("2021-01-01"), pd.Timestamp("2021-12-31"))
    w = formatting.period(pd.Timestamp("2017-01-17"), pd.Timestamp("2022-03-24"))
    assert (y, w) == ("2021", "17 January 2017 to 24 March 2022")


KINDS = [
    Filters((NCMEC_REPORTS,), 2019, 2023, ("CAN", "PHL")),
    Filters((NCMEC_REPORTS,), 2023, 2023),
    Filters((NCMEC_REPORTS,), 2022, 2022, ("WLD",)),
    Filters((NCMEC_REPORTS,), None, None, ("WLD",), ("total",)),
    Filters((NCMEC_REPORTS,), 1998, 1998, ("WLD",), ("total",)),
    Filters(("arachnid_notifications",)),
    Filters(("no_such",)),
]


@pytest.mark.parametrize("theme", [DESK, WALL], ids=["desk", "wall"])
@pytest.mark.parametrize("lang", ["en", "fr"])
def test_every_figure_is_valid_against_plotlys_schema_and_plain_json(store, theme, lang):
    """The figures are plain dicts: plotly's validators (go.Figure) must accept every property,
    and the standard json module must encode them without help (no numpy, no timestamps)."""
    built = [figures.build(store.query(f), theme, "Title", store.events,
                           len(f.geographies), lang) for f in KINDS]
    built += [figures.sparkline(store.yearly_totals(NCMEC_REPORTS), theme, lang),
              figures.empty(theme, lang=lang)]
    kinds = set()
    for fig in built:
        go.Figure(fig)  # raises ValueError naming any invalid property or value
        json.dumps(fig, allow_nan=False)
        kinds |= {t["type"] for t in fig["data"]}
        assert "template" not in fig["layout"]  # the look is stated, not sent as a template
    assert kinds == {"scatter", "bar", "choropleth"}


def test_step_chart_draws_at_most_max_lines_largest_series(store):
    df = store.query(Filters(("arachnid_notifications",)))
    many = pd.concat([df.assign(breakdown=f"part:{i}", entity=f"part:{i}",
                                value=df["value"] * (i + 1))
                      for i in range(figures.MAX_LINES + 3)], ignore_index=True)
    fig = figures.step_chart(many)
    names = [t["name"] for t in fig["data"] if t.get("showlegend", True)]
    assert len(names) == figures.MAX_LINES
    largest = [f"Part: {i}" for i in range(figures.MAX_LINES + 2, 2, -1)]
    assert sorted(names) == sorted(largest)


def test_an_as_of_known_only_to_the_year_or_month_is_drawn_within_it_not_at_its_end():
    """C3P dates its eight-year release to 2025 only: stored as 31 December, it is drawn in
    mid-2025 with the whole year as its span, and its hover says '2025'."""
    start = pd.Timestamp("2017-01-17")
    df = frame([
        row(2022, 1000, period_start=start, period_end=pd.Timestamp("2022-03-24"),
            calendar_year=False, source_id="a"),
        row(2025, 1500, period_start=start, period_end=pd.Timestamp("2025-12-31"),
            end_precision="year", calendar_year=False, source_id="b"),
        row(2021, 900, period_start=start, period_end=pd.Timestamp("2021-02-28"),
            end_precision="month", calendar_year=False, source_id="c"),
    ])
    fig = figures.step_chart(df)
    points, spans = fig["data"]
    assert [x for x in points["x"] if x] == ["2021-02-14", "2022-03-24", "2025-07-02"]
    assert [c[1] for c in points["customdata"] if c[1]] == [
        "17 January 2017 to February 2021", "17 January 2017 to 24 March 2022",
        "17 January 2017 to 2025"]
    assert spans["x"] == ["2021-02-01", "2021-02-28", None, "2025-01-01", "2025-12-31", None]
    assert spans["y"] == [900, 900, None, 1500, 1500, None]
    assert spans["showlegend"] is False and fig["layout"]["showlegend"] is False


def test_hover_periods_are_formatted_per_column_as_per_value():
    starts = pd.Series(pd.to_datetime(["2021-01-01", "2017-01-17", "2021-01-01"]))
    ends = pd.Series(pd.to_datetime(["2021-12-31", "2022-03-24", "2021-12-31"]))
    assert formatting.periods(starts, ends, "fr") == [
        formatting.period(s, e, "fr") for s, e in zip(starts, ends, strict=True)]
    assert formatting.periods(starts, ends)[:2] == ["2021", "17 January 2017 to 24 March 2022"]


def test_a_view_computed_here_says_what_it_shows_on_its_axis_and_in_its_hover():
    from dashboard import derived

    rows = frame([row(2021, 100), row(2022, 150), row(2023, 120)])
    change = derived.derive(rows, "change_pct").rows
    fig = figures.build(change, DESK, "", lang="en")
    assert fig["layout"]["yaxis"]["title"]["text"] == "Change on the previous year (%)"
    hovers = [c[0] for c in fig["data"][0]["customdata"]]
    assert "Computed here: change on 2021" in hovers[0] and hovers[0].startswith("<b>+50%</b><br>")
    assert hovers[1].startswith("<b>\u221220%</b>")
    index = derived.derive(rows, "index").rows
    fr = figures.build(index, DESK, "", lang="fr")
    assert fr["layout"]["yaxis"]["title"]["text"] == "Indice (année de base = 100)"


@pytest.mark.parametrize(("year_from", "axis"), [(2019, "yaxis"), (2022, "xaxis")],
                         ids=["line", "bars"])
def test_the_log_scale_goes_on_the_value_axis(store, year_from, axis):
    df = store.query(Filters((NCMEC_REPORTS,), year_from, 2022, ("WLD",)))
    df = df[df["preferred"]]
    fig = figures.draw(figures.plan(df), DESK, "", lang="en", scale="log")
    assert fig["layout"][axis]["type"] == "log" and "rangemode" not in fig["layout"][axis]
    linear = figures.draw(figures.plan(df), DESK, "", lang="en")
    assert linear["layout"][axis].get("type") != "log"
