"""Queries over the index (dashboard/index.py): the rows matching a Filters, a bounded cache of
results, and the lists the explorer's controls offer. No Dash here."""

from __future__ import annotations

from collections import OrderedDict
from threading import Lock

import numpy as np
import pandas as pd

from dashboard import i18n
from dashboard.index import Companies, Index
from dashboard.query import Filters
from dashboard.rows import Rows

CACHE_SIZE = 256  # results kept, and at most CACHE_ROWS rows among them
CACHE_ROWS = 100_000


class ResultCache:
    """The latest results by their filters, the least recently used let go first once more
    than CACHE_SIZE results or CACHE_ROWS rows are held (the latest result always stays).
    Thread-safe."""

    def __init__(self) -> None:
        self._results: OrderedDict[Filters, pd.DataFrame | Rows] = OrderedDict()
        self._rows = 0
        self._lock = Lock()

    def get(self, filters: Filters) -> pd.DataFrame | Rows | None:
        with self._lock:
            if filters not in self._results:
                return None
            self._results.move_to_end(filters)
            return self._results[filters]

    def put(self, filters: Filters, result: pd.DataFrame | Rows) -> None:
        with self._lock:
            if filters in self._results:  # two threads asked at once: keep one
                self._rows -= len(self._results.pop(filters))
            self._results[filters] = result
            self._rows += len(result)
            while len(self._results) > 1 and (len(self._results) > CACHE_SIZE
                                              or self._rows > CACHE_ROWS):
                _, dropped = self._results.popitem(last=False)
                self._rows -= len(dropped)


def select(index: Index, companies: Companies, f: Filters) -> pd.DataFrame:
    """The rows matching `f` as a frame (the extracts and the headline figures)."""
    return index.frame(positions=positions(index, companies, f))


def select_rows(index: Index, companies: Companies, f: Filters) -> Rows:
    """The same rows as `select`, as plain columns (a view's chart, table and caveats)."""
    return index.rows(positions(index, companies, f))


def positions(index: Index, companies: Companies, f: Filters) -> np.ndarray:
    """Where the rows matching `f` are in the frame: within each asked indicator's range, a
    mask over the years and over the codes of geography, breakdown (a parent brings its
    group), source and kind."""
    if f.indicators:
        spans = [index.spans[i] for i in f.indicators if i in index.spans]
    else:
        spans = [(0, len(index.year))]
    lookups = []  # per filtered column: its codes, and a table saying which codes to keep
    for column, wanted in (("geography", f.geographies),
                           ("entity", companies.expand(f.breakdowns)),
                           ("source_id", f.sources), ("source_kind", f.source_kinds)):
        if wanted:
            values, codes = index.codes[column]
            keep = np.zeros(len(values), dtype=bool)
            keep[_member_codes(values, wanted)] = True
            lookups.append((codes, keep))
    picked = []
    for start, stop in spans:
        if f.indicators:  # one indicator's rows are sorted by period end, so by year: a slice
            years = index.year[start:stop]
            first = -np.inf if f.year_from is None else f.year_from
            last = np.inf if f.year_to is None else f.year_to  # a figure's year: its end's
            start, stop = (start + int(np.searchsorted(years, first, "left")),
                           start + int(np.searchsorted(years, last, "right")))
            stop = max(start, stop)  # from after to: nothing
        mask = np.ones(stop - start, dtype=bool)
        if not f.indicators and f.year_from is not None:
            mask &= index.year[start:stop] >= f.year_from
        if not f.indicators and f.year_to is not None:
            mask &= index.year[start:stop] <= f.year_to
        for codes, keep in lookups:
            mask &= keep[codes[start:stop]]
        picked.append(np.flatnonzero(mask) + start)
    return np.concatenate(picked) if picked else np.array([], dtype=np.int64)


def _member_codes(values: np.ndarray, wanted: tuple[str, ...]) -> np.ndarray:
    """The codes of `wanted` among the sorted `values` (values the data does not hold have
    none)."""
    at = np.searchsorted(values, np.asarray(wanted, dtype=object))
    return np.asarray([i for i, w in zip(at, wanted, strict=True)
                       if i < len(values) and values[i] == w], dtype=np.int32)


def geographies(df: pd.DataFrame, lang: str) -> list[tuple[str, str]]:
    """(code, name) pairs present in `df`, sorted by name."""
    pairs = df[["geography", i18n.localized("geography_name", lang)]].drop_duplicates()
    return sorted(map(tuple, pairs.to_numpy()), key=lambda p: p[1])


def breakdown_parts(df: pd.DataFrame) -> list[str]:
    """Breakdown values in `df` that are no company (total, kind:slug parts)."""
    parts = df.loc[df["company_id"] == "", "entity"].unique()
    return sorted(parts, key=lambda b: (":" not in b, b.lower()))


def company_years(df: pd.DataFrame, companies: Companies) -> dict[str, tuple[int, int]]:
    """company id -> (first year, last year) of its figures in `df`; a parent spans its
    members' years too."""
    df = df[df["company_id"] != ""]
    years = df.groupby("company_id", observed=True)["year"].agg(["min", "max"])
    span = {c: (int(a), int(b)) for c, a, b in zip(years.index, years["min"], years["max"],
                                                    strict=True)}
    for company, (first, last) in list(span.items()):
        for parent in companies.ancestors(company):
            lo, hi = span.get(parent, (first, last))
            span[parent] = (min(lo, first), max(hi, last))
    return span


def company_tree(df: pd.DataFrame, companies: Companies) -> list[tuple[str, int, int, int]]:
    """(company id, depth, first year, last year) of each company with figures in `df`, each
    parent (with its group's years) followed by its members, by name."""
    span = company_years(df, companies)
    out: list[tuple[str, int, int, int]] = []

    def add(company: str, depth: int) -> None:
        out.append((company, depth, *span[company]))
        for member in companies.members.get(company, []):
            if member in span:
                add(member, depth + 1)

    for company in sorted((c for c in span if c not in companies.parent),
                          key=lambda c: companies.names[c].lower()):
        add(company, 0)
    return out


def year_span(index: Index) -> tuple[int, int]:
    """(first year any period starts, last year any period ends); (0, 0) with no rows."""
    if not len(index.year):
        return 0, 0
    return int(index.start_year.min()), int(index.year.max())


def as_of(sources: pd.DataFrame) -> str:
    """The most recent publication date among the sources: how current the data is."""
    src = sources.dropna(subset=["published_end"])
    return "" if src.empty else str(src.loc[src["published_end"].idxmax(), "published"])
