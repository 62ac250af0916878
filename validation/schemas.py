"""What a row of each table may hold: one pandera model per table, checks named for intent."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd
import pandera.pandas as pa
import pyarrow as arrow
import pyarrow.compute as pc
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


def _arrow_text(s: pd.Series) -> arrow.ChunkedArray | None:
    """The column as an Arrow string array when it is held as one (the regular CSV reader's
    columns), else None."""
    if isinstance(s.dtype, pd.StringDtype) and s.dtype.storage == "pyarrow":
        return arrow.chunked_array(arrow.array(s.array))
    return None


def matches(s: pd.Series, pattern: str) -> pd.Series:
    """Whether each cell has the pattern's form. An Arrow column is matched by Arrow's own
    regex engine in one pass (RE2: `$` is the end of the text, where Python's `$` also
    accepts a trailing newline, a control character TEXT refuses); any other column once per
    distinct value with Python's re.match (a million quotes are a million distinct values:
    the per-value path took ~9 s of a 1M-row validation)."""
    text = _arrow_text(s)
    if text is not None:
        found = pc.match_substring_regex(text, pattern).fill_null(False)
        return pd.Series(found.to_numpy(zero_copy_only=False), index=s.index)
    rx = re.compile(pattern)
    whole = pattern.endswith("$")  # as RE2 reads `$`: the end of the text, newline or not

    def test(v: object) -> bool:
        m = rx.match(v) if isinstance(v, str) else None
        return m is not None and (not whole or m.end() == len(v))

    return per_value(s, test)


def _real_date(text: str) -> bool:
    return text == "" or parse_partial_date(text) is not None


@dataclass(frozen=True)
class Form:
    """What every cell of a column must look like, declared once with what the report says:
    the check's name, the pattern (dashboard/datapackage.py publishes it), what is wrong with a
    cell that fails and how to fix it. `also` is a further test of each distinct value."""

    name: str
    pattern: str
    hint: str
    message: str = "does not have the required form"
    also: Callable[[str], bool] | None = None

    def on(self, *columns: str):
        """This form as a check of `columns` in a DataFrameModel (assign it in the class)."""
        also = self.also

        def check(cls, s: Series[str], pattern: str) -> Series[bool]:
            ok = matches(s, pattern)
            return ok & per_value(s, also) if also is not None else ok

        return pa.check(*columns, name=self.name, error=self.message, description=self.hint,
                        pattern=self.pattern)(check)


def one_of(name: str, values: tuple[str, ...], hint: str) -> dict:
    """pa.Field(isin=one_of(...)): the allowed values with the check's name and hint."""
    return {"allowed_values": values, "name": name, "error": "is not one of the allowed values",
            "description": hint}


def filled(*columns: str):
    """The check that `columns` hold text, with no space at either end."""
    def check(cls, s: Series[str]) -> Series[bool]:
        text = _arrow_text(s)
        if text is not None:  # in one pass, as matches() does
            ok = pc.and_(pc.equal(pc.utf8_trim_whitespace(text), text),
                         pc.greater(pc.utf8_length(text), 0)).fill_null(False)
            return pd.Series(ok.to_numpy(zero_copy_only=False), index=s.index)
        return per_value(s, lambda v: isinstance(v, str) and v.strip() != "" and v == v.strip())

    return pa.check(*columns, name="not_blank", error="must not be empty or start/end with spaces",
                    description="")(check)


def row_rule(name: str, columns: tuple[str, ...], hint: str):
    """Decorate a rule over several columns of a row; the report names `columns` and `hint`.
    The rule receives `columns` and reads the row's cells through them."""
    return pa.dataframe_check(name=name, error=hint, columns=columns)


SNAKE_CASE_ID = Form("snake_case_id", SNAKE_ID, "use lower snake_case: letters, digits and _")
ISO_DAY = Form("iso_date", ISO_DATE, "write a real calendar date, YYYY-MM-DD",
               message="is not a real calendar date written YYYY-MM-DD", also=_real_date)
ISO_DAY_OR_EMPTY = Form("iso_date_or_empty", r"^(\d{4}-\d{2}-\d{2})?$",
                        "write a real calendar date, YYYY-MM-DD, or leave it empty",
                        message="is not a real calendar date written YYYY-MM-DD",
                        also=_real_date)
YEAR_MONTH_OR_DAY = Form("partial_date", PARTIAL_DATE,
                         "write YYYY, YYYY-MM or YYYY-MM-DD, or leave it empty if undated",
                         message="is not a real year, month or day", also=_real_date)
GEOGRAPHY = Form("known_geography_code", r"^[A-Z]{3}$",
                 "use an ISO 3166-1 alpha-3 code (CAN), WLD, or a code in validation/geography.py",
                 message="is not a known geography code", also=geography.is_known)
PLAIN_NUMBER = Form("plain_number", NUMBER,
                    "write a plain number without separators, units or spaces (29397681, 67.1)",
                    message="is not a plain non-negative number")
TEXT = Form("no_control_characters", NO_CONTROL,
            "remove tabs, line breaks and other control characters",
            message="holds a control character")
# Words readers see beside a figure never hold the data's internal codes (WLD/total,
# reporter:esp): they say what the code means.
INTERNAL_CODE = re.compile(r"\bWLD\b|(?<![\w/])[a-z]+(?:_[a-z]+)*:[a-z<][a-z_<>]*")
READER_TEXT = Form("no_internal_codes", NO_CONTROL,
                   "say in words what a code means (the world total, reports from the public);"
                   " readers never see ids such as WLD/total or reporter:esp",
                   message="holds an internal code", also=lambda v: not INTERNAL_CODE.search(v))
WEB_ADDRESS = Form("web_address", URL, "write the full address starting with https:// or http://")
LANGUAGES = Form("language_codes", r"^[a-z]{2}(;[a-z]{2})*$",
                 "use ISO 639-1 codes: en, fr, or en;fr")
COMPANY_SLUG = Form("company_slug", COMPANY_ID,
                    "use a lowercase slug: letters, digits and single hyphens (new-meta-ab)")
PARENT_SLUG = Form("company_slug_or_empty", OPTIONAL_COMPANY_ID,
                   "use a company_id of companies.csv, or leave empty")


class Sources(pa.DataFrameModel):
    """data/sources.csv: every document a figure cites."""

    source_id: Series[str] = pa.Field(unique=True)
    publisher: Series[str]
    publisher_fr: Series[str]
    title: Series[str]
    title_fr: Series[str]
    url: Series[str]
    published: Series[str]
    language: Series[str]
    kind: Series[str] = pa.Field(isin=one_of(
        "known_source_kind", SOURCE_KINDS,
        "use primary (the producer), secondary (a reputable restatement) or unverified"))
    accessed: Series[str]
    licence: Series[str]
    note: Series[str]

    _id = SNAKE_CASE_ID.on("source_id")
    _url = WEB_ADDRESS.on("url")
    _published = YEAR_MONTH_OR_DAY.on("published")
    _language = LANGUAGES.on("language")
    _accessed = ISO_DAY_OR_EMPTY.on("accessed")
    _text = TEXT.on("publisher", "publisher_fr", "title", "title_fr", "licence", "note")
    _filled = filled("publisher", "title")

    @row_rule("primary_not_noted_secondary", ("kind", "note"),
              "the note calls this source secondary but its kind is primary: correct one of them")
    def _kind_agrees(cls, df: pd.DataFrame, columns) -> Series[bool]:
        kind, note = columns
        return ~((df[kind] == "primary") & df[note].str.startswith(SECONDARY_CLAIM))

    class Config:
        strict = True


class Indicators(pa.DataFrameModel):
    """data/indicators.csv: what each figure measures, in English and French, with its caveat."""

    indicator_id: Series[str] = pa.Field(unique=True)
    name_en: Series[str]
    name_fr: Series[str]
    unit: Series[str]
    definition_en: Series[str]
    definition_fr: Series[str]
    caveat_en: Series[str]
    caveat_fr: Series[str]
    topic: Series[str] = pa.Field(isin=one_of("known_topic", TOPICS,
                                              f"use one of {', '.join(TOPICS)}"))

    _ids = SNAKE_CASE_ID.on("indicator_id", "unit")
    _text = TEXT.on("name_en", "name_fr")
    _reader_text = READER_TEXT.on("definition_en", "definition_fr", "caveat_en", "caveat_fr")
    _filled = filled("name_en", "name_fr", "definition_en", "definition_fr")

    @row_rule("caveat_in_both_languages", ("caveat_en", "caveat_fr"),
              "a caveat must be given in both English and French, or neither")
    def _caveats_paired(cls, df: pd.DataFrame, columns) -> Series[bool]:
        en, fr = columns
        return (df[en].str.strip() == "") == (df[fr].str.strip() == "")

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

    The table that grows (a million rows is planned for): every form is tested once per
    distinct value (Form.on), as in every table."""

    indicator_id: Series[str]
    period_start: Series[str]
    period_end: Series[str]
    end_precision: Series[str] = pa.Field(isin=one_of(
        "known_precision", PRECISIONS,
        "use day, month or year: how precisely the source dates period_end"))
    geography: Series[str]
    breakdown: Series[str]
    value: Series[str]
    qualifier: Series[str] = pa.Field(isin=one_of(
        "known_qualifier", QUALIFIERS,
        "use exact, at_least (over, more than, +) or approx (nearly, about)"))
    source_id: Series[str]
    quote: Series[str]
    note: Series[str]

    _ids = SNAKE_CASE_ID.on("indicator_id", "source_id")
    _dates = ISO_DAY.on("period_start", "period_end")
    _geography = GEOGRAPHY.on("geography")
    _value = PLAIN_NUMBER.on("value")
    _text = TEXT.on("breakdown", "quote", "note")
    _filled = filled("breakdown", "quote")

    @row_rule("period_start_not_after_end", ("period_start", "period_end"),
              "period_start is after period_end")
    def _ordered(cls, df: pd.DataFrame, columns) -> Series[bool]:
        start, end = columns
        return df[start] <= df[end]

    @row_rule("end_fits_precision", ("period_end", "end_precision"),
              "a period_end known only to the month is written as the month's last day, one "
              "known only to the year as 31 December; correct period_end or end_precision")
    def _precise(cls, df: pd.DataFrame, columns) -> Series[bool]:
        """A date known to the month ends on the month's last day, one known to the year on
        31 December: the stored day is a convention, the precision says what is known."""
        end, precision = columns
        return per_value(df[precision] + " " + df[end], _fits_precision)

    class Config:
        strict = True
        unique = [
            "indicator_id", "period_start", "period_end", "geography", "breakdown", "source_id",
        ]


class Endorsements(pa.DataFrameModel):
    """data/endorsements.csv: companies endorsing the Voluntary Principles, as sources state it."""

    company: Series[str]
    endorsed_on: Series[str]
    date_precision: Series[str] = pa.Field(isin=one_of(
        "known_precision", (*PRECISIONS, "unknown"), "use day, month, year or unknown"))
    source_id: Series[str]
    quote: Series[str]

    _id = SNAKE_CASE_ID.on("source_id")
    _date = ISO_DAY_OR_EMPTY.on("endorsed_on")
    _text = TEXT.on("company", "quote")
    _filled = filled("company", "quote")

    @row_rule("date_given_unless_precision_unknown", ("endorsed_on", "date_precision"),
              "give endorsed_on unless date_precision is 'unknown', and only then leave it empty")
    def _precision(cls, df: pd.DataFrame, columns) -> Series[bool]:
        date, precision = columns
        return (df[date] == "") == (df[precision] == "unknown")

    class Config:
        strict = True
        unique = ["company", "source_id"]


class Events(pa.DataFrameModel):
    """data/events.csv: dated milestones, in English and French, each with its source."""

    date: Series[str]
    date_precision: Series[str] = pa.Field(isin=one_of("known_precision", PRECISIONS,
                                                       "use day, month or year"))
    event_en: Series[str]
    event_fr: Series[str]
    source_id: Series[str]

    _id = SNAKE_CASE_ID.on("source_id")
    _date = ISO_DAY.on("date")
    _text = TEXT.on("event_en", "event_fr")
    _filled = filled("event_en", "event_fr")

    class Config:
        strict = True
        unique = ["date", "event_en", "source_id"]


class Companies(pa.DataFrameModel):
    """data/companies.csv: one row per company, with a stable id and its group's id."""

    company_id: Series[str] = pa.Field(unique=True)
    name: Series[str]
    parent_id: Series[str]
    note: Series[str]

    _id = COMPANY_SLUG.on("company_id")
    _parent_form = PARENT_SLUG.on("parent_id")
    _text = TEXT.on("name", "note")
    _filled = filled("name")

    @pa.check("company_id", name="not_reserved", description="choose another id",
              error="is reserved for breakdowns that are no company (total)")
    def _not_reserved(cls, s: Series[str]) -> Series[bool]:
        return ~s.isin(RESERVED_BREAKDOWNS)

    @row_rule("parent_not_itself", ("company_id", "parent_id"),
              "a company cannot be its own parent; leave parent_id empty")
    def _parent(cls, df: pd.DataFrame, columns) -> Series[bool]:
        company, parent = columns
        return df[parent] != df[company]

    class Config:
        strict = True


class CompanyNames(pa.DataFrameModel):
    """data/company_names.csv: each name a source printed for a company, mapped to its id.

    `scope` is `company` where the printed figure is that company's alone, `group` where the
    source combined related platforms under one line (its scope notes say which)."""

    source_id: Series[str]
    printed_name: Series[str]
    company_id: Series[str]
    scope: Series[str] = pa.Field(isin=one_of(
        "known_scope", SCOPES,
        "use company (the company's own figure) or group (related platforms combined)"))
    scope_note_en: Series[str]
    scope_note_fr: Series[str]

    _id = SNAKE_CASE_ID.on("source_id")
    _company = COMPANY_SLUG.on("company_id")
    _text = TEXT.on("printed_name")
    _reader_text = READER_TEXT.on("scope_note_en", "scope_note_fr")
    _filled = filled("printed_name")

    @row_rule("scope_note_for_groups", ("scope", "scope_note_en", "scope_note_fr"),
              "give scope_note_en and scope_note_fr where scope is 'group' (what the source "
              "combined); elsewhere give both or neither")
    def _noted(cls, df: pd.DataFrame, columns) -> Series[bool]:
        scope, note_en, note_fr = columns
        english = df[note_en].str.strip() != ""
        french = df[note_fr].str.strip() != ""
        return (english == french) & (english | (df[scope] != "group"))

    class Config:
        strict = True
        unique = ["source_id", "printed_name"]


class PreferredOverrides(pa.DataFrameModel):
    """data/preferred_overrides.csv: the reviewed exceptions to the preferred-figure rule
    (dashboard/preferred.py), one point each, naming the source to prefer and why."""

    indicator_id: Series[str]
    period_start: Series[str]
    period_end: Series[str]
    geography: Series[str]
    breakdown: Series[str]
    source_id: Series[str]
    reason: Series[str]

    _ids = SNAKE_CASE_ID.on("indicator_id", "source_id")
    _dates = ISO_DAY.on("period_start", "period_end")
    _geography = GEOGRAPHY.on("geography")
    _text = TEXT.on("breakdown", "reason")
    _filled = filled("reason")

    class Config:
        strict = True
        unique = ["indicator_id", "period_start", "period_end", "geography", "breakdown"]


class CompleteTables(pa.DataFrameModel):
    """data/complete_tables.csv: sources that print a total with its complete breakdown, so
    their parts must add up to the total exactly (elsewhere parts may only fall short)."""

    source_id: Series[str] = pa.Field(unique=True)
    parts: Series[str] = pa.Field(isin=one_of("known_parts", ("companies", "countries"),
                                              "use companies or countries"))
    note: Series[str]

    _id = SNAKE_CASE_ID.on("source_id")
    _text = TEXT.on("note")

    class Config:
        strict = True


class SeriesBreaks(pa.DataFrameModel):
    """data/series_breaks.csv: where a source changed how it counts an indicator, so that
    figures on either side are not comparable (charts draw the break, derived views stop)."""

    indicator_id: Series[str]
    starts_on: Series[str]
    note_en: Series[str]
    note_fr: Series[str]
    source_id: Series[str]

    _ids = SNAKE_CASE_ID.on("indicator_id", "source_id")
    _date = ISO_DAY.on("starts_on")
    _reader_text = READER_TEXT.on("note_en", "note_fr")
    _filled = filled("note_en", "note_fr")

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
