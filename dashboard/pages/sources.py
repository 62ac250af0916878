"""/sources: every source and indicator, how to cite the dashboard, and when the data changed."""

from __future__ import annotations

import dash
from dash import dcc, html

from dashboard import formatting, i18n
from dashboard.components import cached_layout, frame, title, with_lang
from dashboard.i18n import t

dash.register_page(__name__, path="/sources", name="Sources & method",
                   title=title("sources.title"))


def _indicator(row, lang: str) -> html.Div:
    caveat = getattr(row, f"caveat_{lang}")
    return html.Div([
        html.H3(getattr(row, f"name_{lang}"), id=f"ind-{row.indicator_id}"),
        html.P([html.Code(row.indicator_id),
                t("sources.unit", lang, unit=formatting.unit_label(row.unit, lang))],
               className="meta"),
        html.P(getattr(row, f"definition_{lang}")),
        html.P([t("sources.caveat", lang), caveat], className="caveat") if caveat else None,
    ], className="indicator-entry")


def _source(row, lang: str) -> html.Li:
    title_ = (row.title_fr or row.title) if lang == "fr" else row.title
    publisher = (row.publisher_fr or row.publisher) if lang == "fr" else row.publisher
    bits = [html.A(title_, href=row.url, target="_blank", rel="noopener noreferrer"),
            f" — {publisher}",
            f" ({row.published})" if row.published else t("sources.undated", lang)]
    if row.note:
        bits.append(html.Div(row.note, className="meta", lang="en"))
    return html.Li(bits, id=f"src-{row.source_id}")


def layout(**params) -> dict:
    """Built once per (language, data version, day) and served from the cache."""
    lang = i18n.lang_of(params.get("lang"))
    return cached_layout("/sources", lang, lambda store: _page(store, lang))


def _page(store, lang: str) -> html.Div:
    ind = store.indicators.sort_values(["topic", f"name_{lang}"])
    src = store.sources.sort_values(["publisher", "published", "title"])
    counts = store.dataset.row_counts()
    example = ("/api/extract.csv?indicator=ncmec_cybertipline_reports&from=2019&to=2023"
               "&geography=CAN,PHL")
    return frame(lang, "/sources", [
        html.H1(t("sources.h1", lang)),
        html.P(t("sources.lead", lang), className="lead"),
        html.H2(t("sources.changed_h2", lang)),
        html.P(t("sources.changed", lang, version=store.version, as_of=store.as_of(),
                 observations=formatting.full(counts["observations"], lang=lang),
                 sources=formatting.full(counts["sources"], lang=lang))),
        html.H2(t("sources.cite_h2", lang), id="cite"),
        html.P(t("sources.cite", lang, version=store.version)),
        html.P([t("sources.api", lang), html.Code(example), t("sources.api_zip", lang),
                html.A("/api/dataset.zip", href=with_lang("/api/dataset.zip", lang)), "."]),
        html.H2(t("sources.indicators_h2", lang, count=len(ind))),
        html.Div([_indicator(r, lang) for r in ind.itertuples(index=False)]),
        html.H2(t("sources.sources_h2", lang, count=len(src))),
        html.Ul([_source(r, lang) for r in src.itertuples(index=False)], className="source-list"),
        html.P(dcc.Link(t("sources.back", lang), href=with_lang("/", lang))),
    ], store=store)
