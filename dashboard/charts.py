"""A view's chart, the same for the explorer and its image URL: the store's rows, the lines
computed from them (dashboard/derived.py), the chart plan, a derived view where one is asked
for (change, share, index: computed here, labelled so), and the figure."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

import pandas as pd

from dashboard import derived, figures, i18n
from dashboard.i18n import t
from dashboard.query import Filters, world_total
from dashboard.rows import Rows

# Which charts a derived view can be drawn on: a change or an index needs years in a row.
DERIVABLE = {"change": ("line",), "change_pct": ("line",), "index": ("line",),
             "share": ("line", "bars")}


@dataclass(frozen=True)
class Chart:
    rows: Rows  # every matching row as printed (the table, the extract)
    drawn: Rows  # what the chart draws: one row per series point and source
    plan: figures.ChartPlan
    figure: dict
    derived: derived.Derived | None = None  # the derived view drawn, if one was
    not_derivable: bool = False  # a derived view was asked for where none can be drawn
    left_out_of_log: bool = False  # values of zero or less, which a log axis cannot draw


def build(store, f: Filters, lang: str, events: pd.DataFrame | None = None) -> Chart:
    df = store.rows(f)
    drawn = derived.chart_rows(df, store.companies, f.breakdowns)
    plan = figures.plan(drawn, len(f.geographies))
    made, refused, nonpositive = None, False, False
    if f.measure != "value":
        if plan.kind in DERIVABLE[f.measure]:
            made = derived.derive(figures.preferred(plan.frame)[0], f.measure, f.base,
                                  _world_totals(store, f))
            plan = dataclasses.replace(plan, frame=Rows.of(made.rows))
        else:
            refused = True
    if f.scale == "log" and not plan.frame.empty:  # no place for zero or less: left out
        positive = plan.frame["value"] > 0
        nonpositive = not positive.all()
        plan = dataclasses.replace(plan, frame=plan.frame.where(positive))
    fig = figures.draw(plan, title=_title(plan, df, f, lang, made), events=events, lang=lang,
                       scale=f.scale)
    return Chart(df, drawn, plan, fig, made, refused, nonpositive)


def _world_totals(store, f: Filters) -> pd.DataFrame | None:
    """The world totals a share is of: the same indicators and years, preferred figures."""
    if f.measure != "share":
        return None
    totals = store.query(dataclasses.replace(world_total(*f.indicators), year_from=f.year_from,
                                             year_to=f.year_to, source_kinds=f.source_kinds))
    return totals[totals["preferred"] & totals["calendar_year"]]


def _title(plan: figures.ChartPlan, df: Rows, f: Filters, lang: str,
           made: derived.Derived | None) -> str:
    shown = plan.frame if not plan.frame.empty else df
    names = shown.distinct(i18n.localized("indicator_name", lang))
    title = " · ".join(names[:2]) + (" …" if len(names) > 2 else "")
    if plan.scope == "top companies" and title and not plan.frame.empty:
        title += t("fig.top_over_time", lang, n=len(set(plan.frame["entity"].tolist())),
                   start=int(plan.frame["year"].min()), end=int(plan.frame["year"].max()))
    if made is not None:
        title = t("fig.computed_title", lang, measure=t(f"measure.{f.measure}", lang),
                  title=title)
    return title
