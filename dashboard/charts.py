"""A view's chart, the same for the explorer and its image URL: the store's rows, the lines
computed from them (dashboard/derived.py), the chart plan and the figure."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from dashboard import derived, figures, i18n
from dashboard.i18n import t
from dashboard.query import Filters


@dataclass(frozen=True)
class Chart:
    rows: pd.DataFrame  # every matching row as printed (the table, the extract)
    drawn: pd.DataFrame  # what the chart draws: one row per series point and source
    plan: figures.ChartPlan
    figure: dict


def build(store, f: Filters, lang: str, events: pd.DataFrame | None = None) -> Chart:
    df = store.query(f)
    drawn = derived.chart_rows(df, store.companies, f.breakdowns)
    plan = figures.plan(drawn, len(f.geographies))
    shown = plan.frame if not plan.frame.empty else df
    names = list(dict.fromkeys(shown[i18n.localized("indicator_name", lang)]))
    title = " · ".join(names[:2]) + (" …" if len(names) > 2 else "")
    if plan.scope == "top companies" and title:
        title += t("fig.top_over_time", lang, n=plan.frame["entity"].nunique(),
                   start=int(plan.frame["year"].min()), end=int(plan.frame["year"].max()))
    fig = figures.build(drawn, title=title, events=events,
                        geographies_filtered=len(f.geographies), lang=lang, chart=plan)
    return Chart(df, drawn, plan, fig)
