"""/explore: filter indicators, see a chart and a table of the same rows, link and download them."""

from __future__ import annotations

import logging
from urllib.parse import urlencode

import dash
import dash_ag_grid as dag
import pandas as pd
from dash import Input, Output, State, clientside_callback, dcc, html

from dashboard import figures, formatting, ids, query, state
from dashboard.components import graph, notices
from dashboard.query import Filters
from dashboard.store import NCMEC_REPORTS, breakdown_label

dash.register_page(__name__, path="/explore", name="Explore", title="Explore · OCSE public figures")
log = logging.getLogger("dashboard.explore")

GRID_MAX_ROWS = 5000
CHART_HEIGHT = 480
DEFAULT = Filters(indicators=(NCMEC_REPORTS,), geographies=("WLD",), breakdowns=("total",))
CHART_NAMES = {"line": "Line chart", "bars": "Ranked bar chart", "map": "World map",
               "step": "Step chart of cumulative figures", "empty": "Empty chart"}
GRID_COLUMNS = [
    {"field": "indicator", "headerName": "Indicator", "minWidth": 220},
    {"field": "period", "headerName": "Period", "minWidth": 120, "width": 200},
    {"field": "geography", "headerName": "Geography", "width": 150},
    {"field": "breakdown", "headerName": "Breakdown", "minWidth": 160},
    {"field": "value", "headerName": "Value", "type": "rightAligned", "width": 130,
     "cellDataType": "number"},
    {"field": "figure", "headerName": "As the source states it", "minWidth": 170},
    {"field": "source", "headerName": "Source", "minWidth": 260},
    {"field": "quote", "headerName": "Source's words", "minWidth": 260},
    {"field": "note", "headerName": "Note", "minWidth": 200},
]


def _options(store):
    topics = store.indicators.sort_values(["topic", "name_en"])
    indicators = [{"label": f"{r.name_en}", "value": r.indicator_id}
                  for r in topics.itertuples(index=False)]
    first, last = store.year_span()
    years = [{"label": str(y), "value": y} for y in range(last, first - 1, -1)]
    return indicators, years


def _geo_options(store, indicators, selected):
    pairs = dict(store.geographies_for(tuple(indicators or ())))
    for code in selected or ():
        pairs.setdefault(code, code)
    return [{"label": f"{name} ({code})", "value": code}
            for code, name in sorted(pairs.items(), key=lambda p: p[1])]


def _breakdown_options(store, indicators, selected):
    values = list(dict.fromkeys([*store.breakdowns_for(tuple(indicators or ())),
                                 *(selected or ())]))
    return [{"label": "Total" if b == "total" else breakdown_label(b), "value": b}
            for b in values]


def _source_options(store, indicators, selected):
    values = list(dict.fromkeys([*store.sources_for(tuple(indicators or ())), *(selected or ())]))
    out = []
    for sid in values:
        src = store.sources.loc[sid]
        when = f" ({src['published']})" if src["published"] else ""
        out.append({"label": f"{src['publisher']}: {src['title']}{when}", "value": sid})
    return out


def _field(label: str, control, help_text: str | None = None) -> html.Div:
    return html.Div([html.Label(label, htmlFor=control.id, className="field-label"), control,
                     html.Small(help_text, className="field-help") if help_text else None],
                    className="field")


def layout(**params) -> html.Div:
    """Filters come from the URL; anything unknown or malformed is dropped with a notice."""
    store = state.store()
    try:
        parsed = query.parse(params, store.vocabulary)
    except Exception:  # a layout must never fail: show the defaults and say so
        log.exception("could not read explorer parameters")
        parsed = query.Parsed(Filters(), ["The link's parameters could not be read."])
    f = parsed.filters if params else DEFAULT
    indicator_opts, year_opts = _options(store)
    ind = list(f.indicators)
    controls = html.Form([
        _field("Indicator", dcc.Dropdown(id=ids.INDICATOR, options=indicator_opts, value=ind,
                                         multi=True, placeholder="All indicators")),
        html.Div([
            _field("From", dcc.Dropdown(id=ids.YEAR_FROM, options=year_opts, value=f.year_from,
                                        placeholder="Earliest")),
            _field("To", dcc.Dropdown(id=ids.YEAR_TO, options=year_opts, value=f.year_to,
                                      placeholder="Latest")),
        ], className="field-row"),
        _field("Geography", dcc.Dropdown(
            id=ids.GEOGRAPHY, options=_geo_options(store, ind, f.geographies),
            value=list(f.geographies), multi=True, placeholder="All (type a country)"),
            "WLD is the world total."),
        _field("Breakdown", dcc.Dropdown(
            id=ids.BREAKDOWN, options=_breakdown_options(store, ind, f.breakdowns),
            value=list(f.breakdowns), multi=True, placeholder="All (companies, reporter type…)"),
            "'Total' is the headline figure; companies and reporter types are its parts."),
        _field("Source", dcc.Dropdown(
            id=ids.SOURCE, options=_source_options(store, ind, f.sources),
            value=list(f.sources), multi=True, placeholder="All sources")),
        dcc.Checklist(id=ids.MILESTONES, options=[{"label": " Show milestones on time axes",
                                                   "value": "on"}], value=[],
                      className="field"),
        html.A("Reset filters", href="/explore?indicator=", className="reset-link"),
    ], className="filters", role="search", **{"aria-label": "Filters"})
    return html.Div([
        html.H1("Explore the figures"),
        notices(parsed.notices),
        html.Div([
            controls,
            html.Section([
                html.Div([
                    html.Div(graph(figures.empty(message="Loading…"), id=ids.CHART,
                                   style={"height": f"{CHART_HEIGHT}px"}),
                             className="chart-box"),
                    html.Aside(id=ids.CAVEATS, className="caveats side-caveats",
                               **{"aria-label": "Caveats for the selected indicators"}),
                ], className="chart-and-caveats"),
                html.P(id=ids.CHART_SUMMARY, className="chart-summary"),
                html.Div([
                    html.P(id=ids.ROW_COUNT, className="row-count", role="status"),
                    html.A("Download CSV", id=ids.DOWNLOAD, href="#", className="button",
                           download=""),
                    html.A("Link to this view", id=ids.SHARE_LINK, href="#",
                           className="button secondary"),
                    html.A("CSV API link", id=ids.API_LINK, href="#", className="api-link"),
                ], className="actions"),
                dag.AgGrid(id=ids.TABLE, columnDefs=GRID_COLUMNS, rowData=[],
                           defaultColDef={"sortable": True, "filter": True, "resizable": True,
                                          "wrapText": False},
                           dashGridOptions={"animateRows": False, "pagination": True,
                                            "paginationPageSize": 20,
                                            "enableCellTextSelection": True,
                                            "tooltipShowDelay": 300},
                           className="ag-theme-quartz explore-table",
                           style={"height": "560px"}),
                html.Small("Table column filters narrow the table only; the download holds "
                           "every row matching the filters on the left.", className="field-help"),
            ], className="results"),
        ], className="explore"),
        dcc.Store(id=ids.QUERY_STORE),
        html.Div(id=ids.URL_SYNC, hidden=True),
    ])


def filters_from(indicator, year_from, year_to, geo, breakdown, source) -> query.Parsed:
    """Callback values are untrusted too: they go through the same parser as the URL."""
    params = {"indicator": indicator, "from": year_from, "to": year_to, "geography": geo,
              "breakdown": breakdown, "source": source}
    clean = {k: v for k, v in params.items() if isinstance(v, (str, int, list, tuple))}
    return query.parse(clean, state.store().vocabulary)


def _rows(df: pd.DataFrame) -> list[dict]:
    out = []
    for r in df.head(GRID_MAX_ROWS).itertuples(index=False):
        label = r.geography_name
        out.append({
            "indicator": r.indicator_name,
            "period": formatting.period(r.period_start, r.period_end),
            "geography": f"{label} ({r.geography})",
            "breakdown": "Total" if r.breakdown == "total" else breakdown_label(r.breakdown),
            "value": float(r.value),
            "figure": formatting.qualified(r.value, r.qualifier, r.unit, short=False),
            "source": f"{r.publisher}: {r.title}" + (" [secondary]" if r.secondary else ""),
            "quote": r.quote,
            "note": r.note,
        })
    return out


def _caveats(store, df: pd.DataFrame):
    items = []
    for ind in df["indicator_id"].unique()[:8]:
        row = store.indicator(ind)
        items.append(html.Div([html.H3(row["name_en"]),
                               html.P(row["definition_en"], className="definition"),
                               html.P(row["caveat_en"]) if row["caveat_en"] else None],
                              className="caveat"))
    if df["secondary"].any():
        items.append(html.P("Open markers and '[secondary]' rows come from secondary sources "
                            "(a third party's transcription or report).", className="caveat"))
    _, others = figures.preferred(df)
    if not others.empty:
        items.append(html.P("Sources disagree on some figures: every value is shown (diamonds in "
                            "the chart) and listed in the table with its source.",
                            className="caveat"))
    if not items:
        return [html.P("Choose an indicator to see its definition and caveats.")]
    return [html.H2("What these figures mean"), *items]


def _summary(chart: figures.ChartPlan, total: int) -> str:
    """The chart's text alternative: what it draws, its span, and its largest figure."""
    kind, df = chart.kind, chart.frame
    if df.empty:
        return "No figures match these filters."
    top = df.loc[df["value"].idxmax()]
    label = top["geography_name"] if top["breakdown"] == "total" else breakdown_label(
        top["breakdown"])
    names = ", ".join(df["indicator_name"].unique()[:3])
    if kind in ("map", "bars"):
        top = df[df["year"] == df["year"].max()]
        top = top.loc[top["value"].idxmax()]
        label = top["geography_name"] if kind == "map" else breakdown_label(top["breakdown"])
    scope = {"countries": " by country", "companies": " by company"}.get(chart.scope, "")
    span = (f"{int(df['year'].max())}" if kind in ("map", "bars") else
            f"{int(df['period_start'].dt.year.min())}–{int(df['year'].max())}")
    rest = (f" The table lists all {total:,} matching figures." if total > len(df) else "")
    value = formatting.qualified(top["value"], top["qualifier"], top["unit"], False)
    return (f"{CHART_NAMES[kind]} of {names}{scope}, {span}. Largest: {label}, {value} "
            f"({formatting.period(top['period_start'], top['period_end'])}).{rest}")


@dash.callback(
    Output(ids.GEOGRAPHY, "options"), Output(ids.BREAKDOWN, "options"),
    Output(ids.SOURCE, "options"),
    Input(ids.INDICATOR, "value"),
    State(ids.GEOGRAPHY, "value"), State(ids.BREAKDOWN, "value"), State(ids.SOURCE, "value"),
)
def update_options(indicator, geo, breakdown, source):
    store = state.store()
    parsed = filters_from(indicator, None, None, geo, breakdown, source)
    f = parsed.filters
    ind = list(f.indicators)
    return (_geo_options(store, ind, f.geographies), _breakdown_options(store, ind, f.breakdowns),
            _source_options(store, ind, f.sources))


@dash.callback(
    Output(ids.CHART, "figure"), Output(ids.CHART_SUMMARY, "children"),
    Output(ids.TABLE, "rowData"), Output(ids.CAVEATS, "children"),
    Output(ids.ROW_COUNT, "children"), Output(ids.DOWNLOAD, "href"),
    Output(ids.API_LINK, "href"), Output(ids.SHARE_LINK, "href"), Output(ids.QUERY_STORE, "data"),
    Input(ids.INDICATOR, "value"), Input(ids.YEAR_FROM, "value"), Input(ids.YEAR_TO, "value"),
    Input(ids.GEOGRAPHY, "value"), Input(ids.BREAKDOWN, "value"), Input(ids.SOURCE, "value"),
    Input(ids.MILESTONES, "value"),
)
def update_view(indicator, year_from, year_to, geo, breakdown, source, milestones):
    store = state.store()
    f = filters_from(indicator, year_from, year_to, geo, breakdown, source).filters
    df = store.query(f)
    events = store.events if isinstance(milestones, list) and "on" in milestones else None
    chart = figures.plan(df, len(f.geographies))
    title = df["indicator_name"].iloc[0] if df["indicator_id"].nunique() == 1 else ""
    fig = figures.build(df, title=title, events=events, geographies_filtered=len(f.geographies))
    qs = urlencode(f.to_query(), safe=",")
    shown = min(len(df), GRID_MAX_ROWS)
    count = f"{len(df):,} figures match." + (
        f" The table shows the first {shown:,}; the download holds all." if shown < len(df)
        else "")
    return (fig, _summary(chart, len(df)), _rows(df), _caveats(store, df), count,
            f"/api/extract.csv?{qs}", f"/api/extract.csv?{qs}", f"/explore?{qs}", qs)


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
