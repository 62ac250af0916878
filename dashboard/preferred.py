"""The one written rule for which figure stands when several sources give one point.

Where several rows give the same point (indicator, period, geography, breakdown), the
preferred one is, in this order:
1. from the best kind of source: primary over secondary over unverified;
2. the most specific figure: exact before 'at least' before 'about';
3. from the latest publication;
4. (a tie left after that) the smallest source id, so the choice never changes by itself.
A reviewed row of data/preferred_overrides.csv, with its reason, overrides the rule for one
point. Charts, headline cards and the wall draw preferred figures only; the table and the
extracts carry every row with its `preferred` flag."""

from __future__ import annotations

import numpy as np
import pandas as pd

KIND_RANK = {"primary": 0, "secondary": 1, "unverified": 2}
QUALIFIER_RANK = {"exact": 0, "at_least": 1, "approx": 2}
PRINTED_POINT = ["indicator_id", "period_start", "period_end", "geography", "breakdown"]


def _FIRST_BY(df: pd.DataFrame) -> str:  # noqa: N802
    return "override" if "override" in df else ("preferred" if "preferred" in df else "")


def order(df: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    """`df` sorted so that the first row of each key is the one the rule prefers."""
    n = len(df)

    def column(name: str, default: object) -> pd.Series:
        return df[name] if name in df else pd.Series([default] * n, index=df.index)

    first_by = _FIRST_BY(df)
    ranks = pd.DataFrame({
        # A reviewed override (or, on rows the store already marked, its choice) comes first.
        "_override": ~df[first_by].to_numpy(dtype=bool) if first_by else np.ones(n, bool),
        "_kind": column("source_kind", "primary").map(KIND_RANK).to_numpy(),
        "_qualifier": column("qualifier", "exact").map(QUALIFIER_RANK).to_numpy(),
        # Undated sources last: NaT sorts as the smallest date, and dates sort latest first.
        "_published": pd.to_datetime(column("published_end", pd.NaT)).to_numpy(
            dtype="datetime64[s]").astype("int64").clip(min=-(2**62)),
    }, index=df.index)
    both = pd.concat([df[keys], ranks, column("source_id", "")], axis=1)
    both.columns = [*keys, *ranks.columns, "source_id"]
    by = [*keys, "_override", "_kind", "_qualifier", "_published", "source_id"]
    asc = [True] * len(keys) + [True, True, True, False, True]
    return df.loc[both.sort_values(by, ascending=asc, kind="stable").index]


def mark(df: pd.DataFrame, keys: list[str] = PRINTED_POINT) -> np.ndarray:
    """True for the preferred row of each point, aligned with `df`'s rows."""
    if df.empty:
        return np.zeros(0, dtype=bool)
    ordered = order(df, keys)
    first = ~ordered.duplicated(keys, keep="first")
    return first.reindex(df.index).to_numpy(dtype=bool)
