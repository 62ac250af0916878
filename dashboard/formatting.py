"""Numbers, qualifiers and dates as people read them, in English or French, by CLDR (Babel):
'11M+' / '11 M+', '29,397,681' / '29 397 681', '24 March 2022' / '24 mars 2022'."""

from __future__ import annotations

import math
from decimal import Decimal
from functools import cache, lru_cache

import numpy as np
import pandas as pd
from babel import Locale
from babel.dates import format_date
from babel.numbers import (
    format_compact_decimal,
    format_decimal,
    format_percent,
    get_group_symbol,
    get_minus_sign_symbol,
)

from dashboard.i18n import DEFAULT, has, t
from dashboard.periods import is_calendar_year, spans_whole_years

# CLDR locales: numbers in each language's own; dates day-month-year in both ('24 March 2022',
# as British and Canadian English write them in prose; CLDR's "en" would say 'March 24, 2022').
NUMBER_LOCALE = {"en": "en", "fr": "fr"}
DATE_LOCALE = {"en": "en_GB", "fr": "fr"}
COMPACT_FROM = 1e6  # nothing under a million is shortened


def _missing(value) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


@lru_cache(maxsize=16384)  # a few thousand distinct figures and counts: each formatted once
def full(value: float, unit: str = "", lang: str = DEFAULT) -> str:
    """29397681 -> '29,397,681' (en) or '29 397 681' (fr); 67.1 (percent) -> '67.1%' /
    '67,1 %'."""
    if _missing(value):
        return "–"
    locale = NUMBER_LOCALE.get(lang, "en")
    if unit != "percent" and float(value).is_integer() and abs(value) < 1e15:
        return _grouped(int(value), locale)  # most figures: whole counts
    exact = Decimal(str(round(float(value), 2))).normalize()
    if unit == "percent":
        return format_percent(exact / 100, locale=locale, decimal_quantization=False)
    return format_decimal(exact, locale=locale, decimal_quantization=False)


def _grouped(n: int, locale: str) -> str:
    """A whole number as format_decimal writes it (CLDR's #,##0: groups of three, the
    locale's group and minus signs), without Babel's per-call parsing: a view of a thousand
    distinct counts formatted them in ~50 ms (tests/dashboard/test_i18n.py compares both)."""
    group, minus = _symbols(locale)
    text = f"{abs(n):,}".replace(",", group)
    return minus + text if n < 0 else text


@cache
def _symbols(locale: str) -> tuple[str, str]:
    return get_group_symbol(locale), get_minus_sign_symbol(locale)


def _digits(value: float) -> int:
    scaled = abs(value) / (1e9 if abs(value) >= 1e9 else 1e6)
    return 1 if scaled < 100 else 0


def compact(value: float, unit: str = "", lang: str = DEFAULT) -> str:
    """36210368 -> '36.2M' / '36,2 M'; 1.5e9 -> '1.5B' / '1,5 Md'; 1000 -> '1,000' / '1 000'.
    Nothing under a million is shortened."""
    if _missing(value) or unit == "percent" or abs(value) < COMPACT_FROM:
        return full(value, unit, lang)
    return format_compact_decimal(value, format_type="short", fraction_digits=_digits(value),
                                  locale=NUMBER_LOCALE.get(lang, "en"))


@lru_cache(maxsize=16384)
def qualified(value: float, qualifier: str, unit: str = "", short: bool = True,
              lang: str = DEFAULT) -> str:
    """The figure with its qualifier as the source states it: '11M+', '~100', 'about 6,000,000'."""
    text = compact(value, unit, lang) if short else full(value, unit, lang)
    if qualifier == "at_least":
        return f"{text}+" if short else t("number.more_than", lang, value=text)
    if qualifier == "approx":
        return f"~{text}" if short else t("number.about", lang, value=text)
    return text


@cache
def day(year: int, month: int, dom: int, lang: str = DEFAULT) -> str:
    """A date in words: '24 March 2022' / '24 mars 2022'."""
    import datetime as dt

    return format_date(dt.date(year, month, dom), "long", locale=DATE_LOCALE.get(lang, "en_GB"))


def date_text(text: str, lang: str = DEFAULT) -> str:
    """A partial ISO date as written in data/: '2026' -> '2026'; '2026-03' -> 'March 2026' /
    'mars 2026'; '2026-03-05' -> '5 March 2026' / '5 mars 2026'; anything else as given."""
    import datetime as dt

    parts = text.split("-") if isinstance(text, str) else []
    try:
        if len(parts) == 3:
            return day(int(parts[0]), int(parts[1]), int(parts[2]), lang)
        if len(parts) == 2:
            return format_date(dt.date(int(parts[0]), int(parts[1]), 1), "MMMM y",
                               locale=DATE_LOCALE.get(lang, "en_GB"))
    except ValueError:
        pass
    return text


def as_of(end: pd.Timestamp, precision: str = "day", lang: str = DEFAULT) -> str:
    """A date as precisely as its source gives it: '24 March 2022', 'March 2022' or '2025'
    (a date known to the month or year is stored as its last day, never written so)."""
    if precision == "year":
        return str(end.year)
    if precision == "month":
        return date_text(f"{end.year}-{end.month:02d}", lang)
    return day(end.year, end.month, end.day, lang)


def period(start: pd.Timestamp, end: pd.Timestamp, lang: str = DEFAULT,
           precision: str = "day") -> str:
    """A calendar year reads '2021', whole years '2018 to 2020'; one day '24 March 2022';
    any other window '17 January 2017 to 24 March 2022' (en) or 'du 17 janvier 2017 au
    24 mars 2022' (fr). An end known only to the month or year reads so ('... to 2025')."""
    if spans_whole_years(start, end):
        if is_calendar_year(start, end):
            return str(start.year)
        return t("period.years", lang, start=start.year, end=end.year)
    last = as_of(end, precision, lang)
    if start == end:
        return last
    first = day(start.year, start.month, start.day, lang)
    key = "period.window" if precision == "day" else "period.window_to"
    return t(key, lang, start=first, end=last)


def periods(starts, ends, lang: str = DEFAULT, precisions=None) -> list[str]:
    """period() for whole columns (Series or arrays), each distinct (start, end, precision,
    language) formatted once per process (a dataset holds a few hundred periods)."""
    first = np.asarray(starts, dtype="datetime64[ns]").astype("int64")
    last = np.asarray(ends, dtype="datetime64[ns]").astype("int64")
    how = ["day"] * len(first) if precisions is None else list(precisions)
    return [_period_text(a, b, lang, p)
            for a, b, p in zip(first.tolist(), last.tolist(), how, strict=True)]


@lru_cache(maxsize=16384)
def _period_text(start_ns: int, end_ns: int, lang: str, precision: str) -> str:
    return period(pd.Timestamp(start_ns), pd.Timestamp(end_ns), lang, precision)


def change(ratio: float | None, lang: str = DEFAULT) -> str:
    """+7.2% / +7,2 % (CLDR's percent pattern; one decimal; a true minus sign)."""
    if ratio is None:
        return ""
    sign = "+" if ratio >= 0 else "\u2212"
    locale = NUMBER_LOCALE.get(lang, "en")
    pattern = Locale.parse(locale).percent_formats[None].pattern.split(";")[0]
    return sign + format_percent(abs(ratio), format=pattern.replace("0", "0.0", 1),
                                 locale=locale)


def unit_label(unit: str, lang: str = DEFAULT) -> str:
    """'images_videos' -> 'images and videos' / 'images et vidéos'."""
    key = f"unit.{unit}"
    return t(key, lang) if has(key, lang) else unit.replace("_", " ")


def short_publisher(publisher: str) -> str:
    """'National Center for Missing & Exploited Children (NCMEC)' -> 'NCMEC'."""
    text = publisher.strip()
    if text.endswith(")") and "(" in text:
        inner = text[text.rindex("(") + 1 : -1].strip()
        if inner and len(inner) <= 12:
            return inner
    return text


STALE_AFTER_DAYS = 2 * 365  # a headline older than this says so


def age_in_years(end: pd.Timestamp, today=None) -> int | None:
    """Whole years since a figure's as-of date, when more than two (else None): an old
    headline says its age so that it never reads as current."""
    import datetime as dt

    today = today or dt.date.today()
    days = (today - end.date()).days
    return days // 365 if days > STALE_AFTER_DAYS else None
