"""English and French: one string catalogue per language (dashboard/locales/*.json), the
language a URL asks for, number separators, and country names from ISO's translations."""

from __future__ import annotations

import gettext
import json
import logging
from functools import cache
from pathlib import Path

import pycountry

from validation import geography

LANGS = ("en", "fr")
DEFAULT = "en"
LOCALES = Path(__file__).with_name("locales")
# French groups thousands with a no-break space so a number never wraps.
GROUP = {"en": ",", "fr": "\u00a0"}
DECIMAL = {"en": ".", "fr": ","}
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


def other(lang: str) -> str:
    """The language the switch offers."""
    return "en" if lang == "fr" else "fr"


def has(key: str, lang: str = DEFAULT) -> bool:
    return key in catalogue(lang)


def group(text: str, lang: str) -> str:
    """'29,397,681.5' (Python's format) -> the language's separators."""
    if lang == "en":
        return text
    return text.replace(",", "\x00").replace(".", DECIMAL[lang]).replace("\x00", GROUP[lang])


def plotly_separators(lang: str) -> str:
    """plotly's layout.separators: decimal mark then thousands separator."""
    return DECIMAL[lang] + GROUP[lang]


@cache
def _iso_fr() -> gettext.NullTranslations:
    return gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["fr"],
                               fallback=True)


@cache
def country_name(code: str, lang: str = DEFAULT) -> str:
    """ISO's own translation of the country's (common) name; documented names for extra codes."""
    if code == geography.WORLD:
        return t("fig.world", lang)
    if code in geography.EXTRA_CODES:
        en, fr, _ = geography.EXTRA_CODES[code]
        return fr if lang == "fr" else en
    name = geography.name_en(code)
    return _iso_fr().gettext(name) if lang == "fr" else name


def prefixed(prefix: str, lang: str = DEFAULT) -> dict[str, str]:
    """Every catalogue entry under `prefix.`, keyed by the rest: component label sets
    (dcc.Dropdown's `labels`, AG Grid's `localeText`)."""
    return {k[len(prefix) + 1 :]: v for k, v in catalogue(lang).items()
            if k.startswith(prefix + ".")}
