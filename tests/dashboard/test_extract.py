"""The one CSV writer: exact bodies, citations, BOM, and no spreadsheet formulas."""

import csv
import datetime as dt
import io
import shutil
import zipfile

import pandas as pd
import pytest

import validation
from dashboard import datapackage, extract
from dashboard.query import Filters
from dashboard.store import NCMEC_REPORTS, Store
from tests.conftest import DATA
from validation.schemas import TABLES


def _parse(body: bytes) -> list[dict]:
    assert body.startswith(b"\xef\xbb\xbf"), "UTF-8 BOM expected"
    return list(csv.DictReader(io.StringIO(body.decode("utf-8-sig"), newline="")))


def test_extract_has_exactly_the_filtered_rows_with_citations(store):
    f = Filters((NCMEC_REPORTS,), 2019, 2023, ("CAN", "PHL"))
    rows = _parse(extract.extract_csv(store, f))
    assert len(rows) == len(store.query(f)) == 10
    first = rows[0]
    assert list(first) == list(extract.EXTRACT_COLUMNS.values())
    assert first["geography_code"] == "CAN" and first["geography_name"] == "Canada"
    assert first["value"] == "36908"
    assert first["source_title"] == "2019 CyberTipline Reports by Country"
    assert first["source_url"].startswith("https://www.missingkids.org/")
    assert first["source_quote"] == "Canada 36,908"


def test_exact_body_of_a_one_row_extract(store):
    body = extract.extract_csv(store, Filters((NCMEC_REPORTS,), 2021, 2021, ("CAN",)))
    lines = body.decode("utf-8-sig").split("\r\n")
    assert lines[1] == (
        "ncmec_cybertipline_reports,CyberTipline reports received by NCMEC,reports,2021-01-01,"
        "2021-12-31,day,CAN,Canada,total,,,,62084,exact,ncmec_country_2021,National Center for "
        "Missing "
        "& Exploited Children (NCMEC),2021 CyberTipline Reports by Country,"
        "https://www.missingkids.org/content/dam/missingkids/pdfs/2021-reports-by-country.pdf,"
        "2022,primary,no,yes,\"Canada 62,084\",")
    assert lines[2] == ""


@pytest.mark.parametrize(
    ("cell", "safe"),
    [("=HYPERLINK(\"x\")", "'=HYPERLINK(\"x\")"), ("+1", "'+1"), ("-2+3", "'-2+3"),
     ("@SUM(A1)", "'@SUM(A1)"), ("\tx", "'\tx"), ("\rx", "'\rx"), ("  =1", "'  =1"),
     ("Canada", "Canada"), ("", "")],
)
def test_formula_triggers_are_neutralised(cell, safe):
    assert extract.neutralise(cell) == safe


def test_hostile_text_cells_are_neutralised_but_numbers_stay_numbers():
    rows = [{"a": "=1+1", "value": 12.0}, {"a": "-x", "value": 0.5}]
    parsed = _parse(extract.write_csv(rows, {"a": "a", "value": "value"}))
    assert [r["a"] for r in parsed] == ["'=1+1", "'-x"]
    assert [r["value"] for r in parsed] == ["12", "0.5"]


def test_filename_says_what_and_when():
    f = Filters((NCMEC_REPORTS,), 2019, 2023, ("CAN", "PHL"))
    name = extract.filename(f, dt.date(2026, 11, 23))
    assert name == "ocse-figures_ncmec_cybertipline_reports_2019-2023_CAN-PHL_2026-11-23.csv"


def test_extract_size_is_bounded(store, monkeypatch):
    monkeypatch.setattr(extract, "MAX_ROWS", 5)
    with pytest.raises(extract.TooLarge, match="at most 5"):
        extract.extract_csv(store, Filters((NCMEC_REPORTS,)))


def test_dataset_zip_holds_every_table_and_a_readme(store):
    body = extract.dataset_zip(store, extract.dataset_readme(store))
    with zipfile.ZipFile(io.BytesIO(body)) as zf:
        names = set(zf.namelist())
        assert names == {"sources.csv", "indicators.csv", "observations.csv",
                         "endorsements.csv", "events.csv", "companies.csv", "company_names.csv",
                         "preferred_overrides.csv", "series_breaks.csv",
                         "complete_tables.csv", "extract.csv", "README.txt",
                         "datapackage.json"}
        obs = _parse(zf.read("observations.csv"))
        readme = zf.read("README.txt").decode()
    assert len(obs) == store.dataset.row_counts()["observations"]
    assert "LICENCE NOTES" in readme and "ncmec_cybertipline_reports [reports]" in readme


def test_the_zip_readme_is_written_from_the_tables_it_describes(tmp_path):
    """Change a series break's note, an override's reason and a source's kind and licence in
    a copy of data/: the README says the new words, and none of the old."""
    data = shutil.copytree(DATA, tmp_path / "data")
    edits = {"series_breaks.csv": ("note_en", "Counted another way from here (test note)."),
             "preferred_overrides.csv": ("reason", "Reviewed in a test: this row stands.")}
    old = {}
    for file, (column, text) in edits.items():
        frame = pd.read_csv(data / file, dtype=str, keep_default_na=False)
        old[file] = frame.loc[0, column]
        frame[column] = text
        frame.to_csv(data / file, index=False, lineterminator="\n")
    sources = pd.read_csv(data / "sources.csv", dtype=str, keep_default_na=False)
    sources.loc[sources["source_id"] == "ncmec_esp_2019", "licence"] = "Test licence 1.0"
    sources.to_csv(data / "sources.csv", index=False, lineterminator="\n")
    store = Store(validation.load(data))
    readme = extract.dataset_readme(store)
    flat = " ".join(readme.split())
    for _, text in edits.values():
        assert text in flat
    for text in old.values():
        assert " ".join(text.split()) not in flat
    assert "Test licence 1.0: ncmec_esp_2019" in flat
    counts = sources["kind"].value_counts()
    for kind in ("primary", "secondary", "unverified"):
        assert f"{kind}: {counts[kind]} sources" in readme
    for file in TABLES:
        assert f"{file}: {datapackage.table_title(file)}" in flat


def test_french_extract_keeps_english_columns_and_adds_french_labels(store):
    f = Filters((NCMEC_REPORTS,), 2021, 2021, ("USA",))
    english = _parse(extract.extract_csv(store, f))
    french = _parse(extract.extract_csv(store, f, "fr"))
    assert list(french[0])[: len(english[0])] == list(english[0])
    row = french[0]
    assert (row["geography_name"], row["geography_name_fr"]) == ("United States", "États-Unis")
    assert row["indicator_name_fr"] == "Signalements reçus par la CyberTipline du NCMEC"
    assert (row["unit_fr"], row["qualifier_fr"], row["breakdown_fr"]) == (
        "signalements", "exact", "Total")
    assert row["value"] == english[0]["value"]


def _with_french_names(store):
    """The store as it will be once sources.csv carries the optional French columns."""
    import copy

    french = copy.copy(store)
    names = {"statcan_juristat_2024_00003": ("Statistique Canada", "L’exploitation sexuelle")}
    french.sources = store.sources.assign(
        publisher_fr=[names.get(s, ("", ""))[0] for s in store.sources.index],
        title_fr=[names.get(s, ("", ""))[1] for s in store.sources.index])
    return french


def test_french_extracts_carry_official_french_publishers_and_titles(store):
    from dashboard import i18n

    french = _with_french_names(store)
    f = Filters(sources=("statcan_juristat_2024_00003", "ncmec_country_2021"))
    rows = _parse(extract.extract_csv(french, f, "fr"))
    assert {"source_publisher_fr", "source_title_fr"} <= set(rows[0])
    statcan = [r for r in rows if r["source_id"] == "statcan_juristat_2024_00003"]
    assert statcan and all(r["source_publisher_fr"] == "Statistique Canada" for r in statcan)
    ncmec = [r for r in rows if r["source_id"] == "ncmec_country_2021"]
    assert ncmec and all(r["source_publisher_fr"] == "" for r in ncmec)
    assert "source_publisher_fr" not in _parse(extract.extract_csv(french, f, "en"))[0]
    src = french.source("statcan_juristat_2024_00003")
    assert i18n.source_text(src, "publisher", "fr") == "Statistique Canada"
    assert i18n.source_text(src, "publisher", "en") == "Statistics Canada"
    assert i18n.source_text(french.source("ncmec_country_2021"), "title", "fr") == \
        "2021 CyberTipline Reports by Country"


def test_one_stores_zip_is_always_the_same_bytes(store):
    """Its ETag stands for its body: the zip is dated by when the data was loaded, not by
    the second it is asked for."""
    import time

    readme = extract.dataset_readme(store)
    first = extract.dataset_zip(store, readme)
    time.sleep(2.1)  # zip entries are stamped to 2 seconds
    assert extract.dataset_zip(store, readme) == first
