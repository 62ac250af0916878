"""Pure figure functions: a query result in, a plotly.graph_objects.Figure out. No Dash here."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from dashboard import formatting, i18n
from dashboard.i18n import DEFAULT, t
from dashboard.store import breakdown_label
from dashboard.theme import DESK, Theme
from validation import geography

NCMEC_BREAK_YEAR = 2024  # NCMEC counts bundled reports once from 2024 on.
MAX_LINES = 8
# With colour, each series gets its own marker shape: colour never carries meaning alone.
SYMBOLS = ("circle", "square", "diamond", "triangle-up", "x", "star", "triangle-down",
           "cross")
HOVER = ("%{customdata[0]}<br>%{customdata[1]}<br>%{customdata[2]}<br>%{customdata[3]}"
         "<extra></extra>")


@dataclass(frozen=True)
class ChartPlan:
    """What the chart draws: its kind, the coherent slice of rows, and which dimension."""

    kind: str  # empty | map | bars | step | line
    frame: pd.DataFrame
    scope: str  # e.g. "countries", "companies", "" when every row is drawn


def plan(df: pd.DataFrame, geographies_filtered: int = 0) -> ChartPlan:
    """Pick one dimension to draw (a chart never ranks a company against a country)."""
    if df.empty:
        return ChartPlan("empty", df, "")
    yearly = df[df["calendar_year"]]
    if yearly.empty:
        return ChartPlan("step", df, "")
    scope = "" if len(yearly) == len(df) else "yearly figures"
    df = yearly
    kinds = df["breakdown_kind"]
    years = df["year"].nunique()
    countries = df[kinds == "country"]
    if not countries.empty:
        if geographies_filtered == 0 or geographies_filtered > MAX_LINES:
            return ChartPlan("map", countries, "countries")
        if len(countries) < len(df):
            keep = df[(kinds == "country") | (df["geography"] != geography.WORLD) |
                      (kinds == "total")]
            return ChartPlan("line", keep, "selected geographies")
    companies = df[kinds == "company"]
    if not companies.empty:
        if years == 1 or companies["breakdown"].nunique() > MAX_LINES:
            return ChartPlan("bars", companies, "companies")
        return ChartPlan("line", companies, "companies")
    parts = df[kinds != "total"]
    if parts["breakdown"].nunique() > MAX_LINES:
        return ChartPlan("bars", parts, "breakdown")
    return ChartPlan("line", df, scope)


def _layout(fig: go.Figure, theme: Theme, title: str, ytitle: str = "",
            lang: str = DEFAULT) -> go.Figure:
    left, right, top, bottom = theme.margin
    fig.update_layout(
        title={"text": title, "font": {"size": theme.title_size}, "x": 0, "xanchor": "left"},
        font={"family": "system-ui, sans-serif", "size": theme.font_size, "color": theme.text},
        paper_bgcolor=theme.background, plot_bgcolor=theme.plot_background,
        margin={"l": left, "r": right, "t": top + (theme.title_size if title else 0), "b": bottom},
        hoverlabel={"font": {"size": theme.font_size}},
        legend={"orientation": "h", "yanchor": "top", "y": -0.12, "x": 0,
                "font": {"size": theme.font_size}},
        colorway=list(theme.palette),
        separators=i18n.plotly_separators(lang),
    )
    fig.update_xaxes(gridcolor=theme.grid, tickfont={"size": theme.tick_size},
                     linecolor=theme.grid, zeroline=False)
    fig.update_yaxes(gridcolor=theme.grid, tickfont={"size": theme.tick_size},
                     title={"text": ytitle}, zeroline=False, rangemode="tozero")
    return fig


def _custom(df: pd.DataFrame, lang: str = DEFAULT) -> np.ndarray:
    """Per point: value with qualifier, period, source, and a secondary-source mark."""
    rows = []
    for r in df.itertuples(index=False):
        value = formatting.qualified(r.value, r.qualifier, r.unit, short=False, lang=lang)
        label = (getattr(r, i18n.localized("geography_name", lang)) if r.breakdown_kind == "country"
                 else breakdown_label(r.breakdown, lang))
        head = f"<b>{value}</b> {formatting.unit_label(r.unit, lang)}"
        if label and r.breakdown != "total":
            head += f" · {label}"
        src = f"{r.publisher}: {_clip(r.title, 70)}"
        mark = t("source.secondary_long" if r.secondary else "source.primary", lang)
        rows.append([head, formatting.period(r.period_start, r.period_end, lang), src, mark])
    return np.array(rows, dtype=object).reshape(-1, 4)


def _clip(text: str, n: int) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"


def _indicator_name(df: pd.DataFrame, lang: str, indicator: str | None = None) -> str:
    rows = df if indicator is None else df[df["indicator_id"] == indicator]
    return rows[i18n.localized("indicator_name", lang)].iloc[0]


def _series_name(df: pd.DataFrame, key: tuple, lang: str = DEFAULT) -> str:
    indicator, geo, breakdown = key
    names = []
    if df["indicator_id"].nunique() > 1:
        names.append(_indicator_name(df, lang, indicator))
    if df["geography"].nunique() > 1:
        names.append(i18n.country_name(geo, lang))
    if breakdown != "total" or df["breakdown"].nunique() > 1:
        names.append(breakdown_label(breakdown, lang))
    return " · ".join(names) or _indicator_name(df, lang)


def preferred(df: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Per series and period: the value to draw (primary first, then latest published), and
    every other source's differing value, shown beside it rather than hidden."""
    keys = ["indicator_id", "geography", "breakdown", "period_start", "period_end"]
    ordered = df.sort_values([*keys, "secondary", "published"],
                             ascending=[True] * len(keys) + [True, False], kind="stable")
    main = ordered.drop_duplicates(keys, keep="first")
    rest = ordered[~ordered.index.isin(main.index)]
    merged = rest.merge(main[[*keys, "value"]], on=keys, suffixes=("", "_main"))
    others = rest.loc[rest.index[(merged["value"] != merged["value_main"]).to_numpy()]]
    return main, others


def line_chart(df: pd.DataFrame, theme: Theme = DESK, title: str = "",
               events: pd.DataFrame | None = None, lang: str = DEFAULT) -> go.Figure:
    """Yearly series: one line per indicator/geography/breakdown, other sources as markers."""
    fig = go.Figure()
    main, others = preferred(df)
    keys = ["indicator_id", "geography", "breakdown"]
    for i, (key, g) in enumerate(main.groupby(keys, sort=False)):
        color = theme.palette[i % len(theme.palette)]
        g = g.sort_values("year")
        x, y = _gap_at_counting_break(key[0], g["year"].tolist(), g["value"].tolist())
        symbol = SYMBOLS[i % len(SYMBOLS)]
        fig.add_trace(go.Scatter(
            x=x, y=y, name=_series_name(df, key, lang), mode="lines+markers",
            connectgaps=False, line={"width": theme.line_width, "color": color},
            marker={"size": theme.marker_size, "color": color,
                    "symbol": [f"{symbol}-open" if s else symbol for s in g["secondary"]]},
            customdata=_custom_with_gap(g, len(x), lang), hovertemplate=HOVER))
    if not others.empty:
        fig.add_trace(go.Scatter(
            x=others["year"], y=others["value"], name=t("fig.other_source", lang),
            mode="markers", marker={"size": theme.marker_size + 4, "symbol": "diamond-open",
                                    "color": theme.text, "line": {"width": 2}},
            customdata=_custom(others, lang), hovertemplate=HOVER))
    _mark_counting_break(fig, df, theme, lang=lang)
    if events is not None and not events.empty:
        _add_events(fig, events, theme, int(df["year"].min()), int(df["year"].max()), lang)
    fig.update_xaxes(dtick=1 if df["year"].nunique() <= 12 else None, tickformat="d")
    return _layout(fig, theme, title, _unit_title(df, lang), lang)


def _gap_at_counting_break(indicator: str, years: list, values: list) -> tuple[list, list]:
    """NCMEC's line is not drawn across 2023-2024: the two sides count reports differently."""
    if not indicator.startswith("ncmec_") or not years:
        return years, values
    for i in range(1, len(years)):
        if years[i - 1] < NCMEC_BREAK_YEAR <= years[i]:
            return (years[:i] + [NCMEC_BREAK_YEAR - 0.5] + years[i:],
                    values[:i] + [None] + values[i:])
    return years, values


def _custom_with_gap(g: pd.DataFrame, length: int, lang: str = DEFAULT) -> np.ndarray:
    custom = _custom(g, lang)
    if length == len(custom):
        return custom
    at = int((g["year"] < NCMEC_BREAK_YEAR).sum())
    return np.insert(custom, at, ["", "", "", ""], axis=0)


def _unit_title(df: pd.DataFrame, lang: str = DEFAULT) -> str:
    units = df["unit"].unique()
    return formatting.unit_label(units[0], lang).capitalize() if len(units) == 1 else ""


def crosses_counting_break(year_a: int, year_b: int) -> bool:
    """True when two NCMEC years fall on either side of the 2024 change in counting rules."""
    return min(year_a, year_b) < NCMEC_BREAK_YEAR <= max(year_a, year_b)


def _mark_counting_break(fig: go.Figure, df: pd.DataFrame, theme: Theme,
                         label: bool = True, lang: str = DEFAULT) -> None:
    ncmec = df["indicator_id"].str.startswith("ncmec_")
    years = df.loc[ncmec, "year"]
    if years.empty or not crosses_counting_break(years.min(), years.max()):
        return
    fig.add_vline(x=NCMEC_BREAK_YEAR - 0.5, line={"dash": "dash", "color": theme.muted,
                                                  "width": max(1, theme.line_width / 2)})
    if not label:
        return
    fig.add_annotation(x=NCMEC_BREAK_YEAR - 0.5, y=1, yref="paper", xanchor="right",
                       yanchor="top", showarrow=False, font={"color": theme.muted,
                                                              "size": theme.tick_size},
                       text=t("fig.counting_change", lang))


def _add_events(fig: go.Figure, events: pd.DataFrame, theme: Theme, first: int,
                last: int, lang: str = DEFAULT) -> None:
    """Milestones as markers along the top edge, described on hover."""
    ev = events[(events["date"].dt.year >= first) & (events["date"].dt.year <= last)]
    ev = ev.drop_duplicates(["date", "event_en"])
    if ev.empty:
        return
    x = ev["date"].dt.year + (ev["date"].dt.day_of_year - 1) / 366
    name = t("fig.milestone", lang)
    text = ev[f"event_{lang}"]
    fig.add_trace(go.Scatter(
        x=x, y=[1] * len(ev), yaxis="y2", mode="markers", name=name,
        marker={"symbol": "triangle-down", "size": theme.marker_size + 4, "color": theme.muted},
        customdata=np.array([[f"{d:%Y-%m-%d}", e] for d, e in
                             zip(ev["date"], text, strict=True)], dtype=object),
        hovertemplate="%{customdata[0]}<br>%{customdata[1]}<extra>" + name + "</extra>"))
    fig.update_layout(yaxis2={"overlaying": "y", "range": [0, 1.04], "visible": False,
                              "fixedrange": True})


def ranked_bars(df: pd.DataFrame, theme: Theme = DESK, title: str = "",
                top_n: int | None = None, lang: str = DEFAULT) -> go.Figure:
    """A breakdown in one year: the largest parts first (the table keeps every row)."""
    top_n = top_n or theme.top_n
    latest = int(df["year"].max())
    main, _ = preferred(df[df["year"] == latest])
    main = main.sort_values("value", ascending=False).head(top_n).iloc[::-1]
    names = main[i18n.localized("geography_name", lang)]
    labels = [breakdown_label(b, lang) if k != "country" else n for b, k, n in
              zip(main["breakdown"], main["breakdown_kind"], names, strict=True)]
    fig = go.Figure(go.Bar(
        x=main["value"], y=labels, orientation="h", marker={"color": theme.palette[0]},
        text=[formatting.qualified(v, q, u, lang=lang) for v, q, u in
              zip(main["value"], main["qualifier"], main["unit"], strict=True)],
        textposition="outside", cliponaxis=False, customdata=_custom(main, lang),
        hovertemplate=HOVER))
    subtitle = (t("fig.top", lang, title=title, n=min(top_n, len(main)), year=latest)
                if title else "")
    fig = _layout(fig, theme, subtitle, lang=lang)
    fig.update_xaxes(title={"text": _unit_title(df, lang)}, rangemode="tozero")
    fig.update_yaxes(rangemode="normal", automargin=True)
    fig.update_layout(showlegend=False, height=max(360, 34 * len(main) + 140)
                      if theme.name == "desk" else None)
    return fig


def world_map(df: pd.DataFrame, theme: Theme = DESK, title: str = "",
              lang: str = DEFAULT) -> go.Figure:
    """A by-country indicator in its latest year; codes with no shape are listed, not drawn."""
    latest = int(df["year"].max())
    main, _ = preferred(df[(df["year"] == latest) & (df["breakdown_kind"] == "country")])
    drawable = main[main["geography"].isin(geography.iso_alpha3())]
    z = np.log10(drawable["value"].clip(lower=1))
    top = max(1, math.ceil(z.max())) if len(z) else 1
    ticks = list(range(0, top + 1))
    fig = go.Figure(go.Choropleth(
        locations=drawable["geography"], z=z, locationmode="ISO-3",
        colorscale=theme.sequential, zmin=0, zmax=top, marker={"line": {"width": 0.3,
                                                                      "color": theme.grid}},
        colorbar={"title": {"text": f"{_unit_title(df, lang)} ({t('fig.log_scale', lang)})"},
                  "tickvals": ticks,
                  "ticktext": [formatting.compact(10 ** k, lang=lang) for k in ticks],
                  "tickfont": {"size": theme.tick_size}},
        customdata=_custom(drawable, lang), hovertemplate=HOVER))
    fig.update_geos(fitbounds=False, projection_type="natural earth", showframe=False,
                    showcoastlines=False, showland=True, landcolor=theme.grid,
                    bgcolor=theme.background, lataxis_range=[-58, 85])
    fig = _layout(fig, theme, f"{title} — {latest}" if title else str(latest), lang=lang)
    fig.update_layout(margin={"l": 8, "r": 8})
    return fig


def step_chart(df: pd.DataFrame, theme: Theme = DESK, title: str = "",
               events: pd.DataFrame | None = None, lang: str = DEFAULT) -> go.Figure:
    """Cumulative figures as reported over time: a step at each report's as-of date."""
    fig = go.Figure()
    keys = ["indicator_id", "geography", "breakdown"]
    for i, (key, g) in enumerate(df.groupby(keys, sort=False)):
        g = g.sort_values(["period_end", "value"])
        color = theme.palette[i % len(theme.palette)]
        symbol = SYMBOLS[i % len(SYMBOLS)]
        fig.add_trace(go.Scatter(
            x=g["period_end"], y=g["value"], name=_series_name(df, key, lang),
            mode="lines+markers", line={"shape": "hv", "width": theme.line_width, "color": color},
            marker={"size": theme.marker_size, "color": color,
                    "symbol": [f"{symbol}-open" if s else symbol for s in g["secondary"]]},
            customdata=_custom(g, lang), hovertemplate=HOVER))
    if events is not None and not events.empty:
        lo, hi = df["period_end"].min(), df["period_end"].max()
        ev = events[(events["date"] >= lo - pd.Timedelta(days=400)) & (events["date"] <= hi)]
        name = t("fig.milestone", lang)
        texts = ev[f"event_{lang}"]
        for d, text in zip(ev["date"], texts, strict=True):
            fig.add_trace(go.Scatter(x=[d], y=[0], mode="markers", showlegend=False,
                                     marker={"symbol": "triangle-up", "color": theme.muted,
                                             "size": theme.marker_size + 2},
                                     hovertemplate=f"{d:%Y-%m-%d}<br>{text}<extra>{name}"
                                                   "</extra>"))
    fig = _layout(fig, theme, title, _unit_title(df, lang), lang)
    fig.update_xaxes(title={"text": t("fig.as_of_axis", lang)}, tickformat="%Y-%m")
    return fig


def empty(theme: Theme = DESK, message: str | None = None, lang: str = DEFAULT) -> go.Figure:
    fig = go.Figure()
    message = t("fig.no_match", lang) if message is None else message
    fig.add_annotation(text=message, showarrow=False, x=0.5, y=0.5, xref="paper", yref="paper",
                       font={"size": theme.title_size, "color": theme.muted})
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False)
    return _layout(fig, theme, "", lang=lang)


def sparkline(years: pd.DataFrame, theme: Theme = DESK, lang: str = DEFAULT) -> go.Figure:
    """A small trend for a headline card: no axes titles, hover still exact."""
    fig = go.Figure(go.Scatter(
        x=years["year"], y=years["value"], mode="lines", fill="tozeroy",
        line={"color": theme.palette[0], "width": theme.line_width},
        customdata=_custom(years, lang), hovertemplate=HOVER))
    _mark_counting_break(fig, years, theme, label=False)
    fig = _layout(fig, theme, "", lang=lang)
    fig.update_layout(margin={"l": 44, "r": 8, "t": 8, "b": 24}, height=140, showlegend=False)
    fig.update_yaxes(tickformat="~s", nticks=3)
    fig.update_xaxes(nticks=6, tickformat="d")
    return fig


def build(df: pd.DataFrame, theme: Theme = DESK, title: str = "",
          events: pd.DataFrame | None = None, geographies_filtered: int = 0,
          lang: str = DEFAULT) -> go.Figure:
    """The chart that follows the data (see plan)."""
    chart = plan(df, geographies_filtered)
    kind, df = chart.kind, chart.frame
    if kind == "empty":
        return empty(theme, lang=lang)
    if kind == "map":
        return world_map(df, theme, title, lang)
    if kind == "bars":
        return ranked_bars(df, theme, title, lang=lang)
    if kind == "step":
        return step_chart(df, theme, title, events, lang)
    return line_chart(df, theme, title, events, lang)
