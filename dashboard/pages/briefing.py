"""/briefing: the wall screen. Slides are rendered once; rotation, pause, refresh and recovery
run in the browser (assets/briefing.js), so the wall keeps going while the server is away."""

from __future__ import annotations

import os
from collections.abc import Callable

import dash
import pandas as pd
from dash import html

from dashboard import figures, formatting, ids, state
from dashboard.components import graph
from dashboard.query import Filters
from dashboard.store import NCMEC_REPORTS, Store, breakdown_label
from dashboard.theme import WALL
from dashboard.wall import SLIDE_NAMES, parse_interval, parse_slides

dash.register_page(__name__, path="/briefing", name="Briefing", title="Briefing wall")

RELOAD_AFTER_S = 4 * 3600  # bounds browser memory on a screen that runs for days
# The wall is drawn on a 1920x1080 canvas and scaled to the screen (see briefing.js).
CHART_SIZE = {"width": 1760, "height": 480}
STATIC = {"staticPlot": True, "displayModeBar": False}


def health_poll_s() -> int:
    try:
        return max(1, int(os.environ.get("DASHBOARD_HEALTH_POLL_SECONDS", "30")))
    except ValueError:
        return 30


def _headline(value_text: str, label: str, period: str, row: dict | None, caveat: str = ""):
    parts = [html.P(value_text, className="wall-number"),
             html.P(label, className="wall-label"),
             html.P(period, className="wall-period")]
    if caveat:
        parts.append(html.P(caveat, className="wall-caveat"))
    if row is not None:
        sec = " (secondary source)" if row.get("secondary") else ""
        publisher = formatting.short_publisher(row["publisher"])
        parts.append(html.P(f"Source: {publisher}, {row['title']}{sec}",
                            className="wall-source", title=row["title"]))
    return html.Div(parts, className="wall-headline")


def _chart(fig) -> html.Div:
    fig.update_layout(**CHART_SIZE, showlegend=False, title=None)
    return html.Div(graph(fig, config=STATIC), className="wall-chart")


def _ncmec_trend(store: Store):
    head = store.ncmec_headline()
    if head is None:
        return None
    row, prev = head.row, head.previous
    caveat = ""
    if prev and figures.crosses_counting_break(prev["year"], row["year"]):
        caveat = (f"Counted differently from 2024: not comparable with "
                  f"{formatting.full(prev['value'])} in {prev['year']}.")
    years = store.yearly_totals(NCMEC_REPORTS)
    return [_headline(formatting.qualified(row["value"], row["qualifier"], row["unit"]),
                      f"reports to NCMEC's CyberTipline in {row['year']}",
                      "A report is not an image or a victim.", row, caveat),
            _chart(figures.line_chart(years, WALL))]


def _latest_year_parts(store: Store, kind: str) -> pd.DataFrame:
    df = store.query(Filters((NCMEC_REPORTS,)))
    df = df[(df["breakdown_kind"] == kind) & df["calendar_year"] & ~df["secondary"]]
    if df.empty:
        return df
    return df[df["year"] == df["year"].max()]


def _ncmec_ranked(store: Store, kind: str, label: str, caveat: str):
    df = _latest_year_parts(store, kind)
    if df.empty:
        return None
    top = df.loc[df["value"].idxmax()].to_dict()
    name = top["geography_name"] if kind == "country" else breakdown_label(top["breakdown"])
    return [_headline(formatting.qualified(top["value"], top["qualifier"], top["unit"]),
                      f"{label} {name}", f"{top['year']}, the most of any {kind}", top,
                      caveat),
            _chart(figures.ranked_bars(df, WALL))]


def _ncmec_countries(store: Store):
    return _ncmec_ranked(store, "country", "reports to NCMEC about users located in",
                         "Country is the reported user's apparent location, not a measure "
                         "of abuse in that country.")


def _ncmec_companies(store: Store):
    return _ncmec_ranked(store, "company", "reports to NCMEC from",
                         "Counts by company reflect how much each company detects and reports.")


def _cumulative(store: Store, indicator: str, label: str, caveat: str):
    head = store.latest(indicator)
    if head is None:
        return None
    row = head.row
    df = store.query(Filters((indicator,), geographies=("WLD",), breakdowns=("total",)))
    df = df[~df["secondary"]]  # the wall has no hover to explain a secondary source's marker
    period = formatting.period(row["period_start"], row["period_end"])
    return [_headline(formatting.qualified(row["value"], row["qualifier"], row["unit"]), label,
                      period, row, caveat),
            _chart(figures.step_chart(df, WALL))]


def _arachnid(store: Store):
    return _cumulative(store, "arachnid_notifications",
                       "removal notices sent by Project Arachnid since 2017",
                       "A notice is re-sent every 24 hours until removal: notices are not "
                       "distinct images.")


def _arachnid_removals(store: Store):
    return _cumulative(store, "arachnid_removals",
                       "images and videos removed after Project Arachnid's notices", "")


def _endorsements(store: Store):
    return _cumulative(store, "vp_endorsing_companies",
                       "companies endorse the Voluntary Principles",
                       "Endorsing the Principles does not mean having implemented them.")


SLIDES: dict[str, Callable[[Store], list | None]] = {
    "ncmec-trend": _ncmec_trend,
    "ncmec-countries": _ncmec_countries,
    "ncmec-companies": _ncmec_companies,
    "arachnid": _arachnid,
    "arachnid-removals": _arachnid_removals,
    "endorsements": _endorsements,
}
assert tuple(SLIDES) == SLIDE_NAMES, "dashboard.wall.SLIDE_NAMES lists the slides"


def layout(**params) -> html.Div:
    store = state.store()
    interval = parse_interval(params.get("interval"))
    sections = []
    for name in parse_slides(params.get("slides")):
        try:
            content = SLIDES[name](store)
        except Exception:  # a wall never shows an error: a broken slide is left out
            content = None
        if content:
            cls = "slide active" if not sections else "slide"
            sections.append(html.Section(content, className=cls, **{"data-slide": name}))
    return html.Div([
        html.Div(sections, className="slides"),
        html.Div(html.Span(className="progress-bar"), className="progress",
                 **{"aria-hidden": "true"}),
        html.Footer([
            html.Span(f"Data as of {store.as_of()} · version {store.version}"),
            html.Span(["Last refresh ", html.Time("–", className="last-refresh")]),
            html.Span("Paused", className="paused-mark"),
            html.Span("Reconnecting…", className="offline-mark"),
        ], className="wall-footer"),
    ], id=ids.BRIEFING, className="briefing", **{
        "data-interval": str(interval * 1000),
        "data-version": store.version,
        "data-health": str(health_poll_s() * 1000),
        "data-reload": str(RELOAD_AFTER_S * 1000),
    })
