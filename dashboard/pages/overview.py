"""/ : the headline figures as cards, each with its period, source and a link to its data."""

from __future__ import annotations

import dash
from dash import html

from dashboard import figures, formatting, headlines, i18n, ids
from dashboard.components import cached_layout, explore_href, frame, graph, source_line, title
from dashboard.i18n import t
from dashboard.query import Filters, world_total
from dashboard.store import NCMEC_REPORTS

dash.register_page(__name__, path="/", name="Overview", title=title("overview.title"))

CARDS = ("arachnid_notifications", "arachnid_removals", "vp_endorsing_companies",
         "inhope_records")
CARE = ("report", "bundling", "company", "arachnid")


def _card(label: str, row: dict, href: str, lang: str, extra=None,
          trend=None) -> html.Article:
    value = formatting.qualified(row["value"], row["qualifier"], row["unit"], lang=lang)
    exact = formatting.qualified(row["value"], row["qualifier"], row["unit"], short=False,
                                 lang=lang)
    body = [
        html.H2(label, className="card-label"),
        html.P(value, className="card-value", title=exact),
        html.P([f"{exact} {formatting.unit_label(row['unit'], lang)} · ",
                formatting.period(row["period_start"], row["period_end"], lang,
                              row["end_precision"])],
               className="card-period"),
    ]
    years = formatting.age_in_years(row["period_end"])
    if years:
        body.append(html.P(t("overview.stale", lang, years=years), className="card-stale"))
    if extra:
        body.append(extra)
    if trend is not None:
        body.append(trend)
    body += [html.P(source_line(row, lang)),
             html.A(t("overview.card.link", lang), href=href, className="card-link")]
    return html.Article(body, className="card")


def _ncmec_change(head: headlines.NcmecHeadline, lang: str) -> html.P | None:
    """The change on the year before, or why there is none (the counting break)."""
    prev = head.previous
    if prev is None:
        return None
    value = formatting.full(prev["value"], lang=lang)
    if not head.comparable:
        return html.P(t("overview.card.not_comparable", lang, year=prev["year"], value=value),
                      className="card-change")
    return html.P(t("overview.card.change", lang, change=formatting.change(head.change, lang),
                    year=prev["year"], value=value), className="card-change")


def _ncmec_card(store, lang: str) -> html.Article | None:
    head = headlines.ncmec(store)
    if head is None:
        return None
    row, years = head.row, head.years
    name = row[i18n.localized("indicator_name", lang)]
    # The card states the figure in text; the small trend is a picture of it, described.
    trend = html.Div(graph(figures.sparkline(years, lang=lang), lang, className="card-trend",
                           config={"displayModeBar": False, "responsive": False}),
                     role="img", **{"aria-label": t("overview.trend_label", lang, name=name,
                                                    first=int(years["year"].min()),
                                                    last=int(years["year"].max()))})
    return _card(t("overview.card.ncmec", lang, year=row["year"]), row,
                 explore_href(world_total(NCMEC_REPORTS), lang), lang,
                 _ncmec_change(head, lang), trend)


def layout(**params) -> dict:
    """Built once per (language, data version, day) and served from the cache."""
    lang = i18n.lang_of(params.get("lang"))
    return cached_layout("/", lang, lambda store: _page(store, lang))


def _page(store, lang: str) -> html.Div:
    cards = [_ncmec_card(store, lang)]
    for indicator in CARDS:
        head = store.latest(indicator)
        if head is not None:
            cards.append(_card(t(f"overview.card.{indicator}", lang), head.row,
                               explore_href(Filters(indicators=(indicator,)), lang), lang))
    return frame(lang, "/", [
        html.H1(t("overview.h1", lang)),
        html.P(t("overview.lead", lang), className="lead"),
        html.Div([c for c in cards if c is not None], id=ids.OVERVIEW_CARDS, className="cards"),
        html.Aside([
            html.H2(t("overview.care.h2", lang)),
            html.Ul([html.Li(t(f"overview.care.{k}", lang)) for k in CARE]),
        ], className="caveats", **{"aria-label": t("overview.care.h2", lang)}),
    ], store=store)
