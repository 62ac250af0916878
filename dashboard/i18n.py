"""English and French: one string catalogue per language (dashboard/locales/*.json), the
language a URL asks for, plotly's number separators, and country names (French: CLDR's, as
people say them, through Babel)."""

from __future__ import annotations

import json
import logging
from functools import cache
from pathlib import Path

import pycountry
from babel import Locale
from babel.numbers import get_decimal_symbol, get_group_symbol

from validation import geography

LANGS = ("en", "fr")
DEFAULT = "en"
LOCALES = Path(__file__).with_name("locales")
log = logging.getLogger("dashboard.i18n")


def lang_of(raw: object) -> str:
    """'fr' -> 'fr'; anything else (missing, repeated, hostile) -> the default."""
    value = raw[-1] if isinstance(raw, list) and raw else raw
    return value if isinstance(value, str) and value in LANGS else DEFAULT


@cache
def catalogue(lang: str) -> dict[str, str]:
    return json.loads((LOCALES / f"{lang}.json").read_text(encoding="utf-8"))


def t(key: str, lang: str = DEFAULT, **values: object) -> str:
    """The string for `key` in `lang`, with {placeholders} filled in."""
    text = catalogue(lang).get(key)
    if text is None:
        log.error("missing catalogue key %r for %s", key, lang)
        text = catalogue(DEFAULT).get(key, key)
    return text.format(**values) if values else text


def localized(column: str, lang: str) -> str:
    """The store's column for `column` in `lang`: 'geography_name' -> 'geography_name_fr'."""
    return f"{column}_fr" if lang == "fr" else column


def source_text(row, column: str, lang: str = DEFAULT) -> str:
    """A source's publisher or title in `lang`: its official French name (`publisher_fr`,
    `title_fr`, optional columns of sources.csv) on French pages where there is one, else the
    English. `row` is a mapping (a sources row, a dict, a pandas Series)."""
    if lang == "fr":
        value = row.get(f"{column}_fr") if hasattr(row, "get") else None
        if isinstance(value, str) and value.strip():
            return value
    return row[column]


def other(lang: str) -> str:
    """The language the switch offers."""
    return "en" if lang == "fr" else "fr"


def has(key: str, lang: str = DEFAULT) -> bool:
    return key in catalogue(lang)


@cache
def plotly_separators(lang: str) -> str:
    """plotly's layout.separators: CLDR's decimal mark then thousands separator."""
    locale = lang if lang in LANGS else DEFAULT
    return get_decimal_symbol(locale) + get_group_symbol(locale)


@cache
def _cldr_territories(lang: str) -> dict[str, str]:
    return dict(Locale.parse(lang).territories)


@cache
def country_name(code: str, lang: str = DEFAULT) -> str:
    """The country's name as people say it: CLDR's in French ('Russie', 'Corée du Sud'), ISO's
    common name in English; documented names for the extra codes of validation/geography."""
    if code == geography.WORLD:
        return t("fig.world", lang)
    if code in geography.EXTRA_CODES:
        en, fr, _ = geography.EXTRA_CODES[code]
        return fr if lang == "fr" else en
    name = geography.name_en(code)
    if lang == "fr":
        country = pycountry.countries.get(alpha_3=code)
        cldr = _cldr_territories("fr").get(country.alpha_2) if country else None
        return cldr or name
    return name


def prefixed(prefix: str, lang: str = DEFAULT) -> dict[str, str]:
    """Every catalogue entry under `prefix.`, keyed by the rest: component label sets
    (dcc.Dropdown's `labels`, AG Grid's `localeText`)."""
    return {k[len(prefix) + 1 :]: v for k, v in catalogue(lang).items()
            if k.startswith(prefix + ".")}
