"""Pure figure functions: a query result in (dashboard/rows.py's Rows, or a DataFrame, read
as Rows), a plotly figure out, as the plain dict dcc.Graph sends to plotly.js
({"data": [...], "layout": {...}}). No Dash here.

Plain dicts rather than plotly.graph_objects: building and serialising graph objects (property
validation, the default template deep-copied into every figure) cost ten times the rest of a
callback. tests/dashboard/test_figures.py validates every kind of figure against plotly's schema
(`go.Figure(fig)`), so a misspelt property still fails a test."""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from dashboard import formatting, i18n, keys
from dashboard import preferred as preferred_rule
from dashboard.derived import SERIES
from dashboard.headlines import crosses_break
from dashboard.i18n import DEFAULT, t
from dashboard.labels import entity_label
from dashboard.rows import Rows
from dashboard.theme import DESK, Theme
from validation import geography

MAX_LINES = 8
# With colour, each series gets its own marker shape: colour never carries meaning alone.
SYMBOLS = ("circle", "square", "diamond", "triangle-up", "x", "star", "triangle-down",
           "cross")
HOVER = ("%{customdata[0]}<br>%{customdata[1]}<br>%{customdata[2]}<br>%{customdata[3]}"
         "<extra></extra>")
Figure = dict  # {"data": [trace, ...], "layout": {...}}, JSON-ready
POINT = [*SERIES, "period_start", "period_end"]  # one figure of a series: sources may differ


@dataclass(frozen=True)
class ChartPlan:
    """What the chart draws: its kind, the coherent slice of rows, and which dimension."""

    kind: str  # empty | map | bars | step | line
    frame: Rows
    scope: str  # e.g. "countries", "companies", "" when every row is drawn
    left_out: tuple[str, ...] = ()  # indicators not drawn: another unit than the one drawn


def plan(df: Rows | pd.DataFrame, geographies_filtered: int = 0) -> ChartPlan:
    """What a view may draw. Rules, in order: one unit per chart (never two units on one
    axis: the first indicator's unit is drawn and the others are named as left out); one
    dimension (a chart never ranks a company against a country); cumulative or as-of figures
    as dated points; a map only for countries; ranked bars for one year of a breakdown; lines
    for yearly series."""
    df = Rows.of(df)
    if df.empty:
        return ChartPlan("empty", df, "")
    units = df.distinct("unit")
    if len(units) > 1:
        unit = df["unit"]
        left = tuple(dict.fromkeys(df["indicator_id"][unit != units[0]].tolist()))
        chart = plan(df.where(unit == units[0]), geographies_filtered)
        return dataclasses.replace(chart, left_out=left)
    calendar = df["calendar_year"].astype(bool)
    if not calendar.any():
        return ChartPlan("step", df, "")
    scope = "" if calendar.all() else "yearly figures"
    df = df.where(calendar)
    kinds = df["breakdown_kind"]
    country = kinds == "country"
    if country.any():
        if geographies_filtered == 0 or geographies_filtered > MAX_LINES:
            return ChartPlan("map", df.where(country), "countries")
        if not country.all():
            keep = country | (df["geography"] != geography.WORLD) | (kinds == "total")
            return ChartPlan("line", df.where(keep), "selected geographies")
    company = kinds == "company"
    if company.any():
        companies = df.where(company)
        if len(set(df["year"].tolist())) == 1:
            return ChartPlan("bars", companies, "companies")
        if len(set(companies["entity"].tolist())) > MAX_LINES:
            return ChartPlan("line", top_series(companies, MAX_LINES), "top companies")
        return ChartPlan("line", companies, "companies")
    parts = kinds != "total"
    if len(set(df["entity"][parts].tolist())) > MAX_LINES:
        return ChartPlan("bars", df.where(parts), "breakdown")
    return ChartPlan("line", df, scope)


def top_series(df: Rows, n: int) -> Rows:
    """The rows of the `n` series with the largest sum over the span (a ranking over time, not
    of the latest year alone; a tie goes to the series seen first)."""
    series = keys.codes(df, SERIES)
    sums = np.bincount(series, weights=df["value"].astype(float))
    return df.where(np.isin(series, np.argsort(-sums, kind="stable")[:n]))


def _axis(theme: Theme, **extra) -> dict:
    return {"gridcolor": theme.grid, "linecolor": theme.grid, "tickfont": {"size": theme.tick_size},
            "zeroline": False, "automargin": True, "ticks": "",
            "title": {"standoff": theme.title_standoff}, **extra}


def _axis_title(theme: Theme, text: str) -> dict:
    return {"text": text, "standoff": theme.title_standoff}


def _layout(theme: Theme, title: str, ytitle: str = "", lang: str = DEFAULT) -> dict:
    """Everything a figure's look needs, stated in full (no plotly template is sent), at the
    theme's size where it has one."""
    left, right, top, bottom = theme.margin
    layout = {
        "title": {"text": title, "font": {"size": theme.title_size}, "x": 0, "xanchor": "left"},
        "font": {"family": theme.font_family, "size": theme.font_size, "color": theme.text},
        "paper_bgcolor": theme.background, "plot_bgcolor": theme.plot_background,
        "margin": {"l": left, "r": right, "t": top + (theme.title_size if title else 0),
                   "b": bottom},
        "hoverlabel": {"font": {"size": theme.font_size}, "align": "left"},
        "hovermode": "closest",
        "legend": {"orientation": "h", "yanchor": "top", "y": theme.legend_y, "x": 0,
                   "font": {"size": theme.font_size}},
        "colorway": list(theme.palette),
        "separators": i18n.plotly_separators(lang),
        "xaxis": _axis(theme),
        "yaxis": _axis(theme, title=_axis_title(theme, ytitle), rangemode="tozero"),
    }
    if theme.figure_size:
        layout["width"], layout["height"] = theme.figure_size
    if not theme.legend:
        layout["showlegend"] = False
    return layout


def _figure(data: list[dict], layout: dict) -> Figure:
    return {"data": data, "layout": layout}


def _custom(df: Rows | pd.DataFrame, lang: str = DEFAULT) -> list[list[str]]:
    """Per point: value with qualifier, period, source, and a secondary-source mark. Built
    column by column (the labels that repeat are formatted once per distinct value)."""
    df = Rows.of(df)
    if df.empty:
        return []
    units = {u: formatting.unit_label(u, lang) for u in df.distinct("unit")}
    labels = _entity_labels(df, lang)
    primary, secondary = t("source.primary", lang), t("source.secondary_long", lang)
    heads = []
    signed = _measure(df) in ("change", "change_pct")
    for (value, qualifier, unit, kind, entity, name), printed in zip(
            df.records("value", "qualifier", "unit", "breakdown_kind", "entity",
                       i18n.localized("geography_name", lang)), _printed(df, lang),
            strict=True):
        text = figure_text(value, qualifier, unit, lang)
        if signed:
            text = ("+" + text) if value > 0 else text.replace("-", "\u2212", 1)
        head = f"<b>{text}</b>" + ("" if unit == "percent" else f" {units[unit]}")
        label = name if kind == "country" else labels[entity]
        if label and entity != "total":
            head += f" · {label}"
        if printed:
            head += f"<br>{printed}"
        heads.append(head)
    periods = formatting.periods(df["period_start"], df["period_end"], lang,
                                 df["end_precision"])
    sources = [f"{p}: {_clip(ti, 70)}" for p, ti in
               zip(in_lang(df, "publisher", lang), in_lang(df, "title", lang), strict=True)]
    marks = [secondary if s else primary for s in df["secondary"].tolist()]
    return [list(row) for row in zip(heads, periods, sources, marks, strict=True)]


def figure_text(value: float, qualifier: str, unit: str, lang: str = DEFAULT) -> str:
    """A figure in full with its qualifier ('more than 1,000'), formatted once per distinct
    figure and language rather than once per view (formatting.qualified's bounded cache)."""
    return formatting.qualified(value, qualifier, unit, short=False, lang=lang)


def in_lang(df: Rows, column: str, lang: str) -> list[str]:
    """A source's publisher or title in the page's language (its official French name where
    sources.csv gives one, else as published)."""
    if lang != "fr" or f"{column}_fr" not in df:
        return df[column].tolist()
    return [fr if isinstance(fr, str) and fr else en
            for en, fr in df.records(column, f"{column}_fr")]


def _entity_labels(df: Rows, lang: str) -> dict[str, str]:
    pairs = dict(df.records("entity", "company"))
    return {e: entity_label(e, c, lang) for e, c in pairs.items()}


def _printed(df: Rows, lang: str) -> list[str]:
    """For a company's point, the name its table printed, or the printed rows it adds up;
    for a value computed here, what it was computed against."""
    measure = _measure(df)
    if measure not in ("", "value"):
        return [t(f"measure.hover.{measure}", lang, year=int(y))
                for y in df["against_year"].tolist()]
    if "computed" not in df:
        return [""] * len(df)
    out = []
    for company, computed, parts, printed in df.records("company", "computed", "parts",
                                                        "printed"):
        if computed:
            out.append(t("company.computed_sum", lang, n=parts, names=_clip(printed, 90)))
        elif company and printed != company:
            out.append(t("company.printed_as", lang, names=printed))
        else:
            out.append("")
    return out


def _clip(text: str, n: int) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"


def _indicator_name(df: Rows, lang: str, indicator: str | None = None) -> str:
    rows = df if indicator is None else df.where(df["indicator_id"] == indicator)
    return rows[i18n.localized("indicator_name", lang)][0]


def _series_namer(df: Rows, lang: str = DEFAULT):
    """key (indicator, geography, breakdown) -> the legend name: only the parts that vary."""
    several_indicators = len(set(df["indicator_id"].tolist())) > 1
    several_geos = len(set(df["geography"].tolist())) > 1
    several_breakdowns = len(set(df["entity"].tolist())) > 1
    labels = _entity_labels(df, lang)

    def name(key: tuple) -> str:
        indicator, geo, entity = key
        names = []
        if several_indicators:
            names.append(_indicator_name(df, lang, indicator))
        if several_geos:
            names.append(i18n.country_name(geo, lang))
        if entity != "total" or several_breakdowns:
            names.append(labels[entity])
        return " · ".join(names) or _indicator_name(df, lang)

    return name


def preferred(df: Rows | pd.DataFrame) -> tuple[Rows, Rows]:
    """Per series and period: the value to draw (by the rule of dashboard/preferred.py), and
    every other source's differing value, shown beside it rather than hidden."""
    ordered = preferred_rule.order(Rows.of(df), POINT)
    point = keys.codes(ordered, POINT)
    extra = keys.repeated(point)
    if not extra.any():
        return ordered, ordered.head(0)
    values = ordered["value"]
    drawn = values[~extra][point]  # each point's first row is the drawn one, in code order
    differs = extra & (values != drawn)
    return ordered.where(~extra), ordered.where(differs)


def disagreement(df: Rows) -> bool:
    """Does any source give a different value for a series and period than the one drawn?"""
    repeated = keys.duplicated(df, POINT, keep=False)
    return bool(repeated.any()) and not preferred(df.where(repeated))[1].empty


def _series(df: Rows, order_by: list[str],
            limit: int | None = None) -> tuple[Rows, list[tuple[tuple, int, int]]]:
    """The rows of `df` grouped by series (indicator, geography, breakdown) in order of first
    appearance, each sorted by `order_by`, and each series' (key, start, stop) in them. With
    `limit`, only the `limit` series holding the largest values. One sort for all series."""
    series = keys.codes(df, SERIES)
    if limit is not None and series.max(initial=-1) + 1 > limit:
        largest = np.full(series.max() + 1, -np.inf)
        np.maximum.at(largest, series, df["value"].astype(float))
        keep = np.isin(series, np.argsort(-largest, kind="stable")[:limit])
        df, series = df.where(keep), series[keep]
    order = np.lexsort([*(df[c] for c in reversed(order_by)), series])
    df, series = df.take(order), series[order]
    cuts = np.flatnonzero(np.diff(series)) + 1
    starts, stops = np.r_[0, cuts].tolist(), np.r_[cuts, len(series)].tolist()
    ids = list(df.records(*SERIES))
    return df, [(ids[a], a, b) for a, b in zip(starts, stops, strict=True) if b > a]


def _symbols(symbol: str, secondary: list) -> list[str]:
    """Secondary sources get the open variant of the series' marker."""
    return [f"{symbol}-open" if s else symbol for s in secondary]


def line_chart(df: Rows | pd.DataFrame, theme: Theme = DESK, title: str = "",
               events: pd.DataFrame | None = None, lang: str = DEFAULT) -> Figure:
    """Yearly series: one line per indicator/geography/breakdown, other sources as markers."""
    df = Rows.of(df)
    data = []
    main, others = preferred(df)
    name = _series_namer(df, lang)
    rows, spans = _series(main, ["year"])
    years, values = rows["year"].tolist(), rows["value"].tolist()
    custom, secondary = _custom(rows, lang), rows["secondary"].tolist()
    breaks = _breaks(rows)
    for i, (key, a, b) in enumerate(spans):
        color = theme.palette[i % len(theme.palette)]
        x, y, hover = _gap_at_break(breaks.get(key[0], 0), years[a:b], values[a:b],
                                    custom[a:b])
        data.append({
            "type": "scatter", "x": x, "y": y, "name": name(key), "mode": "lines+markers",
            "connectgaps": False, "line": {"width": theme.line_width, "color": color},
            "marker": {"size": theme.marker_size, "color": color,
                       "symbol": _symbols(SYMBOLS[i % len(SYMBOLS)], secondary[a:b])},
            "customdata": hover, "hovertemplate": HOVER})
    if not others.empty:
        data.append({
            "type": "scatter", "x": others["year"].tolist(), "y": others["value"].tolist(),
            "name": t("fig.other_source", lang), "mode": "markers",
            "marker": {"size": theme.marker_size + theme.emphasis, "symbol": "diamond-open",
                       "color": theme.text, "line": {"width": theme.outline_width}},
            "customdata": _custom(others, lang), "hovertemplate": HOVER})
    fig = _figure(data, _layout(theme, title, _unit_title(df, lang), lang))
    _mark_counting_break(fig, df, theme, lang=lang)
    if events is not None and not events.empty:
        _add_events(fig, events, theme, int(df["year"].min()), int(df["year"].max()), lang)
    fig["layout"]["xaxis"].update(tickformat="d")
    if len(set(df["year"].tolist())) <= 12:
        fig["layout"]["xaxis"]["dtick"] = 1
    return fig


def _breaks(df: Rows) -> dict[str, int]:
    """indicator -> the year from which its source counts differently (data/series_breaks.csv)."""
    if "series_break" not in df:
        return {}
    return {i: int(b) for i, b in df.records("indicator_id", "series_break") if b > 0}


def _gap_at_break(year: int, years: list, values: list,
                  hover: list) -> tuple[list, list, list]:
    """A line is not drawn across a series break: the two sides count differently."""
    if not year or not years:
        return years, values, hover
    for i in range(1, len(years)):
        if crosses_break(year, years[i - 1], years[i]):
            return (years[:i] + [year - 0.5] + years[i:],
                    values[:i] + [None] + values[i:], hover[:i] + [["", "", "", ""]] + hover[i:])
    return years, values, hover


def _unit_title(df: Rows, lang: str = DEFAULT) -> str:
    """The value axis' title: the unit ('Reports'), or for a view computed here what it
    shows and in which unit ('Change on the previous year (reports)')."""
    units = df.distinct("unit")
    if len(units) != 1:
        return ""
    unit = formatting.unit_label(units[0], lang)
    measure = _measure(df)
    if measure in ("", "value"):
        return unit.capitalize()
    label = t(f"measure.{measure}", lang)
    return label if measure == "index" else f"{label} ({unit})"


def _measure(df: Rows) -> str:
    """Which derived view the rows are ('' or 'value': the figures as published)."""
    if "measure" not in df or df.empty:
        return ""
    return str(df["measure"][0])


def _mark_counting_break(fig: Figure, df: Rows, theme: Theme,
                         label: bool = True, lang: str = DEFAULT) -> None:
    breaks = set(_breaks(df).values())
    if len(breaks) != 1:
        return
    year = breaks.pop()
    within = df["year"][df["series_break"] == year]
    if not len(within) or not crosses_break(year, within.min(), within.max()):
        return
    layout = fig["layout"]
    layout.setdefault("shapes", []).append({
        "type": "line", "x0": year - 0.5, "x1": year - 0.5,
        "xref": "x", "y0": 0, "y1": 1, "yref": "y domain",
        "line": {"dash": "dash", "color": theme.muted, "width": max(1, theme.line_width / 2)}})
    if not label:
        return
    layout.setdefault("annotations", []).append({
        "x": year - 0.5, "y": 1, "yref": "paper", "xanchor": "right",
        "yanchor": "top", "showarrow": False,
        "font": {"color": theme.muted, "size": theme.tick_size},
        "text": t("fig.counting_change", lang, year=year)})


def _add_events(fig: Figure, events: pd.DataFrame, theme: Theme, first: int,
                last: int, lang: str = DEFAULT) -> None:
    """Milestones as markers along the top edge, described on hover."""
    ev = events[(events["date"].dt.year >= first) & (events["date"].dt.year <= last)]
    ev = ev.drop_duplicates(["date", "event_en"])
    if ev.empty:
        return
    x = ev["date"].dt.year + (ev["date"].dt.day_of_year - 1) / 366
    name = t("fig.milestone", lang)
    fig["data"].append({
        "type": "scatter", "x": x.tolist(), "y": [1] * len(ev), "yaxis": "y2", "mode": "markers",
        "name": name,
        "marker": {"symbol": "triangle-down", "size": theme.marker_size + theme.emphasis,
                   "color": theme.muted},
        "customdata": [[f"{d:%Y-%m-%d}", e] for d, e in
                       zip(ev["date"], ev[f"event_{lang}"], strict=True)],
        "hovertemplate": "%{customdata[0]}<br>%{customdata[1]}<extra>" + name + "</extra>"})
    fig["layout"]["yaxis2"] = {"overlaying": "y", "range": [0, 1.04], "visible": False,
                               "fixedrange": True}


def ranked_bars(df: Rows | pd.DataFrame, theme: Theme = DESK, title: str = "",
                top_n: int | None = None, lang: str = DEFAULT) -> Figure:
    """A breakdown in one year: the largest parts first (the table keeps every row)."""
    df = Rows.of(df)
    top_n = top_n or theme.top_n
    latest = int(df["year"].max())
    main, _ = preferred(df.where(df["year"] == latest))
    main = main.take(np.argsort(-main["value"].astype(float), kind="stable")[:top_n][::-1])
    entity_names = _entity_labels(main, lang)
    labels = [entity_names[e] if k != "country" else n for e, k, n in
              main.records("entity", "breakdown_kind", i18n.localized("geography_name", lang))]
    bar = {
        "type": "bar", "x": main["value"].tolist(), "y": labels, "orientation": "h",
        "marker": {"color": theme.palette[0]},
        "text": [formatting.qualified(v, q, u, lang=lang) for v, q, u in
                 main.records("value", "qualifier", "unit")],
        "textposition": "outside", "cliponaxis": False, "customdata": _custom(main, lang),
        "hovertemplate": HOVER}
    subtitle = (t("fig.top", lang, title=title, n=min(top_n, len(main)), year=latest)
                if title else "")
    layout = _layout(theme, subtitle, lang=lang)
    layout["xaxis"].update(title=_axis_title(theme, _unit_title(df, lang)), rangemode="tozero")
    layout["yaxis"].update(rangemode="normal", automargin=True)
    layout["showlegend"] = False
    if not theme.figure_size:  # filling its box: the box grows with the bars
        least, per_bar, extra = theme.bars_height
        layout["height"] = max(least, per_bar * len(main) + extra)
    return _figure([bar], layout)


def world_map(df: Rows | pd.DataFrame, theme: Theme = DESK, title: str = "",
              lang: str = DEFAULT) -> Figure:
    """A by-country indicator in its latest year; codes with no shape are listed, not drawn."""
    df = Rows.of(df)
    latest = int(df["year"].max())
    main, _ = preferred(df.where((df["year"] == latest) & (df["breakdown_kind"] == "country")))
    shapes = geography.iso_alpha3()
    drawable = main.where(main.isin("geography", shapes))
    z = np.log10(np.clip(drawable["value"].astype(float), 1, None))
    top = max(1, math.ceil(z.max())) if len(z) else 1
    ticks = list(range(0, top + 1))
    choropleth = {
        "type": "choropleth", "locations": drawable["geography"].tolist(), "z": z.tolist(),
        "locationmode": "ISO-3", "colorscale": theme.sequential, "zmin": 0, "zmax": top,
        "marker": {"line": {"width": theme.border_width, "color": theme.grid}},
        "colorbar": {"title": {"text": f"{_unit_title(df, lang)} ({t('fig.log_scale', lang)})"},
                     "tickvals": ticks,
                     "ticktext": [formatting.compact(10 ** k, lang=lang) for k in ticks],
                     "tickfont": {"size": theme.tick_size}, "outlinewidth": 0, "ticks": ""},
        "customdata": _custom(drawable, lang), "hovertemplate": HOVER}
    layout = _layout(theme, f"{title} — {latest}" if title else str(latest), lang=lang)
    layout["geo"] = {"fitbounds": False, "projection": {"type": "natural earth"},
                     "showframe": False, "showcoastlines": False, "showland": True,
                     "landcolor": theme.grid, "showlakes": True, "lakecolor": theme.background,
                     "bgcolor": theme.background, "lataxis": {"range": [-58, 85]}}
    layout["margin"].update(l=theme.map_side_margin, r=theme.map_side_margin)
    return _figure([choropleth], layout)


def step_chart(df: Rows | pd.DataFrame, theme: Theme = DESK, title: str = "",
               events: pd.DataFrame | None = None, lang: str = DEFAULT) -> Figure:
    """Cumulative or as-of figures: a dated point at each figure's as-of date, joined only to
    the next point of the same series from the same source (a gap between two reports is
    never drawn as a plateau, nor as a step). Draws the MAX_LINES largest series (the table
    holds every row)."""
    df = Rows.of(df)
    data = []
    name = _series_namer(df, lang)
    main, _ = preferred(df)
    rows, spans = _series(main, ["period_end", "value"], limit=MAX_LINES)
    dates, known = _placed(rows["period_end"], rows["end_precision"])
    values, secondary = rows["value"].tolist(), rows["secondary"].tolist()
    sources = rows["source_id"].tolist()
    custom = _custom(rows, lang)
    for i, (key, a, b) in enumerate(spans):
        color = theme.palette[i % len(theme.palette)]
        x, y, hover, marks = [], [], [], []
        for j in range(a, b):
            if j > a and sources[j] != sources[j - 1]:  # another report: no line across
                x.append(None)
                y.append(None)
                hover.append(["", "", "", ""])
                marks.append(False)
            x.append(dates[j])
            y.append(values[j])
            hover.append(custom[j])
            marks.append(secondary[j])
        data.append({
            "type": "scatter", "x": x, "y": y, "name": name(key), "mode": "lines+markers",
            "connectgaps": False,
            "line": {"shape": "linear", "width": theme.line_width, "color": color},
            "marker": {"size": theme.marker_size + theme.dated_point, "color": color,
                       "symbol": _symbols(SYMBOLS[i % len(SYMBOLS)], marks)},
            "customdata": hover, "hovertemplate": HOVER})
        data += _spans([known[j] for j in range(a, b)], values[a:b], color, theme)
    if events is not None and not events.empty:
        data += _dated_events(events, df["period_end"].min(), df["period_end"].max(), theme,
                              lang)
    layout = _layout(theme, title, _unit_title(df, lang), lang)
    layout["xaxis"].update(title=_axis_title(theme, t("fig.as_of_axis", lang)),
                           tickformat="%b %Y", type="date")
    if any(window for window in known) and "showlegend" not in layout:
        layout["showlegend"] = len(spans) > 1  # the spans' traces are no series of their own
    return _figure(data, layout)


def _dated_events(events: pd.DataFrame, lo, hi, theme: Theme, lang: str) -> list[dict]:
    """Milestones on a date axis: a marker on the axis at each date, its text in the hover."""
    lo, hi = pd.Timestamp(lo), pd.Timestamp(hi)
    ev = events[(events["date"] >= lo - pd.Timedelta(days=400)) & (events["date"] <= hi)]
    name = t("fig.milestone", lang)
    return [{"type": "scatter", "x": [f"{d:%Y-%m-%d}"], "y": [0], "mode": "markers",
             "showlegend": False,
             "marker": {"symbol": "triangle-up", "color": theme.muted,
                        "size": theme.marker_size + theme.dated_point},
             "hovertemplate": f"{d:%Y-%m-%d}<br>{text}<extra>{name}</extra>"}
            for d, text in zip(ev["date"], ev[f"event_{lang}"], strict=True)]


def _placed(ends: np.ndarray, precisions: np.ndarray) -> tuple[list[str], list]:
    """Where each as-of point is drawn, and the window its date is known to. A date known
    only to the year (stored as 31 December) is drawn mid-year, one known only to the month
    mid-month, each with its whole year or month as a span: never a year or a month late."""
    end = np.asarray(ends, dtype="datetime64[D]")
    how = np.asarray(precisions, dtype=object)
    year, month = how == "year", how == "month"
    first = np.where(year, end.astype("datetime64[Y]").astype("datetime64[D]"),
                     np.where(month, end.astype("datetime64[M]").astype("datetime64[D]"), end))
    drawn = first + (end - first) // 2
    windows = zip(_days(first), _days(end), (year | month).tolist(), strict=True)
    return _days(drawn), [(a, b) if window else None for a, b, window in windows]


def _days(dates: np.ndarray) -> list[str]:
    return np.datetime_as_string(dates, unit="D").tolist()


def _spans(known: list, values: list, color: str, theme: Theme) -> list[dict]:
    """One trace of horizontal bars: the year or month a point's date is known to."""
    x, y = [], []
    for window, value in zip(known, values, strict=True):
        if window is not None:
            x += [window[0], window[1], None]
            y += [value, value, None]
    if not x:
        return []
    return [{"type": "scatter", "x": x, "y": y, "mode": "lines", "showlegend": False,
             "hoverinfo": "skip", "opacity": 0.45,
             "line": {"color": color, "width": theme.line_width * 3}}]


def empty(theme: Theme = DESK, message: str | None = None, lang: str = DEFAULT) -> Figure:
    message = t("fig.no_match", lang) if message is None else message
    layout = _layout(theme, "", lang=lang)
    layout["annotations"] = [{"text": message, "showarrow": False, "x": 0.5, "y": 0.5,
                              "xref": "paper", "yref": "paper",
                              "font": {"size": theme.title_size, "color": theme.muted}}]
    layout["xaxis"]["visible"] = False
    layout["yaxis"]["visible"] = False
    return _figure([], layout)


def sparkline(years: Rows | pd.DataFrame, theme: Theme = DESK, lang: str = DEFAULT) -> Figure:
    """A small trend for a headline card: no axes titles, hover still exact."""
    years = Rows.of(years)
    trace = {"type": "scatter", "x": years["year"].tolist(), "y": years["value"].tolist(),
             "mode": "lines", "fill": "tozeroy",
             "line": {"color": theme.palette[0], "width": theme.line_width},
             "customdata": _custom(years, lang), "hovertemplate": HOVER}
    layout = _layout(theme, "", lang=lang)
    left, right, top, bottom = theme.spark_margin
    layout.update(margin={"l": left, "r": right, "t": top, "b": bottom},
                  height=theme.spark_height, showlegend=False)
    layout["yaxis"].update(tickformat="~s", nticks=3)
    layout["xaxis"].update(nticks=6, tickformat="d")
    fig = _figure([trace], layout)
    _mark_counting_break(fig, years, theme, label=False)
    return fig


def build(df: Rows | pd.DataFrame, theme: Theme = DESK, title: str = "",
          events: pd.DataFrame | None = None, geographies_filtered: int = 0,
          lang: str = DEFAULT, chart: ChartPlan | None = None) -> Figure:
    """The chart that follows the data (see plan; `chart`: that plan, if already made)."""
    return draw(chart or plan(df, geographies_filtered), theme, title, events, lang)


def draw(chart: ChartPlan, theme: Theme = DESK, title: str = "",
         events: pd.DataFrame | None = None, lang: str = DEFAULT,
         scale: str = "linear") -> Figure:
    """The figure of a chart plan; `scale='log'` puts the value axis on a log scale."""
    kind, df = chart.kind, chart.frame
    if kind == "empty":
        return empty(theme, lang=lang)
    if kind == "map":
        return world_map(df, theme, title, lang)
    if kind == "bars":
        fig = ranked_bars(df, theme, title, lang=lang)
    elif kind == "step":
        fig = step_chart(df, theme, title, events, lang)
    else:
        fig = line_chart(df, theme, title, events, lang)
    if scale == "log":
        axis = "xaxis" if kind == "bars" else "yaxis"
        fig["layout"][axis]["type"] = "log"
        fig["layout"][axis].pop("rangemode", None)  # 'tozero' means nothing on a log axis
    return fig
