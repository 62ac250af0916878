"""/explore: filter indicators, see a chart and a table of the same rows, link and download them."""

from __future__ import annotations

import dataclasses
from typing import NamedTuple

import dash
import dash_ag_grid as dag
import numpy as np
import pandas as pd
from dash import Input, Output, State, clientside_callback, dcc, html

from dashboard import cache, charts, figures, formatting, i18n, ids, images, memo, query, state
from dashboard.components import (
    cached_layout,
    frame,
    graph,
    notices,
    plain,
    query_string,
    title,
    with_lang,
)
from dashboard.i18n import t
from dashboard.labels import breakdown_label, entity_label
from dashboard.query import Filters, world_total
from dashboard.rows import Rows
from dashboard.store import NCMEC_REPORTS
from dashboard.theme import DESK

dash.register_page(__name__, path="/explore", name="Explore", title=title("explore.title"))

GRID_MAX_ROWS = 1000  # 50 pages of 20; the CSV download holds every row
VIEW_CACHE = 32  # whole views (up to 1,000 table rows each) per worker
OPTIONS_CACHE = 64
DEFAULT = world_total(NCMEC_REPORTS)
_VIEWS: cache.Bounded = cache.Bounded(VIEW_CACHE)
_OPTIONS: cache.Bounded = cache.Bounded(OPTIONS_CACHE)
_DEFINITIONS: cache.Bounded = cache.Bounded(256)  # an indicator's caveat block, per language
GRID_COLUMNS = [
    {"field": "indicator", "minWidth": 220},
    {"field": "period", "minWidth": 120, "width": 200},
    {"field": "geography", "width": 150},
    {"field": "breakdown", "minWidth": 160},
    {"field": "value", "type": "rightAligned", "width": 130, "cellDataType": "number"},
    # The cited page, as a link that opens in a new tab (assets/grid.js: text, never HTML).
    {"field": "source", "minWidth": 300, "cellRenderer": "SourceLink"},
    {"field": "figure", "minWidth": 170},
    {"field": "quote", "minWidth": 260},
    {"field": "note", "minWidth": 200},
]


# The value column keeps numbers (it sorts and filters as numbers) and shows them with the
# language's separators (the browser's Intl, which follows CLDR as the rest of the page does).
NUMBER_LOCALE = {"en": "en-GB", "fr": "fr-CA"}


def _grid_columns(lang: str) -> list[dict]:
    locale = NUMBER_LOCALE.get(lang, "en-GB")
    shown = {"value": {"valueFormatter": {
        "function": f"formatNumber(params.value, '{locale}')"}}}
    return [{**c, **shown.get(c["field"], {}), "headerName": t(f"grid.{c['field']}", lang)}
            for c in GRID_COLUMNS]


def _indicator_options(store, lang: str) -> list[dict]:
    name = f"name_{lang}"
    topics = store.indicators.sort_values(["topic", name])
    return [{"label": getattr(r, name), "value": r.indicator_id}
            for r in topics.itertuples(index=False)]


def _year_options(store) -> list[dict]:
    first, last = store.year_span()
    return [{"label": str(y), "value": y} for y in range(last, first - 1, -1)]


def _geo_options(store, indicators, selected, lang: str):
    pairs = dict(store.geographies_for(tuple(indicators or ()), lang))
    for code in selected or ():
        pairs.setdefault(code, code)
    return [{"label": f"{name} ({code})", "value": code}
            for code, name in sorted(pairs.items(), key=lambda p: p[1])]


def _breakdown_options(store, indicators, selected, lang: str):
    """Parts (total, reporter:esp, ...) first, then companies by name, each parent followed by
    its members, with the years each has figures; searchable by the visible name."""
    ind = tuple(indicators or ())
    options = [{"label": breakdown_label(b, lang), "value": b}
               for b in store.breakdowns_for(ind)]
    for company, depth, first, last in store.companies_for(ind):
        name = store.company_name(company)
        years = f"{first}" if first == last else f"{first}–{last}"
        if store.companies.members.get(company):
            name = t("explore.company_group_option", lang, name=name)
        parent = store.companies.parent.get(company)
        label = f"{store.company_name(parent)} › {name}" if depth and parent else name
        options.append({"label": f"{label} ({years})", "value": company})
    listed = {o["value"] for o in options}
    for value in selected or ():
        if value not in listed:
            options.append({"label": breakdown_label(value, lang), "value": value})
    return options


def _source_options(store, indicators, selected, lang: str = i18n.DEFAULT):
    values = list(dict.fromkeys([*store.sources_for(tuple(indicators or ())), *(selected or ())]))
    out = []
    for sid in values:
        src = store.sources.loc[sid]
        when = f" ({src['published']})" if src["published"] else ""
        out.append({"label": f"{i18n.source_text(src, 'publisher', lang)}: "
                             f"{i18n.source_text(src, 'title', lang)}{when}", "value": sid})
    return out


def _dropdown(lang: str, **props) -> dcc.Dropdown:
    """Dropdowns speak the page's language (their own counters and buttons included) and are
    searchable by their visible labels (hundreds of companies, 250 countries)."""
    return dcc.Dropdown(labels=i18n.prefixed("dropdown", lang), searchable=True, **props)


def _field(label: str, control, help_text: str | None = None) -> html.Div:
    return html.Div([html.Label(label, htmlFor=control.id, id=f"label-{control.id}",
                                className="field-label"), control,
                     html.Small(help_text, className="field-help") if help_text else None],
                    className="field")


# -- the page: one builder per control, each (store, filters, language) -> component --------
def _indicator_control(store, f: Filters, lang: str) -> html.Div:
    return _field(t("explore.indicator", lang), _dropdown(
        lang, id=ids.INDICATOR, options=_indicator_options(store, lang), value=list(f.indicators),
        multi=True, placeholder=t("explore.indicator_all", lang)))


def _years_control(store, f: Filters, lang: str) -> html.Div:
    years = _year_options(store)
    return html.Div([
        _field(t("explore.from", lang), _dropdown(
            lang, id=ids.YEAR_FROM, options=years, value=f.year_from,
            placeholder=t("explore.earliest", lang))),
        _field(t("explore.to", lang), _dropdown(
            lang, id=ids.YEAR_TO, options=years, value=f.year_to,
            placeholder=t("explore.latest", lang))),
    ], className="field-row")


def _geography_control(store, f: Filters, lang: str) -> html.Div:
    return _field(t("explore.geography", lang), _dropdown(
        lang, id=ids.GEOGRAPHY, options=_geo_options(store, f.indicators, f.geographies, lang),
        value=list(f.geographies), multi=True, placeholder=t("explore.geography_all", lang)),
        t("explore.geography_help", lang))


def _breakdown_control(store, f: Filters, lang: str) -> html.Div:
    options = _breakdown_options(store, f.indicators, f.breakdowns, lang)
    return _field(t("explore.breakdown", lang), _dropdown(
        lang, id=ids.BREAKDOWN, options=options, value=list(f.breakdowns), multi=True,
        placeholder=t("explore.breakdown_all", lang)), t("explore.breakdown_help", lang))


def _source_control(store, f: Filters, lang: str) -> html.Div:
    return _field(t("explore.source", lang), _dropdown(
        lang, id=ids.SOURCE, options=_source_options(store, f.indicators, f.sources, lang),
        value=list(f.sources), multi=True, placeholder=t("explore.source_all", lang)))


def _source_kinds_control(store, f: Filters, lang: str) -> html.Div:
    kinds = [{"label": t(f"source_kind.{k}", lang), "value": k} for k in query.SOURCE_KINDS]
    return _field(t("explore.source_kinds", lang), _dropdown(
        lang, id=ids.SOURCE_KINDS, value=list(f.source_kinds), multi=True, clearable=False,
        options=kinds), t("explore.source_kinds_help", lang))


def _measure_control(store, f: Filters, lang: str) -> html.Div:
    """What the chart shows: the figures as published, or a view computed here from them."""
    options = [{"label": t(f"measure.{m}", lang) + (" (%)" if m in ("change_pct", "share")
                                                     else ""), "value": m}
               for m in query.MEASURES]
    return html.Div([
        _field(t("explore.measure_label", lang), _dropdown(
            lang, id=ids.MEASURE, options=options, value=f.measure, clearable=False),
            t("explore.measure_help", lang)),
        _field(t("explore.base_label", lang), _dropdown(
            lang, id=ids.BASE, options=_year_options(store), value=f.base,
            placeholder=t("explore.base_first", lang)), t("explore.base_help", lang)),
    ])


def _scale_control(store, f: Filters, lang: str) -> html.Div:
    """The value axis, linear or logarithmic (a dropdown, as every other control here)."""
    options = [{"label": t(f"scale.{s}", lang), "value": s} for s in query.SCALES]
    return _field(t("explore.scale_label", lang), _dropdown(
        lang, id=ids.SCALE, options=options, value=f.scale, clearable=False))


def _milestones_control(store, f: Filters, lang: str) -> html.Button:
    return html.Button(t("explore.milestones", lang).strip(), id=ids.MILESTONES, type="button",
                       n_clicks=0, className="toggle field", **{"aria-pressed": "false"})


def _reset_link(store, f: Filters, lang: str) -> html.A:
    return html.A(t("explore.reset", lang), href=with_lang("/explore", lang, {}),
                  className="reset-link")


# The filter form, top to bottom. A new control: a builder here, its value among VIEW_INPUTS
# and a parameter of update_view, and its URL parameter in dashboard/query.py.
CONTROLS = (_indicator_control, _years_control, _geography_control, _breakdown_control,
            _source_control, _source_kinds_control, _measure_control, _scale_control,
            _milestones_control, _reset_link)


def _controls(store, f: Filters, lang: str) -> html.Form:
    return html.Form([build(store, f, lang) for build in CONTROLS], className="filters",
                     role="search", **{"aria-label": t("explore.filters", lang)})


def _chart_and_caveats(lang: str) -> html.Div:
    loading = figures.empty(message=t("explore.loading", lang), lang=lang)
    return html.Div([
        html.Div(graph(loading, lang, id=ids.CHART, style={"height": f"{DESK.chart_height}px"}),
                 className="chart-box", **{"aria-describedby": ids.CHART_SUMMARY}),
        html.Aside(id=ids.CAVEATS, className="caveats side-caveats", tabIndex="0",
                   **{"aria-label": t("explore.caveats_label", lang)}),
    ], className="chart-and-caveats")


def _actions(lang: str) -> html.Div:
    """The row count and the links that carry the view away (CSV, image, address, API)."""
    return html.Div([
        html.P(id=ids.ROW_COUNT, className="row-count", role="status"),
        html.A(t("explore.download", lang), id=ids.DOWNLOAD, href="#", className="button",
               download=""),
        html.A(t("image.download", lang), id=ids.IMAGE_LINK, href="#",
               className="button secondary", download=""),
        html.A(t("explore.share", lang), id=ids.SHARE_LINK, href="#",
               className="button secondary"),
        html.A(t("explore.api", lang), id=ids.API_LINK, href="#", className="api-link"),
    ], className="actions")


def _grid(lang: str) -> dag.AgGrid:
    return dag.AgGrid(id=ids.TABLE, columnDefs=_grid_columns(lang), rowData=[],
                      defaultColDef={"sortable": True, "filter": True, "resizable": True,
                                     "wrapText": False},
                      dashGridOptions={"animateRows": False, "pagination": True,
                                       "localeText": i18n.prefixed("agrid", lang),
                                       "paginationPageSize": 20,
                                       "enableCellTextSelection": True,
                                       "tooltipShowDelay": 300},
                      className="ag-theme-quartz explore-table",
                      style={"height": f"{DESK.table_height}px"})


def _results(lang: str) -> html.Section:
    return html.Section([
        _chart_and_caveats(lang),
        html.P(id=ids.CHART_SUMMARY, className="chart-summary"),
        _actions(lang),
        _grid(lang),
        html.Small(t("explore.table_help", lang), className="field-help"),
    ], className="results", **{"aria-label": t("explore.table_label", lang)})


def requested(store, params: dict, lang: str) -> tuple[Filters, list[str]]:
    """The view a URL asks for, and what was ignored in it. No parameter: the default view;
    no indicator: the headline series rather than a mixed map of every indicator."""
    parsed = query.parse(params, store.vocabulary)  # never raises: bad values get a notice
    messages = parsed.messages(lang)
    asked = bool(set(params) - {"lang"})
    f = parsed.filters if asked else DEFAULT
    if f.indicators:
        return f, messages
    if asked and params.get("indicator"):
        messages.append(t("notice.indicator_fallback", lang))
    if f.geographies or f.breakdowns or f.sources:
        return dataclasses.replace(f, indicators=DEFAULT.indicators), messages
    return dataclasses.replace(DEFAULT, year_from=f.year_from, year_to=f.year_to,
                               source_kinds=f.source_kinds), messages


def layout(**params) -> dict:
    """Filters come from the URL; anything unknown or malformed is dropped with a notice.
    Built once per (filters, notices, language, data version), as the plain tree Dash sends:
    the same link is served from the cache."""
    store = state.store()  # one snapshot for the whole page
    lang = i18n.lang_of(params.get("lang"))
    f, messages = requested(store, params, lang)
    return cached_layout("/explore", (f, tuple(messages), lang),
                         lambda s: _page(s, f, messages, lang), store)


def _page(store, f: Filters, messages: list[str], lang: str) -> html.Div:
    return frame(lang, "/explore", [
        html.H1(t("explore.h1", lang)),
        notices(messages, lang),
        html.Div([_controls(store, f, lang), _results(lang)], className="explore"),
        dcc.Store(id=ids.QUERY_STORE),
        dcc.Store(id=ids.LANG_STORE, data=lang),
        html.Div(id=ids.URL_SYNC, hidden=True),
    ], params=f.to_query(), store=store)


def milestones_on(clicks: object) -> bool:
    """The milestones button is a toggle: on after an odd number of presses."""
    return isinstance(clicks, int) and not isinstance(clicks, bool) and clicks % 2 == 1


@dash.callback(Output(ids.MILESTONES, "aria-pressed"), Input(ids.MILESTONES, "n_clicks"))
def press_milestones(clicks):
    return "true" if milestones_on(clicks) else "false"


def filters_from(indicator, year_from, year_to, geo, breakdown, source,
                 kinds=None, store=None, measure=None, base=None, scale=None) -> query.Parsed:
    """Callback values are untrusted too: they go through the same parser as the URL."""
    params = {"indicator": indicator, "from": year_from, "to": year_to, "geography": geo,
              "breakdown": breakdown, "source": source, "source_kind": kinds,
              "measure": measure, "base": base, "scale": scale}
    clean = {k: v for k, v in params.items() if isinstance(v, (str, int, list, tuple))}
    return query.parse(clean, (store or state.store()).vocabulary)


def _rows(df: Rows, lang: str) -> list[dict]:
    """The table's rows (the first GRID_MAX_ROWS), built column by column: periods, places and
    breakdowns, which repeat, are formatted once per distinct value."""
    df = df.head(GRID_MAX_ROWS)
    if df.empty:
        return []
    names = df[i18n.localized("indicator_name", lang)].tolist()
    codes, places = df["geography"].tolist(), df[i18n.localized("geography_name", lang)].tolist()
    geo = {(code, name): f"{name} ({code})" for code, name in set(zip(codes, places,
                                                                      strict=True))}
    parts, companies = df["breakdown"].tolist(), df["company"].tolist()
    breakdowns = {(b, c): _breakdown_cell(b, c, lang)
                  for b, c in set(zip(parts, companies, strict=True))}
    marks = {"primary": "", "secondary": t("grid.secondary_mark", lang),
             "unverified": t("grid.unverified_mark", lang)}
    periods = formatting.periods(df["period_start"], df["period_end"], lang,
                                 df["end_precision"])
    values = df["value"].tolist()
    figures_ = [figures.figure_text(v, q, u, lang) for v, q, u in
                zip(values, df["qualifier"].tolist(), df["unit"].tolist(), strict=True)]
    other = t("grid.not_preferred_mark", lang)
    sources = [f"{p}: {ti}" for p, ti in zip(figures.in_lang(df, "publisher", lang),
                                              figures.in_lang(df, "title", lang), strict=True)]
    source_marks = [marks[kind] + ("" if pref else other)
                    for kind, pref in df.records("source_kind", "preferred")]
    return [
        {"indicator": name, "period": period, "geography": geo[(code, place)],
         "breakdown": breakdowns[(b, company)], "value": float(value), "figure": figure,
         "source": source, "source_mark": mark, "source_url": url, "quote": quote,
         "note": note}
        for name, period, code, place, b, company, value, figure, source, mark, url, quote, note
        in zip(names, periods, codes, places, parts, companies, values, figures_, sources,
               source_marks, df["url"].tolist(), df["quote"].tolist(), df["note"].tolist(),
               strict=True)
    ]


def _company_caveats(store, df: Rows, drawn: Rows, f: Filters, lang: str) -> list:
    """What a company line leaves out or adds up: combined figures, sums computed here."""
    items = []
    notes = df[f"scope_note_{lang}"][df["scope"] == "group"]
    for note in list(dict.fromkeys(notes.tolist()))[:4]:
        items.append(html.P(note, className="caveat"))
    tree = store.companies
    for company in f.breakdowns:
        parent = tree.parent.get(company)
        if parent and parent not in f.breakdowns:
            combined = store.rows(dataclasses.replace(f, breakdowns=(parent,)))
            own = (combined["scope"] == "group") & (combined["company_id"] == parent)
            years = sorted(set(combined["year"][own].tolist()))
            if years:
                items.append(html.P(t("explore.caveat_combined_under_parent", lang,
                                      name=tree.names[company], parent=tree.names[parent],
                                      years=", ".join(map(str, years))), className="caveat"))
    if drawn["computed"].any():
        items.append(html.P(t("explore.caveat_company_sums", lang), className="caveat"))
    return items


def _only_unverified(df: Rows, lang: str) -> str:
    """The indicators of this view whose every figure rests on an unverified source."""
    indicator, unverified = df["indicator_id"], df["source_kind"] == "unverified"
    others = set(indicator[~unverified].tolist())
    alone = sorted(i for i in set(indicator[unverified].tolist()) if i not in others)
    ids, first = np.unique(indicator, return_index=True)
    names = dict(zip(ids.tolist(), df[i18n.localized("indicator_name", lang)][first].tolist(),
                     strict=True))
    return "; ".join(names[i] for i in alone[:5])


def _breakdown_cell(breakdown: str, company: str, lang: str) -> str:
    """'Instagram (printed as Instagram, Inc.)' for a company row, else the part's label."""
    if not company:
        return breakdown_label(breakdown, lang)
    if company == breakdown:
        return company
    return f"{company} ({t('company.printed_as', lang, names=breakdown)})"


def _caveats(store, df: Rows, drawn: Rows, f: Filters, lang: str,
             left_out: tuple[str, ...] = ()):
    items = []
    if left_out:
        names = "; ".join(store.indicator(i)[f"name_{lang}"] for i in left_out[:5])
        items.append(html.P(t("explore.caveat_other_unit", lang, names=names),
                            className="caveat notice-caveat"))
    items += _company_caveats(store, df, drawn, f, lang)
    items += [_definition(store, ind, lang) for ind in df.distinct("indicator_id")[:8]]
    if df["secondary"].any():
        items.append(html.P(t("explore.caveat_secondary", lang), className="caveat"))
    if (df["source_kind"] == "unverified").any():
        items.append(html.P(t("explore.caveat_unverified", lang), className="caveat"))
        only = _only_unverified(df, lang)
        if only:
            items.append(html.P(t("explore.caveat_only_unverified", lang, names=only),
                                className="caveat"))
    if figures.disagreement(df):
        items.append(html.P(t("explore.caveat_disagree", lang), className="caveat"))
    if not items:
        return [html.P(t("explore.caveats_none", lang))]
    return [html.H2(t("explore.caveats_h2", lang)), *items]


def _definition(store, indicator: str, lang: str) -> dict:
    """An indicator's name, definition and caveat, as the plain tree Dash sends: made once
    per (indicator, language, data version), shared by every view that shows it."""
    def build() -> dict:
        row = store.indicator(indicator)
        caveat = row[f"caveat_{lang}"]
        return plain(html.Div([html.H3(row[f"name_{lang}"]),
                               html.P(row[f"definition_{lang}"], className="definition"),
                               html.P(caveat) if caveat else None], className="caveat"))

    return _DEFINITIONS.get((indicator, lang, store.version), build)


def _series_names(drawn: Rows, lang: str):
    """A derived note's series (a country code, or a company or part id) as readers name it."""
    places = dict(drawn.records("geography", i18n.localized("geography_name", lang)))
    companies = dict(drawn.records("entity", "company"))
    return lambda s: places[s] if s in places and s not in companies else entity_label(
        s, companies.get(s, ""), lang)


def _map_years(chart, f: Filters, lang: str) -> list:
    """A map draws one year; the range's other years are one click away, and it says so."""
    if chart.plan.kind != "map":
        return []
    years = sorted(set(chart.plan.frame["year"].tolist()))
    if len(years) < 2:
        return []
    links = []
    for year in years[:-1]:
        params = dataclasses.replace(f, year_from=year, year_to=year).to_query()
        links += [html.A(str(year), href=with_lang("/explore", lang, params)), " "]
    return [html.P([t("explore.caveat_map_year", lang, year=years[-1]), " ", *links],
                   className="caveat notice-caveat map-years")]


def _derived_caveats(chart, f: Filters, lang: str) -> list:
    """What a view computed here is, and what it left out and why, beside the chart."""
    if chart.not_derivable:
        return [*_map_years(chart, f, lang),
                html.P(t("explore.caveat_measure_yearly_only", lang),
                       className="caveat notice-caveat")]
    items = _map_years(chart, f, lang)
    made = chart.derived
    if made is not None:
        items.append(html.P(t("explore.caveat_measure", lang,
                              measure=t(f"measure.{f.measure}", lang)),
                            className="caveat notice-caveat"))
        name = _series_names(chart.drawn, lang)
        indicators = dict(chart.rows.records("indicator_id",
                                             i18n.localized("indicator_name", lang)))
        breaks = [f"{indicators[i]} {y}" for i, y in made.across_break]
        mixed = [f"{name(s)} {y}" for s, y in made.mixed_sources]
        for key, values in (("explore.caveat_across_break", breaks),
                            ("explore.caveat_mixed_sources", mixed),
                            ("explore.caveat_nothing_to_compare",
                             [name(s) for s in made.missing])):
            if values:
                shown = ", ".join(values[:6]) + (" …" if len(values) > 6 else "")
                items.append(html.P(t(key, lang, items=shown), className="caveat"))
    if chart.left_out_of_log:
        items.append(html.P(t("explore.caveat_log_nonpositive", lang), className="caveat"))
    return items


def _summary(chart: figures.ChartPlan, total: int, lang: str) -> str:
    """The chart's text alternative: what it draws, its span, and its largest figure."""
    kind, df = chart.kind, chart.frame
    if df.empty:
        return t("explore.summary_none", lang)
    geo = i18n.localized("geography_name", lang)
    if kind in ("map", "bars"):
        df = df.where(df["year"] == df["year"].max())
    at = int(np.argmax(df["value"]))
    top = {c: df[c][at] for c in (geo, "entity", "company", "value", "qualifier", "unit",
                                  "period_start", "period_end", "end_precision")}
    label = top[geo] if top["entity"] == "total" else entity_label(top["entity"], top["company"],
                                                                      lang)
    names = ", ".join(chart.frame.distinct(i18n.localized("indicator_name", lang))[:3])
    scope = (t(f"explore.scope.{chart.scope}", lang)
             if chart.scope in ("countries", "companies", "top companies") else "")
    frame_ = chart.frame
    span = (f"{int(frame_['year'].max())}" if kind in ("map", "bars") else
            f"{pd.Timestamp(frame_['period_start'].min()).year}–{int(frame_['year'].max())}")
    rest = (t("explore.summary_rest", lang, total=formatting.full(total, lang=lang))
            if total > len(chart.frame) else "")
    value = formatting.qualified(top["value"], top["qualifier"], top["unit"], False, lang)
    return t("explore.summary", lang, chart=t(f"chart.{kind}", lang), names=names, scope=scope,
             span=span, label=label, value=value,
             period=formatting.period(pd.Timestamp(top["period_start"]),
                                      pd.Timestamp(top["period_end"]), lang,
                                      top["end_precision"])) + rest


# -- callbacks -------------------------------------------------------------------------------
# The layout carries the options of the view it opens; this callback sends them again only
# when the indicators change (never on page load: the same options would go twice).
@dash.callback(
    Output(ids.GEOGRAPHY, "options"), Output(ids.BREAKDOWN, "options"),
    Output(ids.SOURCE, "options"),
    Input(ids.INDICATOR, "value"),
    State(ids.GEOGRAPHY, "value"), State(ids.BREAKDOWN, "value"), State(ids.SOURCE, "value"),
    State(ids.LANG_STORE, "data"),
    prevent_initial_call=True,
)
def update_options(indicator, geo, breakdown, source, lang=None):
    store = state.store()  # one snapshot
    lang = i18n.lang_of(lang)
    f = filters_from(indicator, None, None, geo, breakdown, source, store=store).filters
    key = (f.indicators, f.geographies, f.breakdowns, f.sources, lang, store.version)
    memo.pure(store.version)
    return _OPTIONS.get(key, lambda: (
        _geo_options(store, f.indicators, f.geographies, lang),
        _breakdown_options(store, f.indicators, f.breakdowns, lang),
        _source_options(store, f.indicators, f.sources, lang)))


class View(NamedTuple):
    """Everything the explorer shows for one normalised view, by name (VIEW_OUTPUTS says
    where each goes; fields are read by name, never by position)."""

    figure: dict
    summary: str  # the chart's text alternative
    rows: list[dict]  # the table (the first GRID_MAX_ROWS)
    caveats: list
    count: str
    extract: str  # the CSV of every row: the download button and the API link
    share: str
    query: str  # the canonical query string: the address bar follows it
    lang_switch: str  # the same view in the other language
    image: str


# The one place a View meets the page: (field, component id, property), in callback order.
VIEW_OUTPUTS = (
    ("figure", ids.CHART, "figure"), ("summary", ids.CHART_SUMMARY, "children"),
    ("rows", ids.TABLE, "rowData"), ("caveats", ids.CAVEATS, "children"),
    ("count", ids.ROW_COUNT, "children"), ("extract", ids.DOWNLOAD, "href"),
    ("extract", ids.API_LINK, "href"), ("share", ids.SHARE_LINK, "href"),
    ("query", ids.QUERY_STORE, "data"), ("lang_switch", ids.LANG_SWITCH, "href"),
    ("image", ids.IMAGE_LINK, "href"),
)
# What a view reads, in update_view's order (a new control adds its value here).
VIEW_INPUTS = (
    Input(ids.INDICATOR, "value"), Input(ids.YEAR_FROM, "value"), Input(ids.YEAR_TO, "value"),
    Input(ids.GEOGRAPHY, "value"), Input(ids.BREAKDOWN, "value"), Input(ids.SOURCE, "value"),
    Input(ids.MILESTONES, "n_clicks"), Input(ids.SOURCE_KINDS, "value"),
    Input(ids.MEASURE, "value"), Input(ids.BASE, "value"), Input(ids.SCALE, "value"),
    State(ids.LANG_STORE, "data"),
)


@dash.callback(*(Output(cid, prop) for _, cid, prop in VIEW_OUTPUTS), *VIEW_INPUTS)
def update_view(indicator, year_from, year_to, geo, breakdown, source, milestones, kinds=None,
                measure=None, base=None, scale=None, lang=None):
    store = state.store()  # one snapshot: the filters, the view and its cache key agree
    f = filters_from(indicator, year_from, year_to, geo, breakdown, source, kinds,
                     store=store, measure=measure, base=base, scale=scale).filters
    v = view(store, f, milestones_on(milestones), i18n.lang_of(lang))
    return tuple(getattr(v, field) for field, _, _ in VIEW_OUTPUTS)


def view(store, f: Filters, milestones: bool, lang: str) -> View:
    """The view of `f` on this store snapshot. Cached per (filters, toggle, language, data
    version): the same key always gives the same outputs, and a reload misses."""
    key = (f, milestones, lang, store.version)
    memo.pure(store.version)  # the callback's answer may be kept whole (dashboard/memo.py)
    return _VIEWS.get(key, lambda: _build_view(store, f, milestones, lang))


def _build_view(store, f: Filters, milestones: bool, lang: str) -> View:
    chart = charts.build(store, f, lang, store.events if milestones else None)
    df, params = chart.rows, f.to_query()
    qs = query_string(params, lang)
    shown = min(len(df), GRID_MAX_ROWS)
    count = t("explore.count", lang, count=formatting.full(len(df), lang=lang)) + (
        t("explore.count_capped", lang, shown=formatting.full(shown, lang=lang))
        if shown < len(df) else "")
    return View(
        figure=chart.figure, summary=_summary(chart.plan, len(df), lang), rows=_rows(df, lang),
        caveats=_derived_caveats(chart, f, lang) + _caveats(store, df, chart.drawn, f, lang,
                                                            chart.plan.left_out), count=count,
        extract=f"/api/extract.csv?{qs}", share=f"/explore?{qs}", query=qs,
        lang_switch=with_lang("/explore", i18n.other(lang), params),
        image=images.url_for(f, lang, query=qs))


# The address bar follows the filters, so a copied URL reproduces the view (no reload, no
# history entry per click).
clientside_callback(
    """function(qs) {
        if (typeof qs !== 'string') { return ''; }
        const url = window.location.pathname + (qs ? '?' + qs : '');
        if (url !== window.location.pathname + window.location.search) {
            window.history.replaceState(window.history.state, '', url);
        }
        return '';
    }""",
    Output(ids.URL_SYNC, "children"),
    Input(ids.QUERY_STORE, "data"),
)
