"""/explore: filter indicators, see a chart and a table of the same rows, link and download them."""

from __future__ import annotations

import dataclasses
from functools import lru_cache

import dash
import dash_ag_grid as dag
import pandas as pd
from dash import Input, Output, State, clientside_callback, dcc, html

from dashboard import charts, figures, formatting, i18n, ids, images, query, state
from dashboard.components import frame, graph, notices, query_string, title, with_lang
from dashboard.i18n import t
from dashboard.labels import breakdown_label, entity_label
from dashboard.query import Filters
from dashboard.store import NCMEC_REPORTS
from dashboard.theme import DESK

dash.register_page(__name__, path="/explore", name="Explore", title=title("explore.title"))

GRID_MAX_ROWS = 1000  # 50 pages of 20; the CSV download holds every row
VIEW_CACHE = 32  # whole views (up to 1,000 table rows each) per worker
DEFAULT = Filters(indicators=(NCMEC_REPORTS,), geographies=("WLD",), breakdowns=("total",))
GRID_COLUMNS = [
    {"field": "indicator", "minWidth": 220},
    {"field": "period", "minWidth": 120, "width": 200},
    {"field": "geography", "width": 150},
    {"field": "breakdown", "minWidth": 160},
    {"field": "value", "type": "rightAligned", "width": 130, "cellDataType": "number"},
    {"field": "figure", "minWidth": 170},
    {"field": "source", "minWidth": 260},
    {"field": "quote", "minWidth": 260},
    {"field": "note", "minWidth": 200},
]


def _grid_columns(lang: str) -> list[dict]:
    return [{**c, "headerName": t(f"grid.{c['field']}", lang)} for c in GRID_COLUMNS]


def _options(store, lang: str):
    name = f"name_{lang}"
    topics = store.indicators.sort_values(["topic", name])
    indicators = [{"label": getattr(r, name), "value": r.indicator_id}
                  for r in topics.itertuples(index=False)]
    first, last = store.year_span()
    years = [{"label": str(y), "value": y} for y in range(last, first - 1, -1)]
    return indicators, years


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
    """Dropdowns speak the page's language (their own counters and buttons included)."""
    return dcc.Dropdown(labels=i18n.prefixed("dropdown", lang), **props)


def _field(label: str, control, help_text: str | None = None) -> html.Div:
    return html.Div([html.Label(label, htmlFor=control.id, id=f"label-{control.id}",
                                className="field-label"), control,
                     html.Small(help_text, className="field-help") if help_text else None],
                    className="field")


def layout(**params) -> html.Div:
    """Filters come from the URL; anything unknown or malformed is dropped with a notice."""
    store = state.store()
    lang = i18n.lang_of(params.get("lang"))
    parsed = query.parse(params, store.vocabulary)  # never raises: bad values get a notice
    messages = parsed.messages(lang)
    f = parsed.filters if set(params) - {"lang"} else DEFAULT
    if not f.indicators:  # never a mixed map of every indicator: the headline series instead
        if set(params) - {"lang"} and params.get("indicator"):
            messages.append(t("notice.indicator_fallback", lang))
        f = dataclasses.replace(DEFAULT, year_from=f.year_from, year_to=f.year_to,
                                source_kinds=f.source_kinds) if not (
            f.geographies or f.breakdowns or f.sources) else dataclasses.replace(
            f, indicators=DEFAULT.indicators)
    indicator_opts, year_opts = _options(store, lang)
    ind = list(f.indicators)
    controls = html.Form([
        _field(t("explore.indicator", lang), _dropdown(
            lang, id=ids.INDICATOR, options=indicator_opts, value=ind, multi=True,
            placeholder=t("explore.indicator_all", lang))),
        html.Div([
            _field(t("explore.from", lang), _dropdown(
                lang, id=ids.YEAR_FROM, options=year_opts, value=f.year_from,
                placeholder=t("explore.earliest", lang))),
            _field(t("explore.to", lang), _dropdown(
                lang, id=ids.YEAR_TO, options=year_opts, value=f.year_to,
                placeholder=t("explore.latest", lang))),
        ], className="field-row"),
        _field(t("explore.geography", lang), _dropdown(
            lang, id=ids.GEOGRAPHY, options=_geo_options(store, ind, f.geographies, lang),
            value=list(f.geographies), multi=True, placeholder=t("explore.geography_all", lang)),
            t("explore.geography_help", lang)),
        _field(t("explore.breakdown", lang), _dropdown(
            lang, id=ids.BREAKDOWN, options=_breakdown_options(store, ind, f.breakdowns, lang),
            value=list(f.breakdowns), multi=True, placeholder=t("explore.breakdown_all", lang)),
            t("explore.breakdown_help", lang)),
        _field(t("explore.source", lang), _dropdown(
            lang, id=ids.SOURCE, options=_source_options(store, ind, f.sources, lang),
            value=list(f.sources), multi=True, placeholder=t("explore.source_all", lang))),
        _field(t("explore.source_kinds", lang), _dropdown(
            lang, id=ids.SOURCE_KINDS, value=list(f.source_kinds), multi=True,
            clearable=False, options=[{"label": t(f"source_kind.{k}", lang), "value": k}
                                      for k in query.SOURCE_KINDS]),
            t("explore.source_kinds_help", lang)),
        html.Button(t("explore.milestones", lang).strip(), id=ids.MILESTONES, type="button",
                    n_clicks=0, className="toggle field", **{"aria-pressed": "false"}),
        html.A(t("explore.reset", lang), href=with_lang("/explore", lang, {}),
               className="reset-link"),
    ], className="filters", role="search", **{"aria-label": t("explore.filters", lang)})
    return frame(lang, "/explore", [
        html.H1(t("explore.h1", lang)),
        notices(messages, lang),
        html.Div([
            controls,
            html.Section([
                html.Div([
                    html.Div(graph(figures.empty(message=t("explore.loading", lang), lang=lang),
                                   id=ids.CHART, style={"height": f"{DESK.chart_height}px"}),
                             className="chart-box", **{"aria-describedby": ids.CHART_SUMMARY}),
                    html.Aside(id=ids.CAVEATS, className="caveats side-caveats", tabIndex="0",
                               **{"aria-label": t("explore.caveats_label", lang)}),
                ], className="chart-and-caveats"),
                html.P(id=ids.CHART_SUMMARY, className="chart-summary"),
                html.Div([
                    html.P(id=ids.ROW_COUNT, className="row-count", role="status"),
                    html.A(t("explore.download", lang), id=ids.DOWNLOAD, href="#",
                           className="button", download=""),
                    html.A(t("image.download", lang), id=ids.IMAGE_LINK, href="#",
                           className="button secondary", download=""),
                    html.A(t("explore.share", lang), id=ids.SHARE_LINK, href="#",
                           className="button secondary"),
                    html.A(t("explore.api", lang), id=ids.API_LINK, href="#",
                           className="api-link"),
                ], className="actions"),
                dag.AgGrid(id=ids.TABLE, columnDefs=_grid_columns(lang), rowData=[],
                           defaultColDef={"sortable": True, "filter": True, "resizable": True,
                                          "wrapText": False},
                           dashGridOptions={"animateRows": False, "pagination": True,
                                            "localeText": i18n.prefixed("agrid", lang),
                                            "paginationPageSize": 20,
                                            "enableCellTextSelection": True,
                                            "tooltipShowDelay": 300},
                           className="ag-theme-quartz explore-table",
                           style={"height": f"{DESK.table_height}px"}),
                html.Small(t("explore.table_help", lang), className="field-help"),
            ], className="results", **{"aria-label": t("explore.table_label", lang)}),
        ], className="explore"),
        dcc.Store(id=ids.QUERY_STORE),
        dcc.Store(id=ids.LANG_STORE, data=lang),
        html.Div(id=ids.URL_SYNC, hidden=True),
    ], params=f.to_query())


def milestones_on(clicks: object) -> bool:
    """The milestones button is a toggle: on after an odd number of presses."""
    return isinstance(clicks, int) and not isinstance(clicks, bool) and clicks % 2 == 1


@dash.callback(Output(ids.MILESTONES, "aria-pressed"), Input(ids.MILESTONES, "n_clicks"))
def press_milestones(clicks):
    return "true" if milestones_on(clicks) else "false"


def filters_from(indicator, year_from, year_to, geo, breakdown, source,
                 kinds=None) -> query.Parsed:
    """Callback values are untrusted too: they go through the same parser as the URL."""
    params = {"indicator": indicator, "from": year_from, "to": year_to, "geography": geo,
              "breakdown": breakdown, "source": source, "source_kind": kinds}
    clean = {k: v for k, v in params.items() if isinstance(v, (str, int, list, tuple))}
    return query.parse(clean, state.store().vocabulary)


def _rows(df: pd.DataFrame, lang: str) -> list[dict]:
    """The table's rows (the first GRID_MAX_ROWS), built column by column: periods, places and
    breakdowns, which repeat, are formatted once per distinct value."""
    df = df.head(GRID_MAX_ROWS)
    if df.empty:
        return []
    names = df[i18n.localized("indicator_name", lang)].tolist()
    places = df[i18n.localized("geography_name", lang)]
    geo = {(code, name): f"{name} ({code})" for code, name in
           set(zip(df["geography"], places, strict=True))}
    breakdowns = {(b, c): _breakdown_cell(b, c, lang)
                  for b, c in set(zip(df["breakdown"], df["company"], strict=True))}
    marks = {"primary": "", "secondary": t("grid.secondary_mark", lang),
             "unverified": t("grid.unverified_mark", lang)}
    periods = formatting.periods(df["period_start"], df["period_end"], lang,
                                 df["end_precision"])
    figures_ = [formatting.qualified(v, q, u, short=False, lang=lang) for v, q, u in
                zip(df["value"], df["qualifier"], df["unit"], strict=True)]
    other = t("grid.not_preferred_mark", lang)
    sources = [f"{p}: {ti}" + marks[kind] + ("" if pref else other) for p, ti, kind, pref in
               zip(figures.in_lang(df, "publisher", lang), figures.in_lang(df, "title", lang),
                   df["source_kind"], df["preferred"],
                   strict=True)]
    return [
        {"indicator": name, "period": period, "geography": geo[(code, place)],
         "breakdown": breakdowns[(b, company)], "value": float(value), "figure": figure,
         "source": source, "quote": quote, "note": note}
        for name, period, code, place, b, company, value, figure, source, quote, note in zip(
            names, periods, df["geography"], places, df["breakdown"], df["company"],
            df["value"], figures_, sources, df["quote"], df["note"], strict=True)
    ]


def _company_caveats(store, df: pd.DataFrame, drawn: pd.DataFrame, f: Filters,
                     lang: str) -> list:
    """What a company line leaves out or adds up: combined figures, sums computed here."""
    items = []
    for note in df.loc[df["scope"] == "group", f"scope_note_{lang}"].unique()[:4]:
        items.append(html.P(note, className="caveat"))
    tree = store.companies
    for company in f.breakdowns:
        parent = tree.parent.get(company)
        if parent and parent not in f.breakdowns:
            combined = store.query(dataclasses.replace(f, breakdowns=(parent,)))
            years = sorted(set(combined.loc[(combined["scope"] == "group")
                                            & (combined["company_id"] == parent), "year"]))
            if years:
                items.append(html.P(t("explore.caveat_combined_under_parent", lang,
                                      name=tree.names[company], parent=tree.names[parent],
                                      years=", ".join(map(str, years))), className="caveat"))
    if drawn["computed"].any():
        items.append(html.P(t("explore.caveat_company_sums", lang), className="caveat"))
    return items


def _only_unverified(df: pd.DataFrame, lang: str) -> str:
    """The indicators of this view whose every figure rests on an unverified source."""
    kinds = df.groupby("indicator_id", observed=True)["source_kind"].agg(set)
    alone = [i for i, k in kinds.items() if k == {"unverified"}]
    names = df.drop_duplicates("indicator_id").set_index("indicator_id")[
        i18n.localized("indicator_name", lang)]
    return "; ".join(names[i] for i in alone[:5])


def _breakdown_cell(breakdown: str, company: str, lang: str) -> str:
    """'Instagram (printed as Instagram, Inc.)' for a company row, else the part's label."""
    if not company:
        return breakdown_label(breakdown, lang)
    if company == breakdown:
        return company
    return f"{company} ({t('company.printed_as', lang, names=breakdown)})"


def _caveats(store, df: pd.DataFrame, drawn: pd.DataFrame, f: Filters, lang: str,
             left_out: tuple[str, ...] = ()):
    items = []
    if left_out:
        names = "; ".join(store.indicator(i)[f"name_{lang}"] for i in left_out[:5])
        items.append(html.P(t("explore.caveat_other_unit", lang, names=names),
                            className="caveat notice-caveat"))
    items += _company_caveats(store, df, drawn, f, lang)
    for ind in df["indicator_id"].unique()[:8]:
        row = store.indicator(ind)
        caveat = row[f"caveat_{lang}"]
        items.append(html.Div([html.H3(row[f"name_{lang}"]),
                               html.P(row[f"definition_{lang}"], className="definition"),
                               html.P(caveat) if caveat else None],
                              className="caveat"))
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


def _summary(chart: figures.ChartPlan, total: int, lang: str) -> str:
    """The chart's text alternative: what it draws, its span, and its largest figure."""
    kind, df = chart.kind, chart.frame
    if df.empty:
        return t("explore.summary_none", lang)
    geo = i18n.localized("geography_name", lang)
    if kind in ("map", "bars"):
        df = df[df["year"] == df["year"].max()]
    top = df.loc[df["value"].idxmax()]
    label = top[geo] if top["entity"] == "total" else entity_label(top["entity"], top["company"],
                                                                      lang)
    names = ", ".join(chart.frame[i18n.localized("indicator_name", lang)].unique()[:3])
    scope = (t(f"explore.scope.{chart.scope}", lang)
             if chart.scope in ("countries", "companies", "top companies") else "")
    frame_ = chart.frame
    span = (f"{int(frame_['year'].max())}" if kind in ("map", "bars") else
            f"{int(frame_['period_start'].dt.year.min())}–{int(frame_['year'].max())}")
    rest = (t("explore.summary_rest", lang, total=formatting.full(total, lang=lang))
            if total > len(chart.frame) else "")
    value = formatting.qualified(top["value"], top["qualifier"], top["unit"], False, lang)
    return t("explore.summary", lang, chart=t(f"chart.{kind}", lang), names=names, scope=scope,
             span=span, label=label, value=value,
             period=formatting.period(top["period_start"], top["period_end"], lang,
                                      top["end_precision"])) + rest


@dash.callback(
    Output(ids.GEOGRAPHY, "options"), Output(ids.BREAKDOWN, "options"),
    Output(ids.SOURCE, "options"),
    Input(ids.INDICATOR, "value"),
    State(ids.GEOGRAPHY, "value"), State(ids.BREAKDOWN, "value"), State(ids.SOURCE, "value"),
    State(ids.LANG_STORE, "data"),
)
def update_options(indicator, geo, breakdown, source, lang=None):
    store = state.store()
    lang = i18n.lang_of(lang)
    parsed = filters_from(indicator, None, None, geo, breakdown, source)
    f = parsed.filters
    ind = list(f.indicators)
    return (_geo_options(store, ind, f.geographies, lang),
            _breakdown_options(store, ind, f.breakdowns, lang),
            _source_options(store, ind, f.sources, lang))


@dash.callback(
    Output(ids.CHART, "figure"), Output(ids.CHART_SUMMARY, "children"),
    Output(ids.TABLE, "rowData"), Output(ids.CAVEATS, "children"),
    Output(ids.ROW_COUNT, "children"), Output(ids.DOWNLOAD, "href"),
    Output(ids.API_LINK, "href"), Output(ids.SHARE_LINK, "href"), Output(ids.QUERY_STORE, "data"),
    Output(ids.LANG_SWITCH, "href"), Output(ids.IMAGE_LINK, "href"),
    Input(ids.INDICATOR, "value"), Input(ids.YEAR_FROM, "value"), Input(ids.YEAR_TO, "value"),
    Input(ids.GEOGRAPHY, "value"), Input(ids.BREAKDOWN, "value"), Input(ids.SOURCE, "value"),
    Input(ids.MILESTONES, "n_clicks"), Input(ids.SOURCE_KINDS, "value"),
    State(ids.LANG_STORE, "data"),
)
def update_view(indicator, year_from, year_to, geo, breakdown, source, milestones, kinds=None,
                lang=None):
    store = state.store()
    f = filters_from(indicator, year_from, year_to, geo, breakdown, source, kinds).filters
    return view(f, milestones_on(milestones), i18n.lang_of(lang), store.version)


@lru_cache(maxsize=VIEW_CACHE)
def view(f: Filters, milestones: bool, lang: str, version: str) -> tuple:
    """Everything the explorer shows for one normalised view. Cached: the same filters, toggle,
    language and data version always give the same outputs (a new data version misses)."""
    store = state.store()
    chart_ = charts.build(store, f, lang, store.events if milestones else None)
    df, drawn, chart, fig = chart_.rows, chart_.drawn, chart_.plan, chart_.figure
    params = f.to_query()
    qs = query_string(params, lang)
    shown = min(len(df), GRID_MAX_ROWS)
    count = t("explore.count", lang, count=formatting.full(len(df), lang=lang)) + (
        t("explore.count_capped", lang, shown=formatting.full(shown, lang=lang))
        if shown < len(df) else "")
    return (fig, _summary(chart, len(df), lang), _rows(df, lang),
            _caveats(store, df, drawn, f, lang, chart.left_out),
            count, f"/api/extract.csv?{qs}", f"/api/extract.csv?{qs}", f"/explore?{qs}", qs,
            with_lang("/explore", i18n.other(lang), params), images.url_for(f, lang))


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
