"""Row keys for the rows of a view (dashboard/rows.py) or a frame: one integer per row, equal
for rows equal in the key's columns, without pandas' per-call cost (`duplicated` on a
36-column frame costs ~2 ms however few its rows; the same answer from plain tuples costs
microseconds). Larger inputs are factorised column by column, vectorised."""

from __future__ import annotations

import numpy as np
import pandas as pd

SMALL = 2000  # rows; above this factorising whole columns is the faster path


def _column(rows, name: str) -> np.ndarray:
    """A column of Rows or of a DataFrame as an array (datetimes as integers: hashable and
    ordered alike)."""
    values = np.asarray(rows[name])
    return values.astype("int64") if values.dtype.kind == "M" else values


def codes(rows, columns: list[str]) -> np.ndarray:
    """One integer per row, equal for rows equal in `columns`, numbered by first appearance."""
    n = len(rows)
    if n > SMALL:
        key = np.zeros(n, dtype=np.int64)
        for c in columns:  # (codes so far, this column's code) numbered anew: never overflows
            part, uniques = pd.factorize(_column(rows, c), use_na_sentinel=False)
            key, _ = pd.factorize(key * len(uniques) + part)
        return key.astype(np.int64)
    index: dict[tuple, int] = {}
    keys = zip(*(_column(rows, c).tolist() for c in columns), strict=True)
    return np.fromiter((index.setdefault(r, len(index)) for r in keys), dtype=np.int64,
                       count=n)


def duplicated(rows, columns: list[str], keep: str | bool = "first") -> np.ndarray:
    """DataFrame.duplicated(columns, keep=...) as a boolean array."""
    return repeated(codes(rows, columns), keep)


def repeated(key: np.ndarray, keep: str | bool = "first") -> np.ndarray:
    """duplicated() from codes already made: every row but the first of its key (keep=False:
    every row whose key is shared)."""
    if keep == "first":
        seen = np.zeros(len(key), dtype=bool)
        _, first = np.unique(key, return_index=True)
        seen[first] = True
        return ~seen
    counts = np.bincount(key) if len(key) else np.zeros(0, dtype=np.int64)
    return counts[key] > 1
