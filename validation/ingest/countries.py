"""Country names as printed in sources -> ISO 3166-1 alpha-3: pycountry plus a reviewed list."""

from __future__ import annotations

import csv
from functools import cache
from pathlib import Path

import pycountry

OVERRIDES_FILE = Path(__file__).with_name("country_names.csv")


class UnknownCountry(LookupError):
    """A printed name that neither pycountry nor the reviewed list can map."""


@cache
def overrides() -> dict[str, tuple[str, str]]:
    """Reviewed mappings: printed name -> (code, reason)."""
    with OVERRIDES_FILE.open(encoding="utf-8", newline="") as fh:
        return {row["name"]: (row["code"], row["reason"]) for row in csv.DictReader(fh)}


def to_code(name: str) -> tuple[str, str]:
    """(code, reason) for a printed name; reason is empty when pycountry matched it as printed."""
    if name in overrides():
        return overrides()[name]
    try:
        return pycountry.countries.lookup(name).alpha_3, ""
    except LookupError:
        raise UnknownCountry(
            f"cannot map the country name {name!r} to an ISO code: add it with its code and "
            f"reason to {OVERRIDES_FILE.name}"
        ) from None
