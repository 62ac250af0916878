"""The validated Dataset, indexed for the app: queries, derived figures, and their cache."""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass, field
from threading import Lock

import numpy as np
import pandas as pd

from dashboard import i18n, preferred, query
from dashboard.query import Filters, Vocabulary
from validation import Dataset, geography
from validation.schemas import TABLES

CACHE_SIZE = 256  # results kept, and at most CACHE_ROWS rows among them
CACHE_ROWS = 100_000
NCMEC_REPORTS = "ncmec_cybertipline_reports"
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

    def expand(self, wanted: tuple[str, ...]) -> tuple[str, ...]:
        """Breakdown filter values with each company's group added (a parent selects its
        members); values that are no company pass through."""
        out = []
        for value in wanted:
            out += self.group(value) if value in self.names else [value]
        return tuple(dict.fromkeys(out))


@dataclass(frozen=True)
class Headline:
    """A figure for a card: the row itself plus, where it exists, the year before."""

    row: dict
    previous: dict | None = None

    @property
    def change(self) -> float | None:
        if not self.previous or not self.previous["value"]:
            return None
        return self.row["value"] / self.previous["value"] - 1


def _shared(values: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """(distinct values sorted, int32 code per row). `distinct.take(codes)` is the column as an
    object array in which equal strings are one object (read from a CSV, every cell is its
    own str: at a million rows ~60 bytes a cell instead of 8)."""
    codes, uniques = pd.factorize(values, sort=True)
    return np.asarray(uniques, dtype=object), codes.astype(np.int32)


def _kinds(geo: np.ndarray, breakdown: np.ndarray) -> np.ndarray:
    """breakdown_kind for whole columns (decided once per distinct breakdown)."""
    codes, uniques = pd.factorize(breakdown)
    kinds = np.asarray([breakdown_kind(geography.WORLD, b) for b in uniques], dtype=object)
    out = kinds.take(codes)
    out[(breakdown == "total") & (geo != geography.WORLD)] = "country"
    return out


@dataclass(frozen=True)
class Tables(Dataset):
    """The Dataset as the store keeps it: observations are not held twice but read back from
    the store's frame (sorted by indicator, period, geography, breakdown, source)."""

    store: Store | None = field(default=None, repr=False)

    def table(self, name: str) -> pd.DataFrame:
        if name == "observations":
            return self.store.frame[list(TABLES["observations.csv"][1])].copy()
        return super().table(name)

    def row_counts(self) -> dict[str, int]:
        counts = {**super().row_counts(), "observations": len(self.store.frame)}
        return {name: counts[name] for name in (f.removesuffix(".csv") for f in TABLES)}


class Store:
    """Read-only queries over one Dataset. Thread-safe; results are cached per filter.

    The observations are held once, sorted by indicator, so each indicator is a contiguous
    range of rows (the index by indicator); geography, breakdown and source are also kept as
    integer codes, so a query filters numbers and copies only the rows it returns."""

    def __init__(self, dataset: Dataset):
        # The raw observations are let go once _enrich has built the frame.
        self.dataset = Tables(dataset.data_dir, dataset.version,
                              {name: dataset.table(name) for name in
                               ("sources", "indicators", "endorsements", "events", "companies",
                               "company_names", "preferred_overrides", "series_breaks",
                               "complete_tables")}, self)
        self.version = dataset.version
        self.indicators = dataset.indicators.set_index("indicator_id", drop=False)
        self.sources = dataset.sources.set_index("source_id", drop=False)
        self.events = dataset.events.sort_values("date", kind="stable")
        self.endorsements = dataset.endorsements
        self.companies = Companies(dataset.companies)
        self._names = dataset.company_names
        self.frame, codes = self._enrich(dataset.observations)
        self._codes = codes  # column -> (sorted distinct values, int codes per row)
        ind_values, ind_codes = codes["indicator_id"]
        bounds = np.flatnonzero(np.diff(ind_codes)) + 1
        starts = np.concatenate([[0], bounds]) if len(ind_codes) else np.array([], int)
        stops = np.concatenate([bounds, [len(ind_codes)]]) if len(ind_codes) else starts
        self._spans = {ind_values[ind_codes[a]]: (int(a), int(b))
                       for a, b in zip(starts, stops, strict=True)}
        self._year = self.frame["year"].to_numpy()
        self._start_year = self.frame["period_start"].dt.year.to_numpy()
        entities = set(codes["entity"][0])
        for company in [e for e in entities if e in self.companies.names]:
            while company in self.companies.parent:  # a group is selectable by its parent
                company = self.companies.parent[company]
                entities.add(company)
        self.vocabulary = Vocabulary(
            indicators=frozenset(self.indicators.index),
            geographies=frozenset(codes["geography"][0]),
            breakdowns=frozenset(entities),
            sources=frozenset(self.sources.index),
            aliases=self._aliases(),
        )
        self._cache: OrderedDict[Filters, pd.DataFrame] = OrderedDict()
        self._cached_rows = 0
        self._lock = Lock()

    def _aliases(self) -> dict[str, str]:
        """Printed company name -> its company id, where the name means one company only (old
        links named companies as printed)."""
        ids: dict[str, set[str]] = {}
        for name, cid in zip(self._names["printed_name"], self._names["company_id"],
                             strict=True):
            ids.setdefault(name, set()).add(cid)
        return {name: next(iter(c)) for name, c in ids.items() if len(c) == 1}

    def _company_columns(self, obs: pd.DataFrame) -> dict[str, np.ndarray]:
        """Per row: entity (the company id of a company row, else the breakdown itself), the
        company's id, display name and parent, and how the source scoped the figure."""
        names = self._names.set_index(["source_id", "printed_name"])
        keys = pd.MultiIndex.from_arrays([obs["source_id"], obs["breakdown"]])
        mapped = names.reindex(keys)
        company = mapped["company_id"].fillna("").to_numpy(dtype=object)
        out = {"company_id": company,
               "entity": np.where(company != "", company, obs["breakdown"].to_numpy(object)),
               "company": np.asarray([self.companies.names.get(c, "") for c in company],
                                     dtype=object),
               "parent_company_id": np.asarray([self.companies.parent.get(c, "")
                                                for c in company], dtype=object)}
        for column in ("scope", "scope_note_en", "scope_note_fr"):
            out[column] = mapped[column].fillna("").to_numpy(dtype=object)
        return out

    def _enrich(self, obs: pd.DataFrame) -> tuple[pd.DataFrame, dict]:
        """Join names and citations once, so queries only select rows."""
        obs = obs.assign(**self._company_columns(obs))
        ind = self.indicators[["name_en", "name_fr", "unit"]].rename(
            columns={"name_en": "indicator_name", "name_fr": "indicator_name_fr"})
        src = self.sources[["publisher", "publisher_fr", "title", "title_fr", "url",
                            "published", "published_end", "kind"]].rename(
            columns={"kind": "source_kind"})
        keys = ["indicator_id", "period_end", "geography", "breakdown", "source_id"]
        obs = obs.assign(source_kind=obs["source_id"].map(self.sources["kind"]))
        index = {c: _shared(obs[c]) for c in ("indicator_id", "geography", "breakdown",
                                               "entity", "source_id", "qualifier",
                                               "source_kind", "end_precision")}
        # The stable sort by indicator, period end, geography, breakdown, source (lexsort
        # takes its keys last first).
        order = np.lexsort([index[k][1] if k in index else obs[k].to_numpy()
                            for k in reversed(keys)])
        index = {c: (values, codes[order]) for c, (values, codes) in index.items()}
        cols: dict[str, np.ndarray] = {}
        for column in obs.columns:
            if column in index:
                values, codes = index[column]
                cols[column] = values.take(codes)
            elif column in ("quote", "note"):  # unique per row: kept in Arrow's buffers
                cols[column] = obs[column].astype("str").take(order).reset_index(drop=True)
            elif pd.api.types.is_string_dtype(obs[column].dtype):
                cols[column] = obs[column].to_numpy(dtype=object)[order]
            else:
                cols[column] = obs[column].to_numpy()[order]
        for table, on in ((ind, "indicator_id"), (src, "source_id")):
            values, codes = index[on]
            lookup = table.reindex(pd.Index(values))
            for column in table.columns:
                if column in cols:
                    continue
                cols[column] = lookup[column].to_numpy(dtype=object).take(codes)
        start, end = pd.Series(cols["period_start"]).dt, pd.Series(cols["period_end"]).dt
        cols["year"] = end.year.to_numpy(dtype="int64")
        cols["calendar_year"] = ((start.month == 1) & (start.day == 1) & (end.month == 12)
                                 & (end.day == 31) & (start.year == end.year)).to_numpy()
        geo_values, geo_codes = index["geography"]
        for column, lang in (("geography_name", "en"), ("geography_name_fr", "fr")):
            names = np.asarray([i18n.country_name(c, lang) for c in geo_values], dtype=object)
            cols[column] = names.take(geo_codes)
        cols["breakdown_kind"] = _kinds(cols["geography"], cols["breakdown"])
        cols["secondary"] = cols["source_kind"] != "primary"
        # The year from which the indicator is counted differently (0: no break).
        breaks = self.dataset.series_breaks
        first = dict(zip(breaks["indicator_id"], breaks["starts_on"].dt.year, strict=True))
        ind_values, ind_codes = index["indicator_id"]
        cols["series_break"] = np.asarray([first.get(i, 0) for i in ind_values],
                                          dtype="int64").take(ind_codes)
        cols["preferred"] = self._preferred(cols)
        # Text stays object (pandas 3 would make each column a str array of its own block).
        df = pd.DataFrame({c: cols[c] if isinstance(cols[c], pd.Series) else
                           pd.Series(cols[c], dtype=object if cols[c].dtype == object else None)
                           for c in COLUMNS})
        return df, index

    def _preferred(self, cols: dict) -> np.ndarray:
        """The preferred row of each point, by the rule of dashboard/preferred.py and its
        reviewed overrides."""
        frame = pd.DataFrame({c: cols[c] for c in (*preferred.PRINTED_POINT, "source_id",
                                                  "source_kind", "qualifier",
                                                  "published_end")})
        over = self.dataset.preferred_overrides
        keys = [*preferred.PRINTED_POINT, "source_id"]
        frame["override"] = pd.MultiIndex.from_frame(frame[keys]).isin(
            pd.MultiIndex.from_frame(over[keys])) if len(over) else False
        return preferred.mark(frame)

    # -- queries ---------------------------------------------------------------------------
    def query(self, filters: Filters) -> pd.DataFrame:
        """The rows matching `filters` (a shared, read-only frame: copy before changing it)."""
        with self._lock:
            if filters in self._cache:
                self._cache.move_to_end(filters)
                return self._cache[filters]
        result = self._select(filters)
        with self._lock:
            self._cache[filters] = result
            self._cached_rows += len(result)
            while len(self._cache) > 1 and (len(self._cache) > CACHE_SIZE
                                            or self._cached_rows > CACHE_ROWS):
                _, dropped = self._cache.popitem(last=False)
                self._cached_rows -= len(dropped)
        return result

    def _member_codes(self, column: str, wanted: tuple[str, ...]) -> np.ndarray:
        """The codes of `wanted` values (values the data does not hold have none)."""
        values, _ = self._codes[column]
        at = np.searchsorted(values, np.asarray(wanted, dtype=object))
        return np.asarray([i for i, w in zip(at, wanted, strict=True)
                           if i < len(values) and values[i] == w], dtype=np.int32)

    def _select(self, f: Filters) -> pd.DataFrame:
        if f.indicators:
            spans = [self._spans[i] for i in f.indicators if i in self._spans]
        else:
            spans = [(0, len(self.frame))]
        lookups = []  # per filtered column: its codes, and a table saying which codes to keep
        for column, wanted in (("geography", f.geographies),
                               ("entity", self.companies.expand(f.breakdowns)),
                               ("source_id", f.sources), ("source_kind", f.source_kinds)):
            if wanted:
                values, codes = self._codes[column]
                keep = np.zeros(len(values), dtype=bool)
                keep[self._member_codes(column, wanted)] = True
                lookups.append((codes, keep))
        picked = []
        for start, stop in spans:
            mask = np.ones(stop - start, dtype=bool)
            if f.year_from is not None:
                mask &= self._year[start:stop] >= f.year_from
            if f.year_to is not None:  # a figure belongs to the year its period ends
                mask &= self._year[start:stop] <= f.year_to
            for codes, keep in lookups:
                mask &= keep[codes[start:stop]]
            picked.append(np.flatnonzero(mask) + start)
        rows = np.concatenate(picked) if picked else np.array([], dtype=np.int64)
        return self.frame.take(rows).reset_index(drop=True)

    def company_name(self, company_id: str) -> str:
        return self.companies.names.get(company_id, company_id)

    def indicator(self, indicator_id: str) -> dict:
        return self.indicators.loc[indicator_id].to_dict()

    def source(self, source_id: str) -> dict:
        return self.sources.loc[source_id].to_dict()

    def geographies_for(self, indicators: tuple[str, ...] = (),
                        lang: str = i18n.DEFAULT) -> list[tuple[str, str]]:
        """(code, name) pairs present for these indicators, sorted by name."""
        df = self.query(Filters(indicators=indicators))
        pairs = df[["geography", i18n.localized("geography_name", lang)]].drop_duplicates()
        return sorted(map(tuple, pairs.to_numpy()), key=lambda p: p[1])

    def breakdowns_for(self, indicators: tuple[str, ...] = ()) -> list[str]:
        """Breakdown values that are no company (total, kind:slug parts) for these indicators."""
        df = self.query(Filters(indicators=indicators))
        parts = df.loc[df["company_id"] == "", "entity"].unique()
        return sorted(parts, key=lambda b: (":" not in b, b.lower()))

    def companies_for(self, indicators: tuple[str, ...] = ()) -> list[tuple[str, int, int, int]]:
        """(company id, depth, first year, last year) of each company with figures for these
        indicators, each parent (with its group's years) followed by its members, by name."""
        df = self.query(Filters(indicators=indicators))
        df = df[df["company_id"] != ""]
        years = df.groupby("company_id", observed=True)["year"].agg(["min", "max"])
        span = {c: (int(a), int(b)) for c, a, b in zip(years.index, years["min"], years["max"],
                                                        strict=True)}
        tree = self.companies
        for company in list(span):
            child = company
            while child in tree.parent:  # a parent spans its members' years too
                parent = tree.parent[child]
                lo, hi = span.get(parent, span[company])
                span[parent] = (min(lo, span[company][0]), max(hi, span[company][1]))
                child = parent
        out: list[tuple[str, int, int, int]] = []

        def add(company: str, depth: int) -> None:
            out.append((company, depth, *span[company]))
            for member in tree.members.get(company, []):
                if member in span:
                    add(member, depth + 1)

        for company in sorted((c for c in span if c not in tree.parent),
                              key=lambda c: tree.names[c].lower()):
            add(company, 0)
        return out

    def sources_for(self, indicators: tuple[str, ...] = ()) -> list[str]:
        every_kind = Filters(indicators=indicators, source_kinds=query.SOURCE_KINDS)
        return sorted(self.query(every_kind)["source_id"].unique())

    def year_span(self) -> tuple[int, int]:
        if not len(self._year):
            return 0, 0
        return int(self._start_year.min()), int(self._year.max())

    def as_of(self) -> str:
        """The most recent publication date among the sources: how current the data is."""
        src = self.dataset.sources.dropna(subset=["published_end"])
        return "" if src.empty else str(src.loc[src["published_end"].idxmax(), "published"])

    # -- derived figures -------------------------------------------------------------------
    def yearly_totals(self, indicator_id: str, primary_only: bool = True) -> pd.DataFrame:
        """One world total per calendar year: the preferred figure (primary sources only,
        unless `primary_only` is off)."""
        df = self.query(Filters(indicators=(indicator_id,)))
        df = df[(df["breakdown_kind"] == "total") & df["calendar_year"]]
        if primary_only:
            df = df[df["source_kind"] == "primary"]
        df = df[df["preferred"]] if not primary_only else df.sort_values(
            ["year", "preferred"], ascending=[True, False], kind="stable")
        return df.drop_duplicates("year", keep="first").sort_values("year").reset_index(
            drop=True)

    def ncmec_headline(self) -> Headline | None:
        """Reports in the latest year a primary source gives, with the change on the year before."""
        years = self.yearly_totals(NCMEC_REPORTS)
        if years.empty:
            return None
        rows = years.to_dict("records")
        prev = rows[-2] if len(rows) > 1 and rows[-2]["year"] == rows[-1]["year"] - 1 else None
        return Headline(rows[-1], prev)

    def latest(self, indicator_id: str, breakdown: str = "total") -> Headline | None:
        """The most recent world figure of an indicator (cumulative ones: the latest window)."""
        df = self.query(Filters(indicators=(indicator_id,)))
        df = df[(df["geography"] == geography.WORLD) & (df["breakdown"] == breakdown)
                & df["preferred"]]
        if df.empty:
            return None
        df = df.sort_values("period_end", ascending=False, kind="stable")
        return Headline(df.iloc[0].to_dict())
