"""validation/ingest: country names map to codes; the NCMEC tables regenerate data/ exactly."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from validation import geography
from validation.ingest import countries

REPO = Path(__file__).resolve().parents[2]


def _overrides() -> list[dict[str, str]]:
    with countries.OVERRIDES_FILE.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


@pytest.mark.parametrize("row", _overrides(), ids=lambda row: row["name"])
def test_reviewed_name_maps_to_its_known_code(row):
    """Every name of country_names.csv maps to its code, with its reason, and the code is known."""
    assert countries.to_code(row["name"]) == (row["code"], row["reason"])
    assert geography.is_known(row["code"]), f"{row['code']} is unknown to validation/geography.py"


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("Canada", "CAN"),
        ("United States", "USA"),
        ("Germany", "DEU"),
        ("Côte d'Ivoire", "CIV"),
        ("Viet Nam", "VNM"),
        ("Bolivia", "BOL"),
    ],
)
def test_pycountry_name_maps_without_a_reason(name, code):
    """Names pycountry knows map as printed, with no reason needed."""
    assert countries.to_code(name) == (code, "")


def test_unknown_name_raises_naming_the_override_file():
    """An unmapped name says where to add it."""
    with pytest.raises(countries.UnknownCountry, match=r"'Atlantis'.*country_names\.csv"):
        countries.to_code("Atlantis")
