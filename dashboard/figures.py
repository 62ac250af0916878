"""Pure figure functions: a query result in, a plotly figure out, as the plain dict dcc.Graph
sends to plotly.js ({"data": [...], "layout": {...}}). No Dash here.

Plain dicts rather than plotly.graph_objects: building and serialising graph objects (property
validation, the default template deep-copied into every figure) cost ten times the rest of a
callback. tests/dashboard/test_figures.py validates every kind of figure against plotly's schema
(`go.Figure(fig)`), so a misspelt property still fails a test."""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import pandas as pd

from dashboard import formatting, i18n, keys
from dashboard import preferred as preferred_rule
from dashboard.derived import SERIES
from dashboard.headlines import crosses_break
from dashboard.i18n import DEFAULT, t
from dashboard.labels import entity_label
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
    frame: pd.DataFrame
    scope: str  # e.g. "countries", "companies", "" when every row is drawn
    left_out: tuple[str, ...] = ()  # indicators not drawn: another unit than the one drawn


def plan(df: pd.DataFrame, geographies_filtered: int = 0) -> ChartPlan:
    """What a view may draw. Rules, in order: one unit per chart (never two units on one
    axis: the first indicator's unit is drawn and the others are named as left out); one
    dimension (a chart never ranks a company against a country); cumulative or as-of figures
    as dated points; a map only for countries; ranked bars for one year of a breakdown; lines
    for yearly series."""
    if df.empty:
        return ChartPlan("empty", df, "")
    units = df["unit"].unique()
    if len(units) > 1:
        kept = df[df["unit"] == units[0]]
        left = tuple(dict.fromkeys(df.loc[df["unit"] != units[0], "indicator_id"]))
        chart = plan(kept, geographies_filtered)
        return dataclasses.replace(chart, left_out=left)
    calendar = df["calendar_year"].to_numpy(dtype=bool)
    if not calendar.any():
        return ChartPlan("step", df, "")
    scope = "" if calendar.all() else "yearly figures"
    df = _where(df, calendar)
    kinds = df["breakdown_kind"].to_numpy()
    country = kinds == "country"
    if country.any():
        if geographies_filtered == 0 or geographies_filtered > MAX_LINES:
            return ChartPlan("map", _where(df, country), "countries")
        if not country.all():
            keep = country | (df["geography"].to_numpy() != geography.WORLD) | (kinds == "total")
            return ChartPlan("line", _where(df, keep), "selected geographies")
    company = kinds == "company"
    if company.any():
        companies = _where(df, company)
        if len(set(df["year"].tolist())) == 1:
            return ChartPlan("bars", companies, "companies")
        if len(set(companies["entity"].tolist())) > MAX_LINES:
            return ChartPlan("line", top_series(companies, MAX_LINES), "top companies")
        return ChartPlan("line", companies, "companies")
    parts = kinds != "total"
    if len(set(df["entity"].to_numpy()[parts].tolist())) > MAX_LINES:
        return ChartPlan("bars", _where(df, parts), "breakdown")
    return ChartPlan("line", df, scope)


def _where(df: pd.DataFrame, mask: np.ndarray) -> pd.DataFrame:
    """The rows of `df` where `mask` holds (the frame itself when it holds everywhere;
    `take` by position costs a fraction of a boolean index on a small frame)."""
    return df if mask.all() else df.take(np.flatnonzero(mask))


def top_series(df: pd.DataFrame, n: int) -> pd.DataFrame:
    """The rows of the `n` series with the largest sum over the span (a ranking over time, not
    of the latest year alone)."""
    sums = df.groupby(SERIES, observed=True)["value"].sum().nlargest(n)
    keep = pd.MultiIndex.from_frame(df[SERIES]).isin(sums.index)
    return df[keep]


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


def _custom(df: pd.DataFrame, lang: str = DEFAULT) -> list[list[str]]:
    """Per point: value with qualifier, period, source, and a secondary-source mark. Built
    column by column (the labels that repeat are formatted once per distinct value)."""
    if df.empty:
        return []
    units = {u: formatting.unit_label(u, lang) for u in df["unit"].unique()}
    names = df[i18n.localized("geography_name", lang)]
    labels = _entity_labels(df, lang)
    primary, secondary = t("source.primary", lang), t("source.secondary_long", lang)
    heads = []
    signed = _measure(df) in ("change", "change_pct")
    for value, qualifier, unit, kind, entity, name, printed in zip(
            df["value"], df["qualifier"], df["unit"], df["breakdown_kind"], df["entity"],
            names, _printed(df, lang), strict=True):
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
    marks = [secondary if s else primary for s in df["secondary"]]
    return [list(row) for row in zip(heads, periods, sources, marks, strict=True)]


@lru_cache(maxsize=16384)
def figure_text(value: float, qualifier: str, unit: str, lang: str = DEFAULT) -> str:
    """A figure in full with its qualifier ('more than 1,000'), formatted once per distinct
    figure and language rather than once per view (bounded: the data holds a few thousand)."""
    return formatting.qualified(value, qualifier, unit, short=False, lang=lang)


def in_lang(df: pd.DataFrame, column: str, lang: str) -> list[str]:
    """A source's publisher or title in the page's language (its official French name where
    sources.csv gives one, else as published)."""
    if lang != "fr" or f"{column}_fr" not in df:
        return df[column].tolist()
    return [fr if isinstance(fr, str) and fr else en
            for en, fr in zip(df[column], df[f"{column}_fr"], strict=True)]


def _entity_labels(df: pd.DataFrame, lang: str) -> dict[str, str]:
    pairs = dict(zip(df["entity"].tolist(), df["company"].tolist(), strict=True))
    return {e: entity_label(e, c, lang) for e, c in pairs.items()}


def _printed(df: pd.DataFrame, lang: str) -> list[str]:
    """For a company's point, the name its table printed, or the printed rows it adds up;
    for a value computed here, what it was computed against."""
    measure = _measure(df)
    if measure not in ("", "value"):
        return [t(f"measure.hover.{measure}", lang, year=int(y)) for y in df["against_year"]]
    if "computed" not in df:
        return [""] * len(df)
    out = []
    for company, computed, parts, printed in zip(df["company"], df["computed"], df["parts"],
                                                 df["printed"], strict=True):
        if computed:
            out.append(t("company.computed_sum", lang, n=parts, names=_clip(printed, 90)))
        elif company and printed != company:
            out.append(t("company.printed_as", lang, names=printed))
        else:
            out.append("")
    return out


def _clip(text: str, n: int) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"


def _indicator_name(df: pd.DataFrame, lang: str, indicator: str | None = None) -> str:
    rows = df if indicator is None else df[df["indicator_id"] == indicator]
    return rows[i18n.localized("indicator_name", lang)].iloc[0]


def _series_namer(df: pd.DataFrame, lang: str = DEFAULT):
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


def preferred(df: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Per series and period: the value to draw (by the rule of dashboard/preferred.py), and
    every other source's differing value, shown beside it rather than hidden."""
    ordered = preferred_rule.order(df, POINT)
    point = keys.codes(ordered, POINT)
    extra = keys.repeated(point)
    if not extra.any():
        return ordered, ordered.iloc[:0]
    values = ordered["value"].to_numpy()
    drawn = values[~extra][point]  # each point's first row is the drawn one, in code order
    differs = extra & (values != drawn)
    return _where(ordered, ~extra), _where(ordered, differs)


def disagreement(df: pd.DataFrame) -> bool:
    """Does any source give a different value for a series and period than the one drawn?"""
    repeated = keys.duplicated(df, POINT, keep=False)
    return bool(repeated.any()) and not preferred(df[repeated])[1].empty


def _series(df: pd.DataFrame, order_by: list[str],
            limit: int | None = None) -> tuple[pd.DataFrame, list[tuple[tuple, int, int]]]:
    """The rows of `df` grouped by series (indicator, geography, breakdown) in order of first
    appearance, each sorted by `order_by`, and each series' (key, start, stop) in them. With
    `limit`, only the `limit` series holding the largest values. One sort for all series."""
    series = keys.codes(df, SERIES)
    if limit is not None and series.max(initial=-1) + 1 > limit:
        largest = df["value"].groupby(series).max().nlargest(limit).index.to_numpy()
        keep = np.isin(series, largest)
        df, series = df[keep], series[keep]
    order = np.lexsort([*(df[c].to_numpy() for c in reversed(order_by)), series])
    df, series = df.iloc[order], series[order]
    cuts = np.flatnonzero(np.diff(series)) + 1
    starts, stops = np.r_[0, cuts].tolist(), np.r_[cuts, len(series)].tolist()
    ids = df[SERIES].to_numpy()
    return df, [(tuple(ids[a]), a, b) for a, b in zip(starts, stops, strict=True) if b > a]


def _symbols(symbol: str, secondary: list) -> list[str]:
    """Secondary sources get the open variant of the series' marker."""
    return [f"{symbol}-open" if s else symbol for s in secondary]


def line_chart(df: pd.DataFrame, theme: Theme = DESK, title: str = "",
               events: pd.DataFrame | None = None, lang: str = DEFAULT) -> Figure:
    """Yearly series: one line per indicator/geography/breakdown, other sources as markers."""
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
    if df["year"].nunique() <= 12:
        fig["layout"]["xaxis"]["dtick"] = 1
    return fig


def _breaks(df: pd.DataFrame) -> dict[str, int]:
    """indicator -> the year from which its source counts differently (data/series_breaks.csv)."""
    if "series_break" not in df:
        return {}
    return {i: int(b) for i, b in zip(df["indicator_id"].tolist(), df["series_break"].tolist(),
                                      strict=True) if b > 0}


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


def _unit_title(df: pd.DataFrame, lang: str = DEFAULT) -> str:
    """The value axis' title: the unit ('Reports'), or for a view computed here what it
    shows and in which unit ('Change on the previous year (reports)')."""
    units = df["unit"].unique()
    if len(units) != 1:
        return ""
    unit = formatting.unit_label(units[0], lang)
    measure = _measure(df)
    if measure in ("", "value"):
        return unit.capitalize()
    label = t(f"measure.{measure}", lang)
    return label if measure == "index" else f"{label} ({unit})"


def _measure(df: pd.DataFrame) -> str:
    """Which derived view the rows are ('' or 'value': the figures as published)."""
    if "measure" not in df or df.empty:
        return ""
    return str(df["measure"].iloc[0])


def _mark_counting_break(fig: Figure, df: pd.DataFrame, theme: Theme,
                         label: bool = True, lang: str = DEFAULT) -> None:
    breaks = set(_breaks(df).values())
    if len(breaks) != 1:
        return
    year = breaks.pop()
    within = df["year"].to_numpy()[df["series_break"].to_numpy() == year]
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


def ranked_bars(df: pd.DataFrame, theme: Theme = DESK, title: str = "",
                top_n: int | None = None, lang: str = DEFAULT) -> Figure:
    """A breakdown in one year: the largest parts first (the table keeps every row)."""
    top_n = top_n or theme.top_n
    latest = int(df["year"].max())
    main, _ = preferred(df[df["year"] == latest])
    main = main.sort_values("value", ascending=False).head(top_n).iloc[::-1]
    names = main[i18n.localized("geography_name", lang)]
    entity_names = _entity_labels(main, lang)
    labels = [entity_names[e] if k != "country" else n for e, k, n in
              zip(main["entity"], main["breakdown_kind"], names, strict=True)]
    bar = {
        "type": "bar", "x": main["value"].tolist(), "y": labels, "orientation": "h",
        "marker": {"color": theme.palette[0]},
        "text": [formatting.qualified(v, q, u, lang=lang) for v, q, u in
                 zip(main["value"], main["qualifier"], main["unit"], strict=True)],
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


def world_map(df: pd.DataFrame, theme: Theme = DESK, title: str = "",
              lang: str = DEFAULT) -> Figure:
    """A by-country indicator in its latest year; codes with no shape are listed, not drawn."""
    latest = int(df["year"].max())
    main, _ = preferred(df[(df["year"] == latest) & (df["breakdown_kind"] == "country")])
    drawable = main[main["geography"].isin(geography.iso_alpha3())]
    z = np.log10(drawable["value"].clip(lower=1))
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


def step_chart(df: pd.DataFrame, theme: Theme = DESK, title: str = "",
               events: pd.DataFrame | None = None, lang: str = DEFAULT) -> Figure:
    """Cumulative or as-of figures: a dated point at each figure's as-of date, joined only to
    the next point of the same series from the same source (a gap between two reports is
    never drawn as a plateau, nor as a step). Draws the MAX_LINES largest series (the table
    holds every row)."""
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
    ev = events[(events["date"] >= lo - pd.Timedelta(days=400)) & (events["date"] <= hi)]
    name = t("fig.milestone", lang)
    return [{"type": "scatter", "x": [f"{d:%Y-%m-%d}"], "y": [0], "mode": "markers",
             "showlegend": False,
             "marker": {"symbol": "triangle-up", "color": theme.muted,
                        "size": theme.marker_size + theme.dated_point},
             "hovertemplate": f"{d:%Y-%m-%d}<br>{text}<extra>{name}</extra>"}
            for d, text in zip(ev["date"], ev[f"event_{lang}"], strict=True)]


def _placed(ends: pd.Series, precisions: pd.Series) -> tuple[list[str], list]:
    """Where each as-of point is drawn, and the window its date is known to. A date known
    only to the year (stored as 31 December) is drawn mid-year, one known only to the month
    mid-month, each with its whole year or month as a span: never a year or a month late."""
    drawn, known = [], []
    for end, precision in zip(ends, precisions, strict=True):
        if precision == "year":
            first = end.replace(month=1, day=1)
        elif precision == "month":
            first = end.replace(day=1)
        else:
            drawn.append(f"{end:%Y-%m-%d}")
            known.append(None)
            continue
        drawn.append(f"{first + (end - first) / 2:%Y-%m-%d}")
        known.append((f"{first:%Y-%m-%d}", f"{end:%Y-%m-%d}"))
    return drawn, known


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


def sparkline(years: pd.DataFrame, theme: Theme = DESK, lang: str = DEFAULT) -> Figure:
    """A small trend for a headline card: no axes titles, hover still exact."""
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


def build(df: pd.DataFrame, theme: Theme = DESK, title: str = "",
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
