"""Numbers, qualifiers and periods as people read them, in English or French:
'11M+' / '11 M+', '29,397,681' / '29 397 681', '29.4 million' / '29,4 millions'."""

from __future__ import annotations

import math

import pandas as pd

from dashboard.i18n import DEFAULT, group, has, t


def full(value: float, unit: str = "", lang: str = DEFAULT) -> str:
    """29397681 -> '29,397,681' (en) or '29 397 681' (fr); 67.1 (percent) -> '67.1%'."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    text = f"{value:,.0f}" if float(value).is_integer() else f"{value:,.2f}".rstrip("0")
    text = group(text, lang)
    if unit == "percent":
        return f"{text}\u00a0%" if lang == "fr" else f"{text}%"
    return text


def _scaled(value: float, lang: str) -> tuple[str, str] | None:
    for size, key in ((1e9, "billion"), (1e6, "million")):
        if abs(value) >= size:
            scaled = value / size
            digits = 1 if scaled < 100 else 0
            text = f"{scaled:.{digits}f}".rstrip("0").rstrip(".")
            return group(text, lang), key
    return None


def compact(value: float, unit: str = "", lang: str = DEFAULT) -> str:
    """36210368 -> '36.2M' / '36,2 M'; 1000 -> '1,000' / '1 000'. Nothing under a million
    is shortened."""
    scaled = _scaled(value, lang) if unit != "percent" else None
    if scaled is None:
        return full(value, unit, lang)
    text, key = scaled
    suffix = "B" if key == "billion" else "M"
    if lang == "fr":
        return f"{text}\u00a0{'G' if suffix == 'B' else 'M'}"
    return f"{text}{suffix}"


def words(value: float, lang: str = DEFAULT) -> str:
    """29397681 -> '29.4 million' / '29,4 millions' (for sentences and text alternatives)."""
    scaled = _scaled(value, lang)
    if scaled is None:
        return full(value, "", lang)
    text, key = scaled
    return t(f"number.{key}", lang, value=text)


def qualified(value: float, qualifier: str, unit: str = "", short: bool = True,
              lang: str = DEFAULT) -> str:
    """The figure with its qualifier as the source states it: '11M+', '~100', 'about 6,000,000'."""
    text = compact(value, unit, lang) if short else full(value, unit, lang)
    if qualifier == "at_least":
        return f"{text}+" if short else t("number.more_than", lang, value=text)
    if qualifier == "approx":
        return f"~{text}" if short else t("number.about", lang, value=text)
    return text


def period(start: pd.Timestamp, end: pd.Timestamp, lang: str = DEFAULT) -> str:
    """A calendar year reads '2021'; any other window '2017-01-17 to 2022-03-24' (en) or
    'du 2017-01-17 au 2022-03-24' (fr)."""
    if start.month == 1 and start.day == 1 and end.month == 12 and end.day == 31 \
            and start.year == end.year:
        return str(start.year)
    if start == end:
        return f"{end:%Y-%m-%d}"
    return t("period.window", lang, start=f"{start:%Y-%m-%d}", end=f"{end:%Y-%m-%d}")


def periods(starts: pd.Series, ends: pd.Series, lang: str = DEFAULT) -> list[str]:
    """period() for whole columns, formatted once per distinct (start, end) pair."""
    memo: dict[tuple[int, int], str] = {}
    out = []
    first = starts.to_numpy(dtype="datetime64[ns]").astype("int64")
    last = ends.to_numpy(dtype="datetime64[ns]").astype("int64")
    for pair in zip(first.tolist(), last.tolist(), strict=True):
        text = memo.get(pair)
        if text is None:
            text = memo[pair] = period(pd.Timestamp(pair[0]), pd.Timestamp(pair[1]), lang)
        out.append(text)
    return out


def change(ratio: float | None, lang: str = DEFAULT) -> str:
    if ratio is None:
        return ""
    sign = "+" if ratio >= 0 else "−"
    return f"{sign}{group(f'{abs(ratio) * 100:.1f}', lang)}\u00a0%" if lang == "fr" else \
        f"{sign}{abs(ratio) * 100:.1f}%"


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
