"""/sources: every source and indicator, how to cite the dashboard, and when the data changed."""

from __future__ import annotations

import dash
from dash import dcc, html

from dashboard import formatting, state

dash.register_page(__name__, path="/sources", name="Sources & method",
                   title="Sources & method · OCSE public figures")


def _indicator(row) -> html.Div:
    return html.Div([
        html.H3(row.name_en, id=f"ind-{row.indicator_id}"),
        html.P([html.Code(row.indicator_id), f" · unit: {formatting.unit_label(row.unit)}"],
               className="meta"),
        html.P(row.definition_en),
        html.P(["Caveat: ", row.caveat_en], className="caveat") if row.caveat_en else None,
    ], className="indicator-entry")


def _source(row) -> html.Li:
    bits = [html.A(row.title, href=row.url, target="_blank", rel="noopener noreferrer"),
            f" — {row.publisher}", f" ({row.published})" if row.published else " (undated)"]
    if row.note:
        bits.append(html.Div(row.note, className="meta"))
    return html.Li(bits, id=f"src-{row.source_id}")


def layout(**_params) -> html.Div:
    store = state.store()
    ind = store.indicators.sort_values(["topic", "name_en"])
    src = store.sources.sort_values(["publisher", "published", "title"])
    counts = store.dataset.row_counts()
    return html.Div([
        html.H1("Sources and method"),
        html.P("Every figure here was read in a public report. Each row keeps the report's own "
               "words ('quote'), the period and area it covers, and whether the report states it "
               "exactly, as a lower bound ('more than') or approximately ('nearly', 'about'). "
               "Nothing is estimated, rounded or filled in. Where two sources disagree, both "
               "figures are kept, each with its source. Secondary sources (a third party's "
               "transcription or news report) are marked as such.", className="lead"),
        html.H2("When the data changed"),
        html.P(f"Data version {store.version}. The most recent source was published "
               f"{store.as_of()}. The dataset holds {counts['observations']:,} figures from "
               f"{counts['sources']:,} sources."),
        html.H2("How to cite", id="cite"),
        html.P("Cite the original source of each figure (its link is in every table row and "
               "download). To cite this compilation: “Online child sexual exploitation: public "
               f"figures, data version {store.version}, accessed <date>, <address of this "
               "site>.”"),
        html.P(["Scripts can fetch any view as CSV: ",
                html.Code("/api/extract.csv?indicator=ncmec_cybertipline_reports&from=2019"
                          "&to=2023&geography=CAN,PHL"),
                ", or everything at once: ", html.A("/api/dataset.zip", href="/api/dataset.zip"),
                "."]),
        html.H2(f"Indicators ({len(ind)})"),
        html.Div([_indicator(r) for r in ind.itertuples(index=False)]),
        html.H2(f"Sources ({len(src)})"),
        html.Ul([_source(r) for r in src.itertuples(index=False)], className="source-list"),
        html.P(dcc.Link("Back to the overview", href="/")),
    ])
