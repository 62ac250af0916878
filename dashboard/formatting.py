"""Numbers, qualifiers and periods as people read them: "11M+", "~100", "2021"."""

from __future__ import annotations

import math

import pandas as pd

QUALIFIER_WORDS = {"exact": "", "at_least": "at least", "approx": "approximately"}


def full(value: float, unit: str = "") -> str:
    """29397681 -> '29,397,681'; 67.1 (percent) -> '67.1%'."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    text = f"{value:,.0f}" if float(value).is_integer() else f"{value:,.2f}".rstrip("0")
    return f"{text}%" if unit == "percent" else text


def compact(value: float, unit: str = "") -> str:
    """36210368 -> '36.2M'; 11000000 -> '11M'; 1000 -> '1,000'. Never rounds below 1 million."""
    if unit == "percent" or abs(value) < 1_000_000:
        return full(value, unit)
    for size, suffix in ((1e9, "B"), (1e6, "M")):
        if abs(value) >= size:
            scaled = value / size
            digits = 1 if scaled < 100 else 0
            text = f"{scaled:.{digits}f}".rstrip("0").rstrip(".")
            return f"{text}{suffix}"
    return full(value, unit)


def qualified(value: float, qualifier: str, unit: str = "", short: bool = True) -> str:
    """The figure with its qualifier as the source states it: '11M+', '~100', '36.2M'."""
    text = compact(value, unit) if short else full(value, unit)
    if qualifier == "at_least":
        return f"{text}+" if short else f"more than {text}"
    if qualifier == "approx":
        return f"~{text}" if short else f"about {text}"
    return text


def period(start: pd.Timestamp, end: pd.Timestamp) -> str:
    """A calendar year reads '2021'; any other window reads 'YYYY-MM-DD to YYYY-MM-DD'."""
    if start.month == 1 and start.day == 1 and end.month == 12 and end.day == 31 \
            and start.year == end.year:
        return str(start.year)
    if start == end:
        return f"{end:%Y-%m-%d}"
    return f"{start:%Y-%m-%d} to {end:%Y-%m-%d}"


UNIT_LABELS = {"images_videos": "images and videos", "rate_per_100k": "per 100,000 population",
               "percent": "%"}


def unit_label(unit: str) -> str:
    """'images_videos' -> 'images and videos'; 'reports' -> 'reports'."""
    return UNIT_LABELS.get(unit, unit.replace("_", " "))


def change(ratio: float | None) -> str:
    if ratio is None:
        return ""
    sign = "+" if ratio >= 0 else "−"
    return f"{sign}{abs(ratio) * 100:.1f}%"


def short_publisher(publisher: str) -> str:
    """'National Center for Missing & Exploited Children (NCMEC)' -> 'NCMEC'."""
    text = publisher.strip()
    if text.endswith(")") and "(" in text:
        inner = text[text.rindex("(") + 1 : -1].strip()
        if inner and len(inner) <= 12:
            return inner
    return text
