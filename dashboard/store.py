"""The Store the app serves: one validated Dataset, indexed once (dashboard/index.py), queried
through a bounded cache (dashboard/queries.py), with the headline figures pages show
(dashboard/headlines.py). No Dash here."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from dashboard import headlines, i18n, index, queries
from dashboard.headlines import NCMEC_REPORTS, Headline
from dashboard.index import COLUMNS, Companies, Tables, breakdown_kind
from dashboard.queries import CACHE_ROWS, CACHE_SIZE
from dashboard.query import SOURCE_KINDS, Filters
from dashboard.rows import Rows
from validation import Dataset

__all__ = ["CACHE_ROWS", "CACHE_SIZE", "COLUMNS", "NCMEC_REPORTS", "Companies", "Headline",
           "Store", "Tables", "breakdown_kind"]


class Store:
    """Read-only queries over one Dataset. Thread-safe; results are cached per filter.

    The observations are held once, as columns (dashboard/index.py), sorted by indicator, so
    each indicator is a contiguous range of rows; text that repeats is held as integer codes,
    so a query filters numbers and copies only the rows it returns."""

    def __init__(self, dataset: Dataset):
        self.version = dataset.version
        # When this data was loaded: the zip's creation time, so one store's zip is one body.
        self.loaded_at = dt.datetime.now(dt.UTC).replace(microsecond=0)
        self.indicators = dataset.indicators.set_index("indicator_id", drop=False)
        self._indicator_rows = {row["indicator_id"]: row
                                for row in self.indicators.to_dict("records")}
        self.sources = dataset.sources.set_index("source_id", drop=False)
        self.events = dataset.events.sort_values("date", kind="stable")
        self.companies = Companies(dataset.companies)
        self._index = index.build(dataset, self.companies)
        # The raw observations are let go: the Tables read them back from the index.
        self.dataset = Tables.of(dataset, self._index)
        self.vocabulary = index.vocabulary(self._index, self.companies, dataset.indicators,
                                           dataset.sources, dataset.company_names)
        self._cache = queries.ResultCache()
        self._rows_cache = queries.ResultCache()

    @property
    def frame(self) -> pd.DataFrame:
        """Every row and column as one DataFrame, made when asked for (the dataset's own
        extract; a view or a filtered extract takes only its rows: `query`, `rows`)."""
        return self._index.frame()

    # -- queries ---------------------------------------------------------------------------
    def query(self, filters: Filters) -> pd.DataFrame:
        """The rows matching `filters` (a shared, read-only frame: copy before changing it)."""
        filters = filters.rows  # how a chart shows rows never changes which rows
        result = self._cache.get(filters)
        if result is None:
            result = queries.select(self._index, self.companies, filters)
            self._cache.put(filters, result)
        return result

    def rows(self, filters: Filters) -> Rows:
        """The same rows as `query`, as plain columns (dashboard/rows.py): what a view reads."""
        filters = filters.rows
        result = self._rows_cache.get(filters)
        if result is None:
            result = queries.select_rows(self._index, self.companies, filters)
            self._rows_cache.put(filters, result)
        return result

    def _indicators(self, indicators: tuple[str, ...]) -> pd.DataFrame:
        return self.query(Filters(indicators=indicators))

    def company_name(self, company_id: str) -> str:
        return self.companies.names.get(company_id, company_id)

    def indicator(self, indicator_id: str) -> dict:
        """indicators.csv's row of this indicator (a copy: read once at load)."""
        return dict(self._indicator_rows[indicator_id])

    def source(self, source_id: str) -> dict:
        return self.sources.loc[source_id].to_dict()

    def geographies_for(self, indicators: tuple[str, ...] = (),
                        lang: str = i18n.DEFAULT) -> list[tuple[str, str]]:
        """(code, name) pairs present for these indicators, sorted by name."""
        return queries.geographies(self._indicators(indicators), lang)

    def breakdowns_for(self, indicators: tuple[str, ...] = ()) -> list[str]:
        """Breakdown values that are no company (total, kind:slug parts) for these indicators."""
        return queries.breakdown_parts(self._indicators(indicators))

    def companies_for(self, indicators: tuple[str, ...] = ()) -> list[tuple[str, int, int, int]]:
        """(company id, depth, first year, last year) of each company with figures for these
        indicators, each parent (with its group's years) followed by its members, by name."""
        return queries.company_tree(self._indicators(indicators), self.companies)

    def sources_for(self, indicators: tuple[str, ...] = ()) -> list[str]:
        every_kind = Filters(indicators=indicators, source_kinds=SOURCE_KINDS)
        return sorted(self.query(every_kind)["source_id"].unique())

    def year_span(self) -> tuple[int, int]:
        return queries.year_span(self._index)

    def as_of(self) -> str:
        """The most recent publication date among the sources: how current the data is."""
        return queries.as_of(self.sources)

    # -- headline figures ------------------------------------------------------------------
    def yearly_totals(self, indicator_id: str) -> pd.DataFrame:
        """One world total per calendar year, from primary sources (dashboard/headlines.py)."""
        return headlines.yearly_totals(self._indicators((indicator_id,)))

    def ncmec_headline(self) -> Headline | None:
        """Reports in the latest year a primary source gives, with the change on the year before."""
        return headlines.with_previous_year(self.yearly_totals(NCMEC_REPORTS))

    def latest(self, indicator_id: str, breakdown: str = "total") -> Headline | None:
        """The most recent world figure of an indicator (cumulative ones: the latest window)."""
        return headlines.latest(self._indicators((indicator_id,)), breakdown)
