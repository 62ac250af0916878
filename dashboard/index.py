"""Loading and indexing: the validated observations as columns sorted by indicator, with
names and citations joined and figures derived once, so that a query only selects rows.

Text that repeats is held dictionary-encoded (`Coded`: its distinct values once, and a small
integer code per row), quotes and notes in Arrow's buffers, numbers and dates as numpy arrays;
each indicator is a contiguous range of rows. A query takes its rows from these columns
(dashboard/rows.py); the whole table as one DataFrame is only made when asked for (the
dataset zip). At a million rows the codes hold in ~1-4 MB a column what object columns held
in 8 MB of pointers each. No Dash here."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import pyarrow as pa

from dashboard import i18n, preferred
from dashboard.periods import is_calendar_year
from dashboard.query import Vocabulary
from dashboard.rows import Rows, objects
from validation import Dataset, geography
from validation.schemas import TABLES

# Columns every query result carries, in this order (the table and the extract read them).
COLUMNS = [
    "indicator_id", "indicator_name", "indicator_name_fr", "unit", "period_start", "period_end",
    "end_precision", "year", "calendar_year", "geography", "geography_name", "geography_name_fr",
    "breakdown",
    "breakdown_kind", "entity", "company_id", "company", "parent_company_id", "scope",
    "scope_note_en", "scope_note_fr", "value", "qualifier", "source_id", "publisher", "title",
    "publisher_fr", "title_fr", "url", "published", "published_end", "source_kind", "secondary",
    "preferred", "quote",
    "note", "series_break",
]
# The row order: indicator, period end, geography, breakdown, source.
SORT_KEYS = ["indicator_id", "period_end", "geography", "breakdown", "source_id"]
# Columns kept as (sorted distinct values, int32 code per row); queries filter on the codes.
INTERNED = ("indicator_id", "geography", "breakdown", "entity", "source_id", "qualifier",
            "source_kind", "end_precision")
UNIQUE_TEXT = ("quote", "note")  # one value per row: kept in Arrow's buffers, not interned
# Joined from indicators.csv and sources.csv: their column -> the frame's column.
FROM_INDICATORS = {"name_en": "indicator_name", "name_fr": "indicator_name_fr", "unit": "unit"}
FROM_SOURCES = {c: c for c in ("publisher", "publisher_fr", "title", "title_fr", "url",
                               "published", "published_end")}

Codes = dict[str, tuple[np.ndarray, np.ndarray]]  # column -> (distinct values, code per row)


class Coded:
    """A column as its distinct values (an object array) and a code per row: `coded[rows]`
    is the column at those rows, one object per distinct value."""

    __slots__ = ("codes", "values")

    def __init__(self, values: np.ndarray, codes: np.ndarray):
        self.values = np.asarray(values, dtype=object)
        self.codes = codes.astype(np.min_scalar_type(max(len(self.values) - 1, 0)))

    def __len__(self) -> int:
        return len(self.codes)

    def __getitem__(self, rows) -> np.ndarray:
        return self.values.take(self.codes[rows])

    @classmethod
    def of(cls, column: np.ndarray | pd.Series) -> Coded:
        """A column coded by its distinct values (an Arrow text column is factorised as it is
        held: converting it cell by cell first would make a str per row)."""
        codes, uniques = pd.factorize(column, use_na_sentinel=False)
        return cls(np.asarray(uniques, dtype=object), codes)


def breakdown_kind(geo: str, breakdown: str) -> str:
    """total | country | company | the prefix of a `kind:slug` part (reporter, files, ...)."""
    if breakdown == "total":
        return "total" if geo == geography.WORLD else "country"
    if ":" in breakdown:
        return breakdown.split(":", 1)[0]
    return "company"


class Companies:
    """companies.csv as a tree: display names, parents, and each company's whole group."""

    def __init__(self, companies: pd.DataFrame):
        self.names = dict(zip(companies["company_id"], companies["name"], strict=True))
        self.parent = {c: p for c, p in zip(companies["company_id"], companies["parent_id"],
                                            strict=True) if p}
        self.members: dict[str, list[str]] = {}
        for child, parent in self.parent.items():
            self.members.setdefault(parent, []).append(child)
        for kids in self.members.values():
            kids.sort(key=lambda c: self.names[c].lower())

    def group(self, company_id: str) -> list[str]:
        """The company and every company below it (validation forbids cycles)."""
        out, todo = [], [company_id]
        while todo:
            at = todo.pop()
            out.append(at)
            todo += self.members.get(at, [])
        return out

    def ancestors(self, company_id: str) -> list[str]:
        """The company's parent, its parent's parent, and so on up to the top."""
        out = []
        while company_id in self.parent:
            company_id = self.parent[company_id]
            out.append(company_id)
        return out

    def expand(self, wanted: tuple[str, ...]) -> tuple[str, ...]:
        """Breakdown filter values with each company's group added (a parent selects its
        members); values that are no company pass through."""
        out = []
        for value in wanted:
            out += self.group(value) if value in self.names else [value]
        return tuple(dict.fromkeys(out))


@dataclass(frozen=True)
class Tables(Dataset):
    """The Dataset as the store keeps it: observations are not held twice but read back from
    the indexed frame (sorted by indicator, period, geography, breakdown, source)."""

    index: Index | None = field(default=None, repr=False)

    @classmethod
    def of(cls, dataset: Dataset, index: Index) -> Tables:
        """Every table of `dataset` but its observations, which `index` holds."""
        names = [f.removesuffix(".csv") for f in TABLES]
        return cls(dataset.data_dir, dataset.version,
                   {n: dataset.table(n) for n in names if n != "observations"}, index)

    def table(self, name: str) -> pd.DataFrame:
        if name == "observations":
            table = self.index.frame(list(TABLES["observations.csv"][1]))
            table.columns = pd.Index(table.columns.tolist())  # labels as the loader makes them
            return table
        return super().table(name)

    def row_counts(self) -> dict[str, int]:
        counts = {**super().row_counts(), "observations": len(self.index.year)}
        return {name: counts[name] for name in (f.removesuffix(".csv") for f in TABLES)}


class ArrowText:
    """A column of text that seldom repeats (quotes, notes) in one Arrow buffer:
    `text[rows]` is the column at those rows as an object array."""

    __slots__ = ("array",)

    def __init__(self, column: pd.Series):
        self.array = pa.chunked_array(pa.array(column.array)).combine_chunks()

    def __len__(self) -> int:
        return len(self.array)

    def __getitem__(self, rows) -> np.ndarray:
        return objects(self.array.take(rows).to_pylist())


@dataclass(frozen=True)
class Index:
    """The columns and what queries read beside them."""

    arrays: dict[str, np.ndarray | ArrowText | Coded]  # COLUMNS, rows sorted by SORT_KEYS
    codes: Codes  # the INTERNED columns' (values, code per row), in the same order
    spans: dict[str, tuple[int, int]]  # indicator -> its rows [start, stop)
    year: np.ndarray  # per row: the year its period ends (the year a figure belongs to)
    start_year: np.ndarray  # per row: the year its period starts

    def rows(self, positions: np.ndarray | None = None) -> Rows:
        """The rows at `positions` (every row: None), each column read when first asked for."""
        at = np.arange(len(self.year)) if positions is None else positions
        return Rows.at(self.arrays, at)

    def frame(self, columns: list[str] | None = None,
              positions: np.ndarray | None = None) -> pd.DataFrame:
        """Those rows and columns (all: None) as one DataFrame, text as object columns."""
        rows = self.rows(positions)
        return pd.DataFrame({c: _series(rows[c], self.arrays[c]) for c in columns or COLUMNS},
                            index=range(len(rows)))


def build(dataset: Dataset, companies: Companies) -> Index:
    """Join, intern, sort, join the lookups, derive: each a step below."""
    obs = dataset.observations
    sources = dataset.sources.set_index("source_id")
    obs = obs.assign(**_company_columns(obs, dataset.company_names, companies),
                     source_kind=obs["source_id"].map(sources["kind"]))
    codes = {c: intern(obs[c]) for c in INTERNED}
    order = _sort_order(obs, codes)
    codes = {c: (values, per_row[order]) for c, (values, per_row) in codes.items()}
    cols = _sorted_columns(obs, codes, order)
    cols |= _joined(codes["indicator_id"], dataset.indicators.set_index("indicator_id"),
                    FROM_INDICATORS)
    cols |= _joined(codes["source_id"], sources, FROM_SOURCES)
    cols |= _derived(cols, codes, dataset)
    arrays = _arrays(cols, codes)
    codes = {c: (arrays[c].values, arrays[c].codes) for c in INTERNED}  # one copy of each
    return Index(arrays, codes, _spans(*codes["indicator_id"]), cols["year"],
                 pd.Series(cols["period_start"]).dt.year.to_numpy())


def intern(values: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """(distinct values sorted, int32 code per row). `distinct.take(codes)` is the column as an
    object array in which equal strings are one object (read from a CSV, every cell is its
    own str: at a million rows ~60 bytes a cell instead of 8)."""
    codes, uniques = pd.factorize(values, sort=True)
    return np.asarray(uniques, dtype=object), codes.astype(np.int32)


def _company_columns(obs: pd.DataFrame, names: pd.DataFrame,
                     companies: Companies) -> dict[str, np.ndarray]:
    """Per row: entity (the company id of a company row, else the breakdown itself), the
    company's id, display name and parent, and how the source scoped the figure
    (company_names.csv maps each printed name of each source to a company)."""
    keys = pd.MultiIndex.from_arrays([obs["source_id"], obs["breakdown"]])
    mapped = names.set_index(["source_id", "printed_name"]).reindex(keys)
    company = mapped["company_id"].fillna("").to_numpy(dtype=object)
    out = {"company_id": company,
           "entity": np.where(company != "", company, obs["breakdown"].to_numpy(object)),
           "company": np.asarray([companies.names.get(c, "") for c in company], dtype=object),
           "parent_company_id": np.asarray([companies.parent.get(c, "") for c in company],
                                           dtype=object)}
    for column in ("scope", "scope_note_en", "scope_note_fr"):
        out[column] = mapped[column].fillna("").to_numpy(dtype=object)
    return out


def _sort_order(obs: pd.DataFrame, codes: Codes) -> np.ndarray:
    """The stable sort by SORT_KEYS. Codes sort as their values do (interned sorted); lexsort
    takes its keys last first."""
    return np.lexsort([codes[k][1] if k in codes else obs[k].to_numpy()
                       for k in reversed(SORT_KEYS)])


def _sorted_columns(obs: pd.DataFrame, codes: Codes, order: np.ndarray) -> dict:
    """Each column of `obs` in the sorted order: interned ones as their shared values, other
    text coded by its distinct values (pandas 3 holds text as Arrow strings, the company
    columns assigned above too, and reading those cell by cell makes a str per row: at a
    million rows ~70 bytes a cell for a handful of names)."""
    cols: dict[str, np.ndarray | pd.Series | Coded] = {}
    for column in obs.columns:
        if column in codes:
            values, per_row = codes[column]
            cols[column] = values.take(per_row)
        elif column in UNIQUE_TEXT:
            cols[column] = obs[column].astype("str").take(order).reset_index(drop=True)
        elif pd.api.types.is_string_dtype(obs[column].dtype):
            coded = Coded.of(obs[column])
            cols[column] = Coded(coded.values, coded.codes[order])
        else:
            cols[column] = obs[column].to_numpy()[order]
    return cols


def _joined(key: tuple[np.ndarray, np.ndarray], table: pd.DataFrame,
            columns: dict[str, str]) -> dict[str, np.ndarray]:
    """`table`'s columns per row, looked up once per distinct key and spread by its codes."""
    values, per_row = key
    lookup = table.reindex(pd.Index(values))
    return {out: lookup[column].to_numpy(dtype=object).take(per_row)
            for column, out in columns.items()}


def _derived(cols: dict, codes: Codes, dataset: Dataset) -> dict[str, np.ndarray]:
    """The six columns derived from the others, each by its own rule below."""
    out = _years(cols["period_start"], cols["period_end"])
    out |= _geography_names(*codes["geography"])
    out["breakdown_kind"] = _kinds(cols["geography"], cols["breakdown"])
    out["secondary"] = cols["source_kind"] != "primary"
    out["series_break"] = _series_breaks(*codes["indicator_id"], dataset.series_breaks)
    out["preferred"] = _preferred({**cols, **out}, dataset.preferred_overrides)
    return out


def _years(start: np.ndarray, end: np.ndarray) -> dict[str, np.ndarray]:
    """year: the year the period ends (a figure belongs to it); calendar_year: whether the
    period is one whole calendar year."""
    start, end = pd.Series(start).dt, pd.Series(end).dt
    return {"year": end.year.to_numpy(dtype="int64"),
            "calendar_year": is_calendar_year(start, end).to_numpy()}


def _geography_names(values: np.ndarray, per_row: np.ndarray) -> dict[str, np.ndarray]:
    """Each geography's name in English and in French, named once per distinct code."""
    out = {}
    for column, lang in (("geography_name", "en"), ("geography_name_fr", "fr")):
        names = np.asarray([i18n.country_name(c, lang) for c in values], dtype=object)
        out[column] = names.take(per_row)
    return out


def _kinds(geo: np.ndarray, breakdown: np.ndarray) -> np.ndarray:
    """breakdown_kind for whole columns (decided once per distinct breakdown)."""
    codes, uniques = pd.factorize(breakdown)
    kinds = np.asarray([breakdown_kind(geography.WORLD, b) for b in uniques], dtype=object)
    out = kinds.take(codes)
    out[(breakdown == "total") & (geo != geography.WORLD)] = "country"
    return out


def _series_breaks(values: np.ndarray, per_row: np.ndarray,
                   breaks: pd.DataFrame) -> np.ndarray:
    """Per row: the year from which its indicator is counted differently (0: no break)."""
    first = dict(zip(breaks["indicator_id"], breaks["starts_on"].dt.year, strict=True))
    return np.asarray([first.get(i, 0) for i in values], dtype="int64").take(per_row)


def _preferred(cols: dict, overrides: pd.DataFrame) -> np.ndarray:
    """The preferred row of each point, by the rule of dashboard/preferred.py and its
    reviewed overrides."""
    frame = pd.DataFrame({c: cols[c] for c in (*preferred.PRINTED_POINT, "source_id",
                                              "source_kind", "qualifier", "published_end")})
    keys = [*preferred.PRINTED_POINT, "source_id"]
    frame["override"] = pd.MultiIndex.from_frame(frame[keys]).isin(
        pd.MultiIndex.from_frame(overrides[keys])) if len(overrides) else False
    return preferred.mark(frame)


def _arrays(cols: dict, codes: Codes) -> dict[str, np.ndarray | ArrowText | Coded]:
    """COLUMNS as the index holds them: text that repeats dictionary-encoded (the INTERNED
    columns by the codes they already have, text coded while sorting as it is, joined text
    here), UNIQUE_TEXT in one Arrow array, the rest as numpy arrays."""
    out: dict[str, np.ndarray | ArrowText | Coded] = {}
    for c in COLUMNS:
        values = cols[c]
        if c in codes:
            out[c] = Coded(*codes[c])
        elif isinstance(values, Coded):
            out[c] = values
        elif isinstance(values, pd.Series):
            out[c] = ArrowText(values)
        elif values.dtype == object:
            out[c] = Coded.of(values)
        else:
            out[c] = values
    return out


def _series(values: np.ndarray, held) -> pd.Series:
    """A column of a query's frame: text as object (as the loader's text reads back), quotes
    and notes as the Arrow text they are held as."""
    if isinstance(held, ArrowText):
        return pd.Series(values, dtype="str")
    return pd.Series(values, dtype=object if values.dtype == object else None)


def _spans(values: np.ndarray, per_row: np.ndarray) -> dict[str, tuple[int, int]]:
    """indicator -> (first row, row after its last): the rows are sorted by indicator."""
    if not len(per_row):
        return {}
    bounds = np.flatnonzero(np.diff(per_row)) + 1
    starts, stops = np.concatenate([[0], bounds]), np.concatenate([bounds, [len(per_row)]])
    return {values[per_row[a]]: (int(a), int(b)) for a, b in zip(starts, stops, strict=True)}


def vocabulary(index: Index, companies: Companies, indicators: pd.DataFrame,
               sources: pd.DataFrame, names: pd.DataFrame) -> Vocabulary:
    """What a link may name: the data's indicators, geographies, breakdowns (a company's
    parents too: a group is selectable by its parent), sources, and the printed company
    names that mean one company only (old links named companies as printed)."""
    entities = set(index.codes["entity"][0])
    for company in [e for e in entities if e in companies.names]:
        entities.update(companies.ancestors(company))
    ids: dict[str, set[str]] = {}
    for name, cid in zip(names["printed_name"], names["company_id"], strict=True):
        ids.setdefault(name, set()).add(cid)
    return Vocabulary(
        indicators=frozenset(indicators["indicator_id"]),
        geographies=frozenset(index.codes["geography"][0]),
        breakdowns=frozenset(entities),
        sources=frozenset(sources["source_id"]),
        aliases={name: next(iter(c)) for name, c in ids.items() if len(c) == 1},
    )
