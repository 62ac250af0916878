"""/ : the headline figures as cards, each with its period, source and a link to its data."""

from __future__ import annotations

import dash
from dash import html

from dashboard import figures, formatting, ids, state
from dashboard.components import explore_href, graph, source_line
from dashboard.query import Filters
from dashboard.store import NCMEC_REPORTS, Headline

dash.register_page(__name__, path="/", name="Overview", title="Overview · OCSE public figures")

CARDS = (
    # indicator, breakdown, label
    ("arachnid_notifications", "total", "Project Arachnid removal notifications sent"),
    ("arachnid_removals", "total", "Images and videos removed after Project Arachnid notices"),
    ("vp_endorsing_companies", "total", "Companies endorsing the Voluntary Principles"),
)


def _card(label: str, headline: Headline, href: str, extra=None, trend=None) -> html.Article:
    row = headline.row
    value = formatting.qualified(row["value"], row["qualifier"], row["unit"])
    exact = formatting.qualified(row["value"], row["qualifier"], row["unit"], short=False)
    body = [
        html.H2(label, className="card-label"),
        html.P(value, className="card-value", title=exact),
        html.P([f"{exact} {formatting.unit_label(row['unit'])} · ",
                formatting.period(row["period_start"], row["period_end"])],
               className="card-period"),
    ]
    if extra:
        body.append(extra)
    if trend is not None:
        body.append(trend)
    body += [html.P(source_line(row)), html.A("See the figures behind this →", href=href,
                                               className="card-link")]
    return html.Article(body, className="card")


def _ncmec_card() -> html.Article | None:
    store = state.store()
    head = store.ncmec_headline()
    if head is None:
        return None
    row = head.row
    extra = None
    prev = head.previous
    if prev and figures.crosses_counting_break(prev["year"], row["year"]):
        extra = html.P(f"Not comparable with {prev['year']} ({formatting.full(prev['value'])}): "
                       "NCMEC changed how it counts reports in 2024.", className="card-change")
    elif prev:
        extra = html.P(f"{formatting.change(head.change)} on {prev['year']} "
                       f"({formatting.full(prev['value'])})", className="card-change")
    years = store.yearly_totals(NCMEC_REPORTS)
    trend = graph(figures.sparkline(years), className="card-trend",
                  config={"staticPlot": False, "displayModeBar": False})
    href = explore_href(Filters(indicators=(NCMEC_REPORTS,), geographies=("WLD",),
                                breakdowns=("total",)))
    label = f"Reports to NCMEC's CyberTipline in {row['year']}"
    return _card(label, head, href, extra, trend)


def layout(**_params) -> html.Div:
    store = state.store()
    cards = [_ncmec_card()]
    for indicator, breakdown, label in CARDS:
        head = store.latest(indicator, breakdown)
        if head is not None:
            cards.append(_card(label, head, explore_href(Filters(indicators=(indicator,)))))
    return html.Div([
        html.H1("Online child sexual exploitation: the public figures"),
        html.P("Every figure on this site was stated in a public report and links to it. "
               "Counts measure reporting and enforcement activity, not the number of children "
               "harmed.", className="lead"),
        html.Div([c for c in cards if c is not None], id=ids.OVERVIEW_CARDS, className="cards"),
        html.Aside([
            html.H2("Read these numbers with care"),
            html.Ul([
                html.Li("A CyberTipline report is not an image, a video or a victim: one report "
                        "can hold many files, and many reports can concern one incident."),
                html.Li("From 2024 NCMEC counts bundled reports about one incident once, so 2024 "
                        "totals are not comparable with 2023 and earlier."),
                html.Li("Counts by company reflect how much each company detects and reports, "
                        "not how much abuse happens on its services."),
                html.Li("Project Arachnid re-sends a notice every 24 hours until the material is "
                        "removed: notices are not distinct images."),
            ]),
        ], className="caveats"),
    ])
