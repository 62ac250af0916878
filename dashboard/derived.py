"""Figures computed here, which no source printed: a company's line across the rows each
year's table printed for it, and a company group's line. Every row made here says so
(`computed`, with the number of printed rows behind it in `parts` and their names in
`printed`); nothing here is ever written back into data/."""

from __future__ import annotations

import pandas as pd

from dashboard import keys
from dashboard.labels import GROUP_PREFIX

# One figure of one series from one source: a chart draws one point per such key.
POINT = ["indicator_id", "period_start", "period_end", "geography", "entity", "source_id"]
# How sure a sum is: as sure as its least sure part.
_QUALIFIER_RANK = {"exact": 0, "at_least": 1, "approx": 2}


def chart_rows(df: pd.DataFrame, companies, selected: tuple[str, ...] = ()) -> pd.DataFrame:
    """The rows a chart draws: one per series point and source. A company with several
    printed rows in one table is their sum; a figure the source printed for a whole group
    (scope `group`) is the group's line; a selected parent also gets its group's line, summed
    from its members' printed rows where the source printed no combined figure."""
    df = df.assign(computed=False, parts=1, printed=df["breakdown"])
    combined = (df["scope"] == "group").to_numpy()
    parents = [p for p in selected if p in companies.members]
    if not combined.any() and not parents:  # most views: the printed rows as they are
        return summed(df)
    is_company = (df["company_id"] != "").to_numpy()
    rows = df.assign(entity=df["entity"].where(~combined, GROUP_PREFIX + df["company_id"]))
    lines = [rows[~is_company | ~combined], rows[combined]]
    for parent in parents:
        lines.append(_group_sums(df[is_company & ~combined], companies, parent, rows[combined]))
    return summed(pd.concat(lines, ignore_index=True))


def _group_sums(own: pd.DataFrame, companies, parent: str,
                combined: pd.DataFrame) -> pd.DataFrame:
    """A group's members' rows relabelled as the group's, where no combined figure exists."""
    members = own[own["company_id"].isin(companies.group(parent))]
    entity = GROUP_PREFIX + parent
    printed = combined[combined["entity"] == entity]
    keys = [c for c in POINT if c != "entity"]
    if not printed.empty:
        have = pd.MultiIndex.from_frame(printed[keys])
        members = members[~pd.MultiIndex.from_frame(members[keys]).isin(have)]
    return members.assign(entity=entity, company=companies.names[parent],
                          company_id=parent, computed=True)


def summed(rows: pd.DataFrame) -> pd.DataFrame:
    """One row per POINT: rows that share one are added up and marked as computed here."""
    several = keys.duplicated(rows, POINT, keep=False)
    if not several.any():
        return rows.reset_index(drop=True)
    alone, parts = rows[~several], rows[several]
    grouped = parts.groupby(POINT, sort=False, observed=True)
    first = grouped.head(1).set_index(POINT)
    totals = grouped.agg(value=("value", "sum"), parts=("value", "size"),
                         printed=("printed", lambda s: "; ".join(s)),
                         secondary=("secondary", "any"),
                         rank=("qualifier", lambda s: max(_QUALIFIER_RANK[q] for q in s)))
    first = first.assign(value=totals["value"], parts=totals["parts"],
                         printed=totals["printed"], secondary=totals["secondary"],
                         computed=True,
                         qualifier=totals["rank"].map({v: k for k, v in _QUALIFIER_RANK.items()}))
    return pd.concat([alone, first.reset_index()[rows.columns]], ignore_index=True)
