"""validation.load (validation/loader.py): the valid fixture loads; failures come all at once."""

from __future__ import annotations

import csv
import dataclasses
import io
from unittest.mock import ANY

import pandas as pd
import pytest

from tests.validation.conftest import HEADERS, VALID_CSV
from tests.validation.tables import EVT, IND, OBS, SRC
from validation import Failure, ValidationFailed, load


def test_valid_fixture_loads(data_dir):
    """The fixture of conftest.py is valid, every row of it."""
    counts = load(data_dir).row_counts()
    assert counts == {
        "sources": 6,
        "indicators": 3,
        "observations": 10,
        "endorsements": 2,
        "events": 2,
        "companies": 4,
        "company_names": 2,
        "preferred_overrides": 1,
        "series_breaks": 1,
        "complete_tables": 2,
    }


def test_loaded_frames_are_typed(data_dir):
    """Dates come back as timestamps and values as numbers; the helper file_line column is gone."""
    obs = load(data_dir).observations
    assert pd.api.types.is_datetime64_any_dtype(obs["period_end"])
    assert pd.api.types.is_numeric_dtype(obs["value"])
    assert "file_line" not in obs.columns
    assert obs["value"].sum() == 1000 + 900 + 60 + 40 + 100 + 70 + 25 + 95 + 60 + 100


def test_undated_endorsement_loads_as_missing_date(data_dir):
    """An endorsement of unknown date has no date, not a made-up one."""
    endorsed_on = load(data_dir).endorsements.set_index("company")["endorsed_on"]
    assert pd.isna(endorsed_on["Beta Corp"])
    assert endorsed_on["Acme"] == pd.Timestamp("2020-03-05")


def test_missing_folder_is_one_failure(tmp_path):
    """A folder that does not exist is reported as such, not as five missing files."""
    with pytest.raises(ValidationFailed) as caught:
        load(tmp_path / "nowhere")
    assert caught.value.failures == [
        Failure(str(tmp_path / "nowhere"), None, None, "folder_exists", "", ANY),
    ]


def test_several_failures_are_all_reported_sorted_by_file_and_line(tables, write):
    """Validation is lazy: every failure in every file is reported, sorted by file and line."""
    tables[EVT][1]["date_precision"] = "week"
    tables[OBS][8]["geography"] = "ZZZ"
    tables[OBS][0]["qualifier"] = "nearly"
    tables[SRC][5]["url"] = "ftp://statcan"
    tables[IND][2]["topic"] = "csam"
    tables[OBS][1]["value"] = "1001"
    with pytest.raises(ValidationFailed) as caught:
        load(write(tables))
    assert [(f.file, f.line, f.check) for f in caught.value.failures] == [
        (EVT, 3, "known_precision"),
        (IND, 4, "known_topic"),
        (OBS, 2, "known_qualifier"),
        (OBS, 3, "removals_within_notifications"),
        (OBS, 10, "known_geography_code"),
        (SRC, 7, "web_address"),
    ]


def test_failures_in_a_file_are_sorted_by_line_number_not_text(tables, write):
    """Line 10 comes after line 2 (numeric order, not string order)."""
    tables[OBS][8]["quote"] = ""
    tables[OBS][0]["quote"] = ""
    with pytest.raises(ValidationFailed) as caught:
        load(write(tables))
    assert [f.line for f in caught.value.failures] == [2, 10]


def test_message_lists_every_failure_in_the_folder(broken):
    """str(ValidationFailed) counts the failures, then gives one line each."""
    data_dir = broken(OBS, 2, "qualifier", "nearly")
    with pytest.raises(ValidationFailed) as caught:
        load(data_dir)
    assert str(caught.value).splitlines() == [
        f"1 problem(s) in {data_dir}:",
        "  observations.csv:2: column 'qualifier' [known_qualifier] value 'nearly': qualifier is "
        "not one of the allowed values; use exact, at_least (over, more than, +) or approx "
        "(nearly, about)",
    ]


def test_editing_a_returned_frame_does_not_change_the_dataset(data_dir):
    """Frames are copies in effect: an edit by one caller is not seen by the next."""
    dataset = load(data_dir)
    first = dataset.observations
    first.loc[0, "value"] = -1
    first["quote"] = "changed"
    assert dataset.observations.loc[0, "value"] == 1000
    assert (dataset.observations["quote"] != "changed").all()


def test_editing_a_column_in_place_does_not_change_the_dataset(data_dir):
    """Even an in-place column edit of a returned frame stays with that frame."""
    dataset = load(data_dir)
    sources = dataset.sources
    sources.loc[:, "url"] = "https://elsewhere.example"
    sources["published"] = sources["published"].str.replace("2", "9")
    assert (dataset.sources["url"] != "https://elsewhere.example").all()
    assert dataset.sources["published"].tolist()[:2] == ["2022", "2022-03"]


@pytest.mark.parametrize("attribute", ["data_dir", "version", "_frames"])
def test_dataset_attributes_cannot_be_reassigned(data_dir, attribute):
    """Dataset is a frozen dataclass."""
    dataset = load(data_dir)
    with pytest.raises(dataclasses.FrozenInstanceError):
        setattr(dataset, attribute, None)


TYPED = {"period_start", "period_end", "date", "endorsed_on", "starts_on", "value"}


@pytest.mark.parametrize("file", list(VALID_CSV))
def test_every_table_property_holds_its_own_file(data_dir, file):
    """dataset.<table> has the rows of <table>.csv, in file order, with every column's cells
    as written (dates and values typed, the rest as text)."""
    written = list(csv.DictReader(io.StringIO(VALID_CSV[file])))
    frame = getattr(load(data_dir), file.removesuffix(".csv"))
    assert len(frame) == len(written)
    for column in HEADERS[file]:
        cells = [r[column] for r in written]
        if column == "value":
            assert frame[column].tolist() == [float(c) for c in cells]
        elif column in TYPED:
            assert frame[column].tolist() == [pd.Timestamp(c) if c else pd.NaT for c in cells]
        else:
            assert frame[column].tolist() == cells, column


def test_version_is_a_content_hash(data_dir, broken):
    """The same data gives the same version; a changed cell gives another."""
    version = load(data_dir).version
    assert len(version) == 12
    assert load(data_dir).version == version
    assert load(broken(OBS, 2, "note", "changed")).version != version
