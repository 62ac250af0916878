"""The geography codes a figure may carry: ISO 3166-1 alpha-3, WLD, and documented extra codes."""

from __future__ import annotations

from functools import cache

import pycountry

WORLD = "WLD"

# Lines in source tables that are no single current country. Codes come from ISO 3166-1's
# user-assigned range (AAA-AAZ, QMA-QZZ, XAA-XZZ, ZZA-ZZZ), except ANT, which ISO 3166-3 keeps
# transitionally reserved for the former Netherlands Antilles. Each entry: (name_en, name_fr, why).
EXTRA_CODES: dict[str, tuple[str, str, str]] = {
    "XNC": (
        "No country listed",
        "Aucun pays indiqué",
        "NCMEC's 'No Country Listed' line: reports whose location could not be determined.",
    ),
    "XNU": (
        "Null (no country given)",
        "Nul (aucun pays donné)",
        "NCMEC's 2022 and 2023 tables print 'Null' / 'null*' instead of a country name.",
    ),
    "XEU": (
        "Europe (region, not a country)",
        "Europe (région, pas un pays)",
        "NCMEC's 2022 table has a line 'Europe' that names no single country.",
    ),
    "XKX": (
        "Kosovo",
        "Kosovo",
        "Kosovo has no ISO 3166-1 code; XKX is the user-assigned code in common use.",
    ),
    "ANT": (
        "Netherlands Antilles (former)",
        "Antilles néerlandaises (anciennes)",
        "Dissolved in 2010; NCMEC still lists it. ISO 3166-3 former code, still reserved.",
    ),
}


@cache
def iso_alpha3() -> frozenset[str]:
    return frozenset(c.alpha_3 for c in pycountry.countries)


def is_known(code: str) -> bool:
    return code == WORLD or code in EXTRA_CODES or code in iso_alpha3()


@cache
def name_en(code: str) -> str:
    """English display name; ISO's common name where it has one."""
    if code == WORLD:
        return "World"
    if code in EXTRA_CODES:
        return EXTRA_CODES[code][0]
    country = pycountry.countries.get(alpha_3=code)
    if country is None:
        return code
    return getattr(country, "common_name", None) or country.name
