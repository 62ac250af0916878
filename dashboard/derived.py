"""Figures computed here, which no source printed: a company's line across the rows each
year's table printed for it, and a company group's line. Every row made here says so
(`computed`, with the number of printed rows behind it in `parts` and their names in
`printed`); nothing here is ever written back into data/."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from dashboard import keys
from dashboard.headlines import crosses_break
from dashboard.labels import GROUP_PREFIX
from dashboard.rows import Rows, objects

# One figure of one series from one source: a chart draws one point per such key.
POINT = ["indicator_id", "period_start", "period_end", "geography", "entity", "source_id"]
# How sure a sum is: as sure as its least sure part.
_QUALIFIER_RANK = {"exact": 0, "at_least": 1, "approx": 2}


def chart_rows(df: Rows | pd.DataFrame, companies, selected: tuple[str, ...] = ()) -> Rows:
    """The rows a chart draws: one per series point and source. A company with several
    printed rows in one table is their sum; a figure the source printed for a whole group
    (scope `group`) is the group's line; a selected parent also gets its group's line, summed
    from its members' printed rows where the source printed no combined figure."""
    rows = Rows.of(df)
    rows = rows.assign(computed=False, parts=np.ones(len(rows), dtype=np.int64),
                       printed=rows["breakdown"])
    combined = rows["scope"] == "group"
    parents = [p for p in selected if p in companies.members]
    if not combined.any() and not parents:  # most views: the printed rows as they are
        return summed(rows)
    is_company = rows["company_id"] != ""
    relabelled = rows.assign(entity=np.where(combined, GROUP_PREFIX + rows["company_id"],
                                             rows["entity"]))
    lines = [relabelled.where(~is_company | ~combined), relabelled.where(combined)]
    for parent in parents:
        lines.append(_group_sums(rows.where(is_company & ~combined), companies, parent,
                                 relabelled.where(combined)))
    return summed(Rows.concat(lines))


def _group_sums(own: Rows, companies, parent: str, combined: Rows) -> Rows:
    """A group's members' rows relabelled as the group's, where no combined figure exists."""
    group = set(companies.group(parent))
    members = own.where(own.isin("company_id", group))
    entity = GROUP_PREFIX + parent
    printed = combined.where(combined["entity"] == entity)
    point = [c for c in POINT if c != "entity"]
    if not printed.empty:
        have = set(printed.records(*point))
        members = members.where(np.fromiter((r not in have for r in members.records(*point)),
                                            dtype=bool, count=len(members)))
    return members.assign(entity=entity, company=companies.names[parent],
                          company_id=parent, computed=True)


def summed(rows: Rows) -> Rows:
    """One row per POINT: rows that share one are added up and marked as computed here."""
    point = keys.codes(rows, POINT)
    several = keys.repeated(point, keep=False)
    if not several.any():
        return rows
    groups: dict[int, list[int]] = {}
    at = np.flatnonzero(several)
    for i, k in zip(at.tolist(), point[at].tolist(), strict=True):
        groups.setdefault(k, []).append(i)
    value, printed, secondary, qualifier = (rows[c] for c in ("value", "printed", "secondary",
                                                               "qualifier"))
    first = rows.take([g[0] for g in groups.values()]).assign(
        value=np.asarray([value[g].sum() for g in groups.values()], dtype=float),
        parts=np.asarray([len(g) for g in groups.values()], dtype=np.int64),
        printed=objects("; ".join(printed[g].tolist()) for g in groups.values()),
        secondary=np.asarray([bool(secondary[g].any()) for g in groups.values()], dtype=bool),
        qualifier=objects(max(qualifier[g].tolist(), key=_QUALIFIER_RANK.__getitem__)
                          for g in groups.values()),
        computed=True)
    return Rows.concat([rows.where(~several), first])


# -- derived views: change, share, index --------------------------------------------------------
# What a yearly view may show instead of the printed figures. Each is computed here from the
# preferred figures drawn, each row labelled with its `measure` (and `against_year`, the year
# it is compared with), and never across a series break. The qualifier of a derived value is
# 'exact': it is this arithmetic's result, not a figure a source printed.
# What one line or trace draws (a company is one entity across the names each table printed
# for it); dashboard/figures.py draws by it too.
SERIES = ["indicator_id", "geography", "entity"]


@dataclass(frozen=True)
class Derived:
    """A derived view's rows and what was left out of it, and why (for the caveat panel)."""

    rows: pd.DataFrame
    across_break: tuple = ()  # (indicator id, year) not computed: a series break between
    mixed_sources: tuple = ()  # (series, year): the two figures' publishers differ
    missing: tuple = ()  # series (company/part id, or country code) with nothing to compare

    @property
    def unit(self) -> str:
        """The derived values' unit: the figures' own (a change), percent, or index."""
        return str(self.rows["unit"].iloc[0]) if len(self.rows) else ""


def derive(rows: pd.DataFrame | Rows, measure: str, base: int | None = None,
           totals: pd.DataFrame | None = None) -> Derived:
    """`rows`: one preferred calendar-year figure per series and year (chart_rows). `change`
    is on the previous year (both years must be there), `change_pct` the same in percent,
    `index` the value against the series' `base` year (its first year if none) = 100,
    `share` the value as a percent of the same indicator's world total that year (`totals`)."""
    if isinstance(rows, Rows):
        rows = rows.frame()
    if measure == "value" or rows.empty:
        return Derived(rows)
    rows = rows.sort_values([*SERIES, "year"], kind="stable").reset_index(drop=True)
    if measure == "share":
        return _share(rows, totals)
    against, notes = _against(rows, measure, base)
    value = rows["value"].to_numpy(dtype=float)
    other = against["value"].to_numpy(dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        if measure == "change":
            out = value - other
        elif measure == "change_pct":
            out = np.where(other > 0, (value / other - 1) * 100, np.nan)
        else:
            out = np.where(other > 0, value / other * 100, np.nan)
    unit = {"change": rows["unit"], "change_pct": "percent", "index": "index"}[measure]
    rows = rows.assign(value=out, measure=measure, measure_of=rows["unit"], unit=unit,
                       qualifier="exact", against_year=against["year"].to_numpy())
    return Derived(rows[~np.isnan(out)].reset_index(drop=True), *notes)


def _against(rows: pd.DataFrame, measure: str, base: int | None):
    """For each row, the row it is compared with (NaN where none may be), and the notes."""
    series = keys.codes(rows, SERIES)
    if measure in ("change", "change_pct"):
        previous = rows.groupby(series, sort=False)[["year", "value", "publisher"]].shift(1)
        consecutive = previous["year"] == rows["year"] - 1
        against = previous.where(consecutive)
    else:
        first = rows.groupby(series, sort=False)["year"].transform("min")
        at = first if base is None else pd.Series(base, index=rows.index)
        lookup = rows.assign(series=series).set_index(["series", "year"])[["value", "publisher"]]
        found = lookup.reindex(pd.MultiIndex.from_arrays([series, at]))
        against = pd.DataFrame({"year": at.to_numpy(), "value": found["value"].to_numpy(),
                                "publisher": found["publisher"].to_numpy()})
    lo = np.minimum(rows["year"].to_numpy(), against["year"].fillna(0).to_numpy())
    hi = np.maximum(rows["year"].to_numpy(), against["year"].fillna(0).to_numpy())
    crosses = (crosses_break(rows["series_break"].to_numpy(), lo, hi)
               & against["value"].notna().to_numpy())
    across = sorted({(i, int(y)) for i, y in zip(rows.loc[crosses, "indicator_id"],
                                                  rows.loc[crosses, "year"], strict=True)})
    against.loc[crosses, "value"] = np.nan
    usable = against["value"].notna().to_numpy()
    names = _names(rows)
    mixed = _mixed(rows, names, usable, against["publisher"].to_numpy())
    lacking = set(series) - set(series[usable])
    missing = sorted({n for k, n in zip(series, names, strict=True) if k in lacking})
    return against, (tuple(across), mixed, tuple(missing))


def _mixed(rows: pd.DataFrame, names: np.ndarray, usable: np.ndarray,
           other_publisher: np.ndarray) -> tuple:
    """(series, year) of each value computed from two publishers' figures."""
    mask = usable & (other_publisher != rows["publisher"].to_numpy())
    return tuple(sorted({(n, int(y)) for n, y in zip(names[mask], rows.loc[mask, "year"],
                                                     strict=True)}))


def _names(rows: pd.DataFrame) -> np.ndarray:
    """A series as a reader names it: its company, part or country code (ids, not labels:
    the page words them)."""
    entity = rows["entity"].to_numpy(dtype=object)
    return np.where(entity == "total", rows["geography"].to_numpy(dtype=object), entity)


def _share(rows: pd.DataFrame, totals: pd.DataFrame | None) -> Derived:
    """Each row as a percent of its indicator's world total the same year."""
    names = _names(rows)
    if totals is None or totals.empty:
        return Derived(rows.iloc[:0], missing=tuple(sorted(set(names))))
    total = totals.drop_duplicates(["indicator_id", "year"]).set_index(
        ["indicator_id", "year"])
    points = pd.MultiIndex.from_frame(rows[["indicator_id", "year"]])
    whole = total["value"].reindex(points).to_numpy(dtype=float)
    publisher = total["publisher"].reindex(points).to_numpy(dtype=object)
    with np.errstate(divide="ignore", invalid="ignore"):
        out = np.where(whole > 0, rows["value"].to_numpy(dtype=float) / whole * 100, np.nan)
    mixed = _mixed(rows, names, ~np.isnan(out), publisher)
    shared = rows.assign(value=out, measure="share", measure_of=rows["unit"], unit="percent",
                         qualifier="exact", against_year=rows["year"])
    return Derived(shared[~np.isnan(out)].reset_index(drop=True), mixed_sources=mixed,
                   missing=tuple(sorted(set(names[np.isnan(out)]))))
