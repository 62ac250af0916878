"""The validated Dataset, indexed for the app: queries, derived figures, and their cache."""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass
from threading import Lock

import numpy as np
import pandas as pd

from dashboard import i18n
from dashboard.query import Filters, Vocabulary
from validation import Dataset, geography

SECONDARY_PREFIX = "Secondary source"
CACHE_SIZE = 256
NCMEC_REPORTS = "ncmec_cybertipline_reports"
# Columns every query result carries, in this order (the table and the extract read them).
COLUMNS = [
    "indicator_id", "indicator_name", "indicator_name_fr", "unit", "period_start", "period_end",
    "year", "calendar_year", "geography", "geography_name", "geography_name_fr", "breakdown",
    "breakdown_kind", "value", "qualifier", "source_id", "publisher", "title", "url",
    "published", "secondary", "quote", "note",
]


def breakdown_kind(geo: str, breakdown: str) -> str:
    """total | country | company | the prefix of a `kind:slug` part (reporter, files, ...)."""
    if breakdown == "total":
        return "total" if geo == geography.WORLD else "country"
    if ":" in breakdown:
        return breakdown.split(":", 1)[0]
    return "company"


def breakdown_label(breakdown: str, lang: str = i18n.DEFAULT) -> str:
    """'reporter:esp' -> 'Reported by companies (ESPs)'; 'files:other_content' -> 'Files: other
    content'; a company's name stays as the source prints it."""
    key = f"breakdown.{breakdown}"
    if i18n.has(key, lang):
        return i18n.t(key, lang)
    if ":" not in breakdown:
        return breakdown
    kind, slug = breakdown.split(":", 1)
    return f"{kind.capitalize()}: {slug.replace('_', ' ')}"


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


def _compact(df: pd.DataFrame) -> pd.DataFrame:
    """Text columns as object arrays that share one str per distinct value, in one block.

    pandas 3 gives every text column its own block, so each row selection copies 17 arrays;
    as object columns they form one 2-D block (one copy), and going through a categorical
    makes equal strings one object (at a million rows, 8 bytes per cell instead of ~60)."""
    out = {}
    for column in df.columns:
        values = df[column]
        if pd.api.types.is_string_dtype(values.dtype) and values.dtype != object:
            values = pd.Series(np.asarray(pd.Categorical(values), dtype=object),
                               index=df.index, name=column, dtype=object)
        out[column] = values
    return pd.DataFrame(out).reset_index(drop=True)


class Store:
    """Read-only queries over one Dataset. Thread-safe; results are cached per filter."""

    def __init__(self, dataset: Dataset):
        self.dataset = dataset
        self.version = dataset.version
        self.indicators = dataset.indicators.set_index("indicator_id", drop=False)
        self.sources = dataset.sources.set_index("source_id", drop=False)
        self.events = dataset.events.sort_values("date", kind="stable")
        self.endorsements = dataset.endorsements
        self.frame = self._enrich(dataset.observations)
        self._by_indicator = {k: g for k, g in self.frame.groupby("indicator_id", sort=False)}
        self.vocabulary = Vocabulary(
            indicators=frozenset(self.indicators.index),
            geographies=frozenset(self.frame["geography"]),
            breakdowns=frozenset(self.frame["breakdown"]),
            sources=frozenset(self.sources.index),
        )
        self._cache: OrderedDict[Filters, pd.DataFrame] = OrderedDict()
        self._lock = Lock()

    def _enrich(self, obs: pd.DataFrame) -> pd.DataFrame:
        """Join names and citations once, so queries only select rows."""
        ind = self.indicators[["name_en", "name_fr", "unit"]].rename(
            columns={"name_en": "indicator_name", "name_fr": "indicator_name_fr"})
        src = self.sources[["publisher", "title", "url", "published", "note"]].rename(
            columns={"note": "source_note"})
        df = obs.join(ind, on="indicator_id").join(src, on="source_id")
        df["year"] = df["period_end"].dt.year.astype("int64")
        df["calendar_year"] = (
            (df["period_start"].dt.month == 1) & (df["period_start"].dt.day == 1)
            & (df["period_end"].dt.month == 12) & (df["period_end"].dt.day == 31)
            & (df["period_start"].dt.year == df["year"])
        )
        codes = df["geography"].unique()
        df["geography_name"] = df["geography"].map({c: i18n.country_name(c) for c in codes})
        df["geography_name_fr"] = df["geography"].map(
            {c: i18n.country_name(c, "fr") for c in codes})
        df["breakdown_kind"] = [breakdown_kind(g, b) for g, b in
                                zip(df["geography"], df["breakdown"], strict=True)]
        df["secondary"] = df["note"].str.startswith(SECONDARY_PREFIX) | df[
            "source_note"].str.startswith(SECONDARY_PREFIX)
        df = df.sort_values(["indicator_id", "period_end", "geography", "breakdown", "source_id"],
                            kind="stable")
        return _compact(df[COLUMNS])

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
            while len(self._cache) > CACHE_SIZE:
                self._cache.popitem(last=False)
        return result

    def _select(self, f: Filters) -> pd.DataFrame:
        parts = ([self._by_indicator[i] for i in f.indicators if i in self._by_indicator]
                 if f.indicators else [self.frame])
        df = pd.concat(parts) if len(parts) > 1 else (parts[0] if parts else self.frame.iloc[:0])
        mask = pd.Series(True, index=df.index)
        if f.year_from is not None:
            mask &= df["year"] >= f.year_from
        if f.year_to is not None:
            mask &= df["period_start"].dt.year <= f.year_to
        if f.geographies:
            mask &= df["geography"].isin(f.geographies)
        if f.breakdowns:
            mask &= df["breakdown"].isin(f.breakdowns)
        if f.sources:
            mask &= df["source_id"].isin(f.sources)
        return df[mask].reset_index(drop=True)

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
        df = self.query(Filters(indicators=indicators))
        return sorted(df["breakdown"].unique(), key=lambda b: (":" not in b, b.lower()))

    def sources_for(self, indicators: tuple[str, ...] = ()) -> list[str]:
        return sorted(self.query(Filters(indicators=indicators))["source_id"].unique())

    def year_span(self) -> tuple[int, int]:
        return int(self.frame["period_start"].dt.year.min()), int(self.frame["year"].max())

    def as_of(self) -> str:
        """The most recent publication date among the sources: how current the data is."""
        src = self.dataset.sources.dropna(subset=["published_end"])
        return "" if src.empty else str(src.loc[src["published_end"].idxmax(), "published"])

    # -- derived figures -------------------------------------------------------------------
    def yearly_totals(self, indicator_id: str, primary_only: bool = True) -> pd.DataFrame:
        """One world total per calendar year: primary sources first, then latest published."""
        df = self.query(Filters(indicators=(indicator_id,)))
        df = df[(df["breakdown_kind"] == "total") & df["calendar_year"]]
        if primary_only:
            df = df[~df["secondary"]]
        df = df.sort_values(["year", "secondary", "published"], ascending=[True, True, False],
                            kind="stable")
        return df.drop_duplicates("year", keep="first").reset_index(drop=True)

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
        df = df[(df["geography"] == geography.WORLD) & (df["breakdown"] == breakdown)]
        if df.empty:
            return None
        df = df.sort_values(["period_end", "secondary", "published"],
                            ascending=[False, True, False], kind="stable")
        return Headline(df.iloc[0].to_dict())
