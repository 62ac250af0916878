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

from dashboard import keys as keys_

KIND_RANK = {"primary": 0, "secondary": 1, "unverified": 2}
QUALIFIER_RANK = {"exact": 0, "at_least": 1, "approx": 2}
PRINTED_POINT = ["indicator_id", "period_start", "period_end", "geography", "breakdown"]


def _FIRST_BY(df: pd.DataFrame) -> str:  # noqa: N802
    return "override" if "override" in df else ("preferred" if "preferred" in df else "")


def _ranked(values: np.ndarray, ranks: dict) -> np.ndarray:
    """Each value's rank, looked up once per distinct value (a missing one ranks last)."""
    if len(values) <= keys_.SMALL:
        return np.asarray([ranks.get(v, len(ranks)) for v in values.tolist()], dtype=np.int64)
    codes, uniques = pd.factorize(values, use_na_sentinel=False)
    return np.asarray([ranks.get(u, len(ranks)) for u in uniques], dtype=np.int64).take(codes)


def _sortable(values: np.ndarray) -> np.ndarray:
    """Integer codes that sort as the values do."""
    if values.dtype.kind == "M":
        return values.astype("int64")
    if len(values) <= keys_.SMALL:
        items = values.tolist()
        rank = {v: i for i, v in enumerate(sorted(set(items)))}
        return np.asarray([rank[v] for v in items], dtype=np.int64)
    codes, _ = pd.factorize(values, sort=True)
    return codes


def _latest_first(values: np.ndarray) -> np.ndarray:
    """Publication dates as a key sorting the latest first and undated sources last."""
    if values.dtype.kind != "M" and len(values) <= keys_.SMALL:  # Timestamps as objects
        return -np.asarray([pd.Timestamp(v).value if isinstance(v, (pd.Timestamp, str))
                            else -(2**62) for v in values.tolist()], dtype=np.int64)
    if values.dtype.kind == "M":
        stamps = values
    else:  # Timestamps and NaT/None as objects: converted once per distinct value
        codes, uniques = pd.factorize(values, use_na_sentinel=False)
        stamps = pd.to_datetime(pd.Series(uniques, dtype=object)).to_numpy().take(codes)
    days = stamps.astype("datetime64[s]").astype("int64").clip(min=-(2**62))
    return -days  # NaT, the smallest, sorts last


def order(df, keys: list[str]):
    """`df` (a DataFrame or dashboard/rows.py's Rows) sorted so that the first row of each
    key is the one the rule prefers (a frame's rows keep their index labels). One stable
    lexsort over integer keys, whatever the size."""
    n = len(df)
    if n < 2:
        return df

    def column(name: str, default: object) -> np.ndarray:
        return np.asarray(df[name]) if name in df else np.full(n, default, dtype=object)

    first_by = _FIRST_BY(df)
    # A reviewed override (or, on rows the store already marked, its choice) comes first.
    override = ~np.asarray(df[first_by], dtype=bool) if first_by else np.ones(n, bool)
    ties = [
        override.astype(np.int64),
        _ranked(column("source_kind", "primary"), KIND_RANK),
        _ranked(column("qualifier", "exact"), QUALIFIER_RANK),
        _latest_first(column("published_end", pd.NaT)),
        _sortable(column("source_id", "")),
    ]
    by = [*(_sortable(np.asarray(df[k])) for k in keys), *ties]
    return df.take(np.lexsort(by[::-1]))


def mark(df: pd.DataFrame, keys: list[str] = PRINTED_POINT) -> np.ndarray:
    """True for the preferred row of each point, aligned with `df`'s rows."""
    if df.empty:
        return np.zeros(0, dtype=bool)
    ordered = order(df, keys)
    first = pd.Series(~keys_.duplicated(ordered, keys), index=ordered.index)
    return first.reindex(df.index).to_numpy(dtype=bool)
