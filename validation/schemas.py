"""What a row of each table may hold: one pandera model per table, checks named for intent."""

from __future__ import annotations

import datetime as dt
import re

import numpy as np
import pandas as pd
import pandera.pandas as pa
from pandera.typing.pandas import Series

from validation import geography

ISO_DATE = r"^\d{4}-\d{2}-\d{2}$"
PARTIAL_DATE = r"^(\d{4}|\d{4}-\d{2}|\d{4}-\d{2}-\d{2})?$"
SNAKE_ID = r"^[a-z][a-z0-9_]{0,63}$"
# A company's id: a lowercase ASCII slug, the only way URLs, the API and callbacks name it.
COMPANY_ID = r"^[a-z0-9]+(-[a-z0-9]+)*$"
OPTIONAL_COMPANY_ID = r"^([a-z0-9]+(-[a-z0-9]+)*)?$"
# A breakdown that is no company: `total` or a `kind:slug` part (reporter:esp, files:images).
RESERVED_BREAKDOWNS = ("total",)
SCOPES = ("company", "group")
URL = r"^https?://[^\s/$.?#][^\s]*$"
# A reviewed figure is a plain non-negative number: no separators, no units, no spaces.
NUMBER = r"^(0|[1-9][0-9]*)(\.[0-9]+)?$"
QUALIFIERS = ("exact", "at_least", "approx")
# What kind of document a source is, best first: the organisation that produced the figure; a
# reputable restatement (government, parliament, court, international body, academic work,
# established news outlet, documented transcription); a page whose author cannot be named
# (blog, mirror, machine translation, aggregator).
SOURCE_KINDS = ("primary", "secondary", "unverified")
SECONDARY_CLAIM = "Secondary source"
PRECISIONS = ("day", "month", "year")
TOPICS = ("ncmec", "arachnid", "cybertip", "voluntary_principles", "iwf", "statcan", "inhope")
# Control characters have no business in a reviewed CSV cell (tab included: it breaks diffs).
NO_CONTROL = r"^[^\x00-\x1f\x7f]*$"


def parse_partial_date(text: str) -> tuple[dt.date, dt.date] | None:
    """'2021' -> (2021-01-01, 2021-12-31); '2021-03' -> March; '' or invalid -> None."""
    if not isinstance(text, str) or not re.fullmatch(PARTIAL_DATE, text) or not text:
        return None
    parts = [int(p) for p in text.split("-")]
    try:
        if len(parts) == 1:
            return dt.date(parts[0], 1, 1), dt.date(parts[0], 12, 31)
        if len(parts) == 2:
            first = dt.date(parts[0], parts[1], 1)
            nxt = dt.date(parts[0] + parts[1] // 12, parts[1] % 12 + 1, 1)
            return first, nxt - dt.timedelta(days=1)
        day = dt.date(*parts)
        return day, day
    except ValueError:
        return None


def per_value(s: pd.Series, test) -> pd.Series:
    """`test` applied once per distinct value of `s` (a million rows repeat a few hundred
    dates, codes and names), as a boolean Series aligned with `s`."""
    codes, uniques = pd.factorize(s, use_na_sentinel=False)
    ok = np.fromiter((bool(test(v)) for v in uniques), dtype=bool, count=len(uniques))
    return pd.Series(ok[codes], index=s.index)


def matches(s: pd.Series, pattern: str) -> pd.Series:
    """pandera's str_matches (re.match, as pandas' str.match), once per distinct value."""
    rx = re.compile(pattern)
    return per_value(s, lambda v: isinstance(v, str) and rx.match(v) is not None)


def _real_date(s: pd.Series) -> pd.Series:
    return per_value(s, lambda v: v == "" or parse_partial_date(v) is not None)


def _not_blank(s: pd.Series) -> pd.Series:
    return per_value(s, lambda v: isinstance(v, str) and v.strip() != "" and v == v.strip())


class Sources(pa.DataFrameModel):
    """data/sources.csv: every document a figure cites."""

    source_id: Series[str] = pa.Field(str_matches=SNAKE_ID, unique=True)
    publisher: Series[str] = pa.Field(str_matches=NO_CONTROL)
    publisher_fr: Series[str] = pa.Field(str_matches=NO_CONTROL)
    title: Series[str] = pa.Field(str_matches=NO_CONTROL)
    title_fr: Series[str] = pa.Field(str_matches=NO_CONTROL)
    url: Series[str] = pa.Field(str_matches=URL)
    published: Series[str] = pa.Field(str_matches=PARTIAL_DATE)
    language: Series[str] = pa.Field(str_matches=r"^[a-z]{2}(;[a-z]{2})*$")
    kind: Series[str] = pa.Field(isin=SOURCE_KINDS)
    accessed: Series[str] = pa.Field(str_matches=r"^(\d{4}-\d{2}-\d{2})?$")
    licence: Series[str] = pa.Field(str_matches=NO_CONTROL)
    note: Series[str] = pa.Field(str_matches=NO_CONTROL)

    @pa.check("accessed", name="real_date")
    def _accessed(cls, s: Series[str]) -> Series[bool]:
        return _real_date(s)

    @pa.dataframe_check(name="primary_not_noted_secondary")
    def _kind_agrees(cls, df: pd.DataFrame) -> Series[bool]:
        return ~((df["kind"] == "primary") & df["note"].str.startswith(SECONDARY_CLAIM))

    @pa.check("publisher", "title", name="not_blank")
    def _filled(cls, s: Series[str]) -> Series[bool]:
        return _not_blank(s)

    @pa.check("published", name="real_date")
    def _date(cls, s: Series[str]) -> Series[bool]:
        return _real_date(s)

    class Config:
        strict = True


class Indicators(pa.DataFrameModel):
    """data/indicators.csv: what each figure measures, in English and French, with its caveat."""

    indicator_id: Series[str] = pa.Field(str_matches=SNAKE_ID, unique=True)
    name_en: Series[str] = pa.Field(str_matches=NO_CONTROL)
    name_fr: Series[str] = pa.Field(str_matches=NO_CONTROL)
    unit: Series[str] = pa.Field(str_matches=SNAKE_ID)
    definition_en: Series[str] = pa.Field(str_matches=NO_CONTROL)
    definition_fr: Series[str] = pa.Field(str_matches=NO_CONTROL)
    caveat_en: Series[str] = pa.Field(str_matches=NO_CONTROL)
    caveat_fr: Series[str] = pa.Field(str_matches=NO_CONTROL)
    topic: Series[str] = pa.Field(isin=TOPICS)

    @pa.check("name_en", "name_fr", "definition_en", "definition_fr", name="not_blank")
    def _filled(cls, s: Series[str]) -> Series[bool]:
        return _not_blank(s)

    @pa.dataframe_check(name="caveat_in_both_languages")
    def _caveats_paired(cls, df: pd.DataFrame) -> Series[bool]:
        return (df["caveat_en"].str.strip() == "") == (df["caveat_fr"].str.strip() == "")

    class Config:
        strict = True


def _fits_precision(text: str) -> bool:
    precision, _, end = text.partition(" ")
    try:
        day = dt.date.fromisoformat(end)
    except ValueError:
        return True  # real_date reports it
    if precision == "year":
        return (day.month, day.day) == (12, 31)
    if precision == "month":
        return (day + dt.timedelta(days=1)).day == 1
    return True  # day, or a precision that isin reports


class Observations(pa.DataFrameModel):
    """data/observations.csv: one reported figure per row, with its source's own words.

    The table that grows (a million rows is planned for), so its forms are tested once per
    distinct value (`matches`), not with pandera's per-row str_matches; same name, same report."""

    indicator_id: Series[str]
    period_start: Series[str]
    period_end: Series[str]
    end_precision: Series[str] = pa.Field(isin=PRECISIONS)
    geography: Series[str]
    breakdown: Series[str]
    value: Series[str]
    qualifier: Series[str] = pa.Field(isin=QUALIFIERS)
    source_id: Series[str]
    quote: Series[str]
    note: Series[str]

    @pa.check("indicator_id", "source_id", name="str_matches")
    def _ids(cls, s: Series[str]) -> Series[bool]:
        return matches(s, SNAKE_ID)

    @pa.check("period_start", "period_end", name="str_matches")
    def _iso(cls, s: Series[str]) -> Series[bool]:
        return matches(s, ISO_DATE)

    @pa.check("geography", name="str_matches")
    def _code(cls, s: Series[str]) -> Series[bool]:
        return matches(s, r"^[A-Z]{3}$")

    @pa.check("value", name="str_matches")
    def _number(cls, s: Series[str]) -> Series[bool]:
        return matches(s, NUMBER)

    @pa.check("breakdown", "quote", "note", name="str_matches")
    def _text(cls, s: Series[str]) -> Series[bool]:
        return matches(s, NO_CONTROL)

    @pa.check("period_start", "period_end", name="real_date")
    def _date(cls, s: Series[str]) -> Series[bool]:
        return _real_date(s)

    @pa.check("geography", name="known_geography_code")
    def _geo(cls, s: Series[str]) -> Series[bool]:
        return per_value(s, geography.is_known)

    @pa.check("breakdown", "quote", name="not_blank")
    def _filled(cls, s: Series[str]) -> Series[bool]:
        return _not_blank(s)

    @pa.dataframe_check(name="period_start_not_after_end")
    def _ordered(cls, df: pd.DataFrame) -> Series[bool]:
        return df["period_start"] <= df["period_end"]

    @pa.dataframe_check(name="end_fits_precision")
    def _precise(cls, df: pd.DataFrame) -> Series[bool]:
        """A date known to the month ends on the month's last day, one known to the year on
        31 December: the stored day is a convention, the precision says what is known."""
        return per_value(df["end_precision"] + " " + df["period_end"], _fits_precision)

    class Config:
        strict = True
        unique = [
            "indicator_id", "period_start", "period_end", "geography", "breakdown", "source_id",
        ]


class Endorsements(pa.DataFrameModel):
    """data/endorsements.csv: companies endorsing the Voluntary Principles, as sources state it."""

    company: Series[str] = pa.Field(str_matches=NO_CONTROL)
    endorsed_on: Series[str] = pa.Field(str_matches=r"^(\d{4}-\d{2}-\d{2})?$")
    date_precision: Series[str] = pa.Field(isin=(*PRECISIONS, "unknown"))
    source_id: Series[str] = pa.Field(str_matches=SNAKE_ID)
    quote: Series[str] = pa.Field(str_matches=NO_CONTROL)

    @pa.check("company", "quote", name="not_blank")
    def _filled(cls, s: Series[str]) -> Series[bool]:
        return _not_blank(s)

    @pa.check("endorsed_on", name="real_date")
    def _date(cls, s: Series[str]) -> Series[bool]:
        return _real_date(s)

    @pa.dataframe_check(name="date_given_unless_precision_unknown")
    def _precision(cls, df: pd.DataFrame) -> Series[bool]:
        return (df["endorsed_on"] == "") == (df["date_precision"] == "unknown")

    class Config:
        strict = True
        unique = ["company", "source_id"]


class Events(pa.DataFrameModel):
    """data/events.csv: dated milestones, in English and French, each with its source."""

    date: Series[str] = pa.Field(str_matches=ISO_DATE)
    date_precision: Series[str] = pa.Field(isin=PRECISIONS)
    event_en: Series[str] = pa.Field(str_matches=NO_CONTROL)
    event_fr: Series[str] = pa.Field(str_matches=NO_CONTROL)
    source_id: Series[str] = pa.Field(str_matches=SNAKE_ID)

    @pa.check("date", name="real_date")
    def _date(cls, s: Series[str]) -> Series[bool]:
        return _real_date(s)

    @pa.check("event_en", "event_fr", name="not_blank")
    def _filled(cls, s: Series[str]) -> Series[bool]:
        return _not_blank(s)

    class Config:
        strict = True
        unique = ["date", "event_en", "source_id"]


class Companies(pa.DataFrameModel):
    """data/companies.csv: one row per company, with a stable id and its group's id."""

    company_id: Series[str] = pa.Field(str_matches=COMPANY_ID, unique=True)
    name: Series[str] = pa.Field(str_matches=NO_CONTROL)
    parent_id: Series[str] = pa.Field(str_matches=OPTIONAL_COMPANY_ID)
    note: Series[str] = pa.Field(str_matches=NO_CONTROL)

    @pa.check("name", name="not_blank")
    def _filled(cls, s: Series[str]) -> Series[bool]:
        return _not_blank(s)

    @pa.check("company_id", name="not_reserved")
    def _not_reserved(cls, s: Series[str]) -> Series[bool]:
        return ~s.isin(RESERVED_BREAKDOWNS)

    @pa.dataframe_check(name="parent_not_itself")
    def _parent(cls, df: pd.DataFrame) -> Series[bool]:
        return df["parent_id"] != df["company_id"]

    class Config:
        strict = True


class CompanyNames(pa.DataFrameModel):
    """data/company_names.csv: each name a source printed for a company, mapped to its id.

    `scope` is `company` where the printed figure is that company's alone, `group` where the
    source combined related platforms under one line (its scope notes say which)."""

    source_id: Series[str] = pa.Field(str_matches=SNAKE_ID)
    printed_name: Series[str] = pa.Field(str_matches=NO_CONTROL)
    company_id: Series[str] = pa.Field(str_matches=COMPANY_ID)
    scope: Series[str] = pa.Field(isin=SCOPES)
    scope_note_en: Series[str] = pa.Field(str_matches=NO_CONTROL)
    scope_note_fr: Series[str] = pa.Field(str_matches=NO_CONTROL)

    @pa.check("printed_name", name="not_blank")
    def _filled(cls, s: Series[str]) -> Series[bool]:
        return _not_blank(s)

    @pa.dataframe_check(name="scope_note_for_groups")
    def _noted(cls, df: pd.DataFrame) -> Series[bool]:
        english = df["scope_note_en"].str.strip() != ""
        french = df["scope_note_fr"].str.strip() != ""
        return (english == french) & (english | (df["scope"] != "group"))

    class Config:
        strict = True
        unique = ["source_id", "printed_name"]


class PreferredOverrides(pa.DataFrameModel):
    """data/preferred_overrides.csv: the reviewed exceptions to the preferred-figure rule
    (dashboard/preferred.py), one point each, naming the source to prefer and why."""

    indicator_id: Series[str] = pa.Field(str_matches=SNAKE_ID)
    period_start: Series[str] = pa.Field(str_matches=ISO_DATE)
    period_end: Series[str] = pa.Field(str_matches=ISO_DATE)
    geography: Series[str] = pa.Field(str_matches=r"^[A-Z]{3}$")
    breakdown: Series[str] = pa.Field(str_matches=NO_CONTROL)
    source_id: Series[str] = pa.Field(str_matches=SNAKE_ID)
    reason: Series[str] = pa.Field(str_matches=NO_CONTROL)

    @pa.check("reason", name="not_blank")
    def _filled(cls, s: Series[str]) -> Series[bool]:
        return _not_blank(s)

    class Config:
        strict = True
        unique = ["indicator_id", "period_start", "period_end", "geography", "breakdown"]


class CompleteTables(pa.DataFrameModel):
    """data/complete_tables.csv: sources that print a total with its complete breakdown, so
    their parts must add up to the total exactly (elsewhere parts may only fall short)."""

    source_id: Series[str] = pa.Field(str_matches=SNAKE_ID, unique=True)
    parts: Series[str] = pa.Field(isin=("companies", "countries"))
    note: Series[str] = pa.Field(str_matches=NO_CONTROL)

    class Config:
        strict = True


class SeriesBreaks(pa.DataFrameModel):
    """data/series_breaks.csv: where a source changed how it counts an indicator, so that
    figures on either side are not comparable (charts draw the break, derived views stop)."""

    indicator_id: Series[str] = pa.Field(str_matches=SNAKE_ID)
    starts_on: Series[str] = pa.Field(str_matches=ISO_DATE)
    note_en: Series[str] = pa.Field(str_matches=NO_CONTROL)
    note_fr: Series[str] = pa.Field(str_matches=NO_CONTROL)
    source_id: Series[str] = pa.Field(str_matches=SNAKE_ID)

    @pa.check("starts_on", name="real_date")
    def _date(cls, s: Series[str]) -> Series[bool]:
        return _real_date(s)

    @pa.check("note_en", "note_fr", name="not_blank")
    def _filled(cls, s: Series[str]) -> Series[bool]:
        return _not_blank(s)

    class Config:
        strict = True
        unique = ["indicator_id", "starts_on"]


# File name -> (model, columns in their required order).
TABLES: dict[str, tuple[type[pa.DataFrameModel], tuple[str, ...]]] = {
    "sources.csv": (Sources, tuple(Sources.to_schema().columns)),
    "indicators.csv": (Indicators, tuple(Indicators.to_schema().columns)),
    "observations.csv": (Observations, tuple(Observations.to_schema().columns)),
    "endorsements.csv": (Endorsements, tuple(Endorsements.to_schema().columns)),
    "events.csv": (Events, tuple(Events.to_schema().columns)),
    "companies.csv": (Companies, tuple(Companies.to_schema().columns)),
    "company_names.csv": (CompanyNames, tuple(CompanyNames.to_schema().columns)),
    "preferred_overrides.csv": (PreferredOverrides,
                                tuple(PreferredOverrides.to_schema().columns)),
    "series_breaks.csv": (SeriesBreaks, tuple(SeriesBreaks.to_schema().columns)),
    "complete_tables.csv": (CompleteTables, tuple(CompleteTables.to_schema().columns)),
}
