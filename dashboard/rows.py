"""A view's rows as plain columns: one numpy array per column, all of one length.

The explorer's views hold tens of rows. On frames that small, pandas' cost is per call, not
per row (a column read ~20 microseconds, a boolean index or a groupby ~0.5 ms), and a view made
~300 such calls; the same work on numpy arrays costs microseconds. So the store hands a view its
rows as `Rows` (taken from arrays it read once at load), and the chart, the table and the
caveats read columns from it. The extracts, which write every row, keep pandas (`frame()`).

Columns are read-only arrays (text and timestamps of a frame's object columns as objects,
period dates as datetime64); nothing here changes a column in place: `assign` and `take`
make new Rows that share the columns they did not change. Rows taken from the store's arrays
(`Rows.at`) copy a column only when it is first read: a view reads about half of them."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import numpy as np
import pandas as pd


class Rows:
    """Columns by name, each a numpy array of len(self) values."""

    __slots__ = ("_columns", "_length", "_source", "_at")

    def __init__(self, columns: Mapping[str, np.ndarray], length: int | None = None):
        self._columns = dict(columns)
        lengths = {len(v) for v in self._columns.values()}
        if length is None:
            length = lengths.pop() if lengths else 0
        if lengths - {length}:
            raise ValueError(f"columns of unequal length: {sorted(lengths)}")
        self._length = length
        self._source: Mapping[str, np.ndarray] = {}  # columns not yet read
        self._at = np.zeros(0, dtype=np.intp)  # ... and the positions to read them at

    @classmethod
    def at(cls, source: Mapping[str, np.ndarray], positions: np.ndarray) -> Rows:
        """The rows at `positions` of whole columns (arrays, or anything that reads its rows
        at integer positions as `column[positions]`, like dashboard/index.py's Coded): each
        column is copied out when first read."""
        rows = cls({}, len(positions))
        rows._source, rows._at = source, np.asarray(positions, dtype=np.intp)
        return rows

    @classmethod
    def of(cls, data: Rows | pd.DataFrame) -> Rows:
        """`data` as Rows (Rows pass through; a frame's text columns become object arrays)."""
        if isinstance(data, Rows):
            return data
        return cls({str(c): _array(data[c]) for c in data.columns}, len(data))

    def frame(self) -> pd.DataFrame:
        columns = {c: self[c] for c in self.columns}
        return pd.DataFrame({c: pd.Series(v, dtype=object if v.dtype == object else None)
                             for c, v in columns.items()}, index=range(self._length))

    # -- reading ---------------------------------------------------------------------------
    def __len__(self) -> int:
        return self._length

    def __contains__(self, column: object) -> bool:
        return column in self._columns or column in self._source

    def __getitem__(self, column: str) -> np.ndarray:
        values = self._columns.get(column)
        if values is None:
            if column not in self._source:
                raise KeyError(f"no column {column!r} among {sorted(self.columns)}")
            values = self._columns[column] = self._source[column][self._at]
        return values

    def __repr__(self) -> str:
        return f"Rows({self._length} rows: {', '.join(self.columns)})"

    @property
    def columns(self) -> list[str]:
        return [*self._source, *(c for c in self._columns if c not in self._source)]

    @property
    def empty(self) -> bool:
        return self._length == 0

    def distinct(self, column: str) -> list:
        """The column's values, each once, in order of first appearance."""
        return list(dict.fromkeys(self[column].tolist()))

    def isin(self, column: str, values: set | frozenset) -> np.ndarray:
        """Whether each row's value of `column` is among `values` (a set: hashed lookups)."""
        return np.fromiter((v in values for v in self[column].tolist()), dtype=bool,
                           count=self._length)

    def records(self, *columns: str) -> Iterable[tuple]:
        """The rows as tuples of `columns` (plain Python values)."""
        return zip(*(self[c].tolist() for c in columns), strict=True)

    # -- new rows --------------------------------------------------------------------------
    def take(self, positions: np.ndarray | list[int]) -> Rows:
        """The rows at `positions`, in that order."""
        at = np.asarray(positions, dtype=np.intp)
        out = Rows({c: v[at] for c, v in self._columns.items()}, len(at))
        if self._source:
            out._source, out._at = self._source, self._at[at]
        return out

    def where(self, mask: np.ndarray) -> Rows:
        """The rows where `mask` holds (these very Rows when it holds everywhere)."""
        mask = np.asarray(mask, dtype=bool)
        return self if mask.all() else self.take(np.flatnonzero(mask))

    def head(self, n: int) -> Rows:
        return self if n >= self._length else self.take(np.arange(n))

    def assign(self, **values: object) -> Rows:
        """These rows with columns added or replaced; a scalar fills its column."""
        out = Rows(self._columns, self._length)
        out._source, out._at = self._source, self._at
        for column, value in values.items():
            out._columns[column] = (
                np.asarray(value) if isinstance(value, (np.ndarray, list, tuple, pd.Series,
                                                        pd.Index))
                else _filled(value, self._length))
        return out

    @staticmethod
    def concat(parts: list[Rows]) -> Rows:
        """Rows one after another; every part has the first part's columns."""
        parts = [p for p in parts if p._columns] or parts[:1]
        if not parts:
            return Rows({})
        names = parts[0].columns
        return Rows({c: np.concatenate([p[c] for p in parts]) for c in names},
                    sum(len(p) for p in parts))


def _array(column: pd.Series) -> np.ndarray:
    values = column.to_numpy()
    if values.dtype.kind in "OUS" or pd.api.types.is_string_dtype(column.dtype):
        return column.to_numpy(dtype=object)
    return values


def objects(values: Iterable) -> np.ndarray:
    """`values` as a one-dimensional object array (np.asarray would make an array of
    characters of equal-length strings, or a 2-D array of tuples)."""
    items = list(values)
    out = np.empty(len(items), dtype=object)
    out[:] = items
    return out


def _filled(value: object, n: int) -> np.ndarray:
    if isinstance(value, (bool, np.bool_)):
        return np.full(n, value, dtype=bool)
    if isinstance(value, (int, float, np.integer, np.floating)):
        return np.full(n, value)
    return objects([value] * n)
