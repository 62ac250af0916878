"""/briefing: the wall screen. Slides are rendered once; rotation, pause, refresh and recovery
run in the browser (assets/briefing.js), so the wall keeps going while the server is away."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import dash
import pandas as pd
from dash import html

from dashboard import derived, figures, formatting, headlines, i18n, ids, memo, settings, state
from dashboard.components import cached_layout, graph, plain, title
from dashboard.i18n import t
from dashboard.labels import entity_label
from dashboard.query import Filters, world_total
from dashboard.store import NCMEC_REPORTS, Store
from dashboard.theme import WALL
from dashboard.wall import SLIDE_NAMES, parse_interval, parse_slides

dash.register_page(__name__, path="/briefing", name="Briefing", title=title("wall.title"))

RELOAD_AFTER_S = 4 * 3600  # bounds browser memory on a screen that runs for days
STATIC = {"staticPlot": True, "displayModeBar": False, "responsive": False}  # its own size


def health_poll_s() -> int:
    return settings.get("DASHBOARD_HEALTH_POLL_SECONDS")


def _as_of(row: dict, lang: str, today: dt.date | None = None) -> list:
    """'as of 24 March 2022' (a year's figure: '2023'), and a visible mark when the figure
    is more than two years old, so an old figure never reads as current."""
    end, precision = row["period_end"], row.get("end_precision", "day")
    parts = []
    if not row.get("calendar_year"):  # a year's figure already reads as its year
        when = formatting.as_of(end, precision, lang)
        key = "wall.as_of_figure" if precision == "day" else "wall.as_of_in"
        parts.append(html.P(t(key, lang, when=when), className="wall-asof"))
    years = formatting.age_in_years(end, today)
    if years:
        parts.append(html.P(t("wall.stale", lang, years=years), className="wall-stale"))
    return parts


def _headline(value_text: str, label: str, period: str, row: dict | None, caveat: str = "",
              lang: str = i18n.DEFAULT):
    parts = [html.P(value_text, className="wall-number"),
             html.P(label, className="wall-label"),
             html.P(period, className="wall-period")]
    if row is not None:
        parts += _as_of(row, lang)
    if caveat:
        parts.append(html.P(caveat, className="wall-caveat"))
    if row is not None:
        sec = t("wall.secondary", lang) if row.get("secondary") else ""
        publisher = formatting.short_publisher(i18n.source_text(row, "publisher", lang))
        title_ = i18n.source_text(row, "title", lang)
        parts.append(html.P(f"{t('source.prefix', lang)}{publisher}, {title_}{sec}",
                            className="wall-source", title=row["title"]))
    return html.Div(parts, className="wall-headline")


def _drawable(df: pd.DataFrame, column: str = "period_end") -> bool:
    """A chart needs at least two points that differ; one point or a flat pair is a card."""
    return df[column].nunique() > 1 and df["value"].nunique() > 1


def _chart(fig: dict, lang: str) -> html.Div:
    """A figure built with the WALL theme (its size and no legend come with it)."""
    return html.Div(graph(fig, lang, config=STATIC), className="wall-chart")


def _value(row: dict, lang: str) -> str:
    return formatting.qualified(row["value"], row["qualifier"], row["unit"], lang=lang)


def _ncmec_trend(store: Store, lang: str):
    head = headlines.ncmec(store)
    if head is None:
        return None
    row, prev = head.row, head.previous
    caveat = ""
    if prev is not None and not head.comparable:
        caveat = t("wall.not_comparable", lang, value=formatting.full(prev["value"], lang=lang),
                   year=prev["year"])
    return [_headline(_value(row, lang), t("wall.ncmec", lang, year=row["year"]),
                      t("wall.report_not_image", lang), row, caveat, lang),
            _chart(figures.line_chart(head.years, WALL, lang=lang), lang)]


def _latest_year_parts(store: Store, kind: str) -> pd.DataFrame:
    df = derived.chart_rows(store.query(Filters((NCMEC_REPORTS,))), store.companies).frame()
    df = df[(df["breakdown_kind"] == kind) & df["calendar_year"] & ~df["secondary"]]
    if df.empty:
        return df
    return df[df["year"] == df["year"].max()]


def _ncmec_ranked(store: Store, kind: str, lang: str):
    df = _latest_year_parts(store, kind)
    if df.empty:
        return None
    top = df.loc[df["value"].idxmax()].to_dict()
    geo = top[i18n.localized("geography_name", lang)]
    name = geo if kind == "country" else entity_label(top["entity"], top["company"], lang)
    key = "countries" if kind == "country" else "companies"
    return [_headline(_value(top, lang), t(f"wall.{key}", lang, name=name),
                      t(f"wall.most_{kind}", lang, year=top["year"]), top,
                      t(f"wall.{key}_caveat", lang), lang),
            _chart(figures.ranked_bars(df, WALL, lang=lang), lang)]


def _ncmec_countries(store: Store, lang: str):
    return _ncmec_ranked(store, "country", lang)


def _ncmec_companies(store: Store, lang: str):
    return _ncmec_ranked(store, "company", lang)


def _drawn_on_the_wall(df: pd.DataFrame) -> pd.DataFrame:
    """The wall has no hover to explain a secondary source, so its charts draw primary
    figures, and a secondary one only where no primary figure is as recent: the headline
    (the latest figure, whatever its kind) is then always among the points drawn."""
    primary = df.loc[~df["secondary"], "period_end"]
    newest = primary.max() if len(primary) else pd.Timestamp.min
    return df[~df["secondary"] | (df["period_end"] > newest)]


def _cumulative(store: Store, indicator: str, label: str, caveat: str, lang: str):
    head = store.latest(indicator)
    if head is None:
        return None
    row = head.row
    df = _drawn_on_the_wall(store.query(world_total(indicator)))
    period = formatting.period(row["period_start"], row["period_end"], lang,
                              row["end_precision"])
    card = _headline(_value(row, lang), label, period, row, caveat, lang)
    if not _drawable(df):
        return [card]
    return [card, _chart(figures.step_chart(df, WALL, lang=lang), lang)]


def _arachnid(store: Store, lang: str):
    return _cumulative(store, "arachnid_notifications", t("wall.arachnid", lang),
                       t("wall.arachnid_caveat", lang), lang)


def _arachnid_removals(store: Store, lang: str):
    return _cumulative(store, "arachnid_removals", t("wall.removals", lang), "", lang)


def _inhope(store: Store, lang: str):
    return _cumulative(store, "inhope_records", t("wall.inhope", lang),
                       t("wall.inhope_caveat", lang), lang)


def _endorsements(store: Store, lang: str):
    return _cumulative(store, "vp_endorsing_companies", t("wall.endorsements", lang),
                       t("wall.endorsements_caveat", lang), lang)


SLIDES: dict[str, Callable[[Store, str], list | None]] = {
    "ncmec-trend": _ncmec_trend,
    "ncmec-countries": _ncmec_countries,
    "ncmec-companies": _ncmec_companies,
    "arachnid": _arachnid,
    "arachnid-removals": _arachnid_removals,
    "endorsements": _endorsements,
    "inhope": _inhope,
}
assert tuple(SLIDES) == SLIDE_NAMES, "dashboard.wall.SLIDE_NAMES lists the slides"


def layout(**params) -> dict:
    """Built once per (interval, slides, language, data version, day), as the plain tree Dash
    sends: every wall showing the same address is served from the cache."""
    store = state.store()  # one snapshot for the whole page
    lang = i18n.lang_of(params.get("lang"))
    interval = parse_interval(params.get("interval"))
    slides = tuple(parse_slides(params.get("slides")))
    try:
        return cached_layout("/briefing", (interval, slides, lang),
                             lambda s: _page(s, interval, slides, lang), store)
    except _LeftOut as exc:  # this visit's page, never kept: the next visit tries again
        memo.impure()
        return exc.page


class _LeftOut(Exception):
    """A slide failed and was left out of `page` (so the page is not one to keep)."""

    def __init__(self, page):
        super().__init__("a slide was left out")
        self.page = page


def _page(store, interval: int, slides: tuple[str, ...], lang: str) -> html.Div:
    sections, failed = [], False
    for name in slides:
        try:
            content = SLIDES[name](store, lang)
        except Exception:  # a wall never shows an error: a broken slide is left out
            content, failed = None, True
        if content:
            cls = "slide active" if not sections else "slide"
            sections.append(html.Section(content, className=cls, **{"data-slide": name}))
    page = html.Div([
        html.H1(t("wall.h1", lang), className="visually-hidden"),
        html.Div(sections, className="slides"),
        html.Div(html.Span(className="progress-bar"), className="progress",
                 **{"aria-hidden": "true"}),
        html.Footer([
            html.Span(t("wall.as_of", lang, as_of=formatting.date_text(store.as_of(), lang))),
            html.Span([t("wall.last_refresh", lang), html.Time("–", className="last-refresh")]),
            html.Span(t("wall.paused", lang), className="paused-mark"),
            html.Span(t("wall.reconnecting", lang), className="offline-mark"),
        ], className="wall-footer"),
    ], id=ids.BRIEFING, className="briefing", lang=lang, role="main", **{
        "data-interval": str(interval * 1000),
        "data-version": store.version,
        "data-health": str(health_poll_s() * 1000),
        "data-reload": str(RELOAD_AFTER_S * 1000),
    })
    if failed:
        raise _LeftOut(plain(page))
    return page
