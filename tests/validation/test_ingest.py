"""validation/ingest: country names map to codes; the NCMEC tables regenerate data/ exactly."""

from __future__ import annotations

import csv
import re
import shutil
from pathlib import Path

import pytest

from validation import geography
from validation.ingest import countries, ncmec_tables

REPO = Path(__file__).resolve().parents[2]
RESEARCH = REPO / ".." / "shared" / "research"
ESP_CSV = "ncmec_reports_by_esp_2019_2023.csv"
COUNTRY_CSV = "ncmec_reports_by_country_2019_2023.csv"


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


@pytest.fixture
def research(tmp_path: Path) -> Path:
    """A scratch copy of the two research CSVs the generator reads."""
    if not RESEARCH.is_dir():
        pytest.skip(f"the shared research folder is absent: no {RESEARCH.resolve()}")
    folder = tmp_path / "research"
    folder.mkdir()
    for name in (ESP_CSV, COUNTRY_CSV):
        shutil.copy(RESEARCH / name, folder / name)
    return folder


def change_first_value(path: Path, year: str, delta: int) -> None:
    """Add `delta` to the reports of the first line of `year` in a research CSV."""
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    row = next(r for r in rows if r["year"] == year)
    row["reports"] = str(int(row["reports"].replace(",", "")) + delta)
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def test_generator_reproduces_observations_byte_for_byte(research, real_data_copy, capsys):
    """Rerunning the NCMEC generator on the research CSVs changes nothing in data/."""
    assert ncmec_tables.main([str(research), str(real_data_copy)]) == 0
    written = (real_data_copy / "observations.csv").read_bytes()
    assert written == (REPO / "data" / "observations.csv").read_bytes()
    assert "wrote 2258 NCMEC table rows (10 sources)" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("file", "year", "table", "printed"),
    [
        (ESP_CSV, "2019", "by-ESP", 16_836_694),
        (COUNTRY_CSV, "2022", "by-country", 32_059_029),
    ],
    ids=["esp-2019", "country-2022"],
)
def test_generator_refuses_rows_not_adding_up_to_printed_total(
    research, real_data_copy, file, year, table, printed
):
    """One changed value makes the generator stop, saying what the rows add up to."""
    change_first_value(research / file, year, 1)
    message = f"the {year} {table} rows add up to {printed + 1:,}, but the table prints {printed:,}"
    with pytest.raises(ValueError, match=re.escape(message)):
        ncmec_tables.main([str(research), str(real_data_copy)])
    assert (real_data_copy / "observations.csv").read_bytes() == (
        REPO / "data" / "observations.csv"
    ).read_bytes(), "observations.csv was written although the check failed"
