"""File-level checks (validation/reader.py): each broken file gives one located failure."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from unittest.mock import ANY

import pytest

from validation import Failure, load, reader

OBS = "observations.csv"
HEADER = (
    "indicator_id,period_start,period_end,end_precision,geography,breakdown,value,qualifier,"
    "source_id,quote,note"
)
# Line 3 of the fixture's observations.csv with its qualifier dropped: 10 fields, not 11.
SHORT_ROW_3 = "arachnid_removals,2021-01-01,2021-12-31,day,WLD,total,900,c3p_2021,nearly 900,"


def edit_line(path: Path, line: int, edit: Callable[[bytes], bytes]) -> None:
    """Rewrite one physical line of a file (1-based), byte for byte."""
    lines = path.read_bytes().split(b"\n")
    lines[line - 1] = edit(lines[line - 1])
    path.write_bytes(b"\n".join(lines))


def replace(old: bytes, new: bytes) -> Callable[[bytes], bytes]:
    def edit(text: bytes) -> bytes:
        assert old in text, f"the fixture line no longer holds {old!r}"
        return text.replace(old, new, 1)

    return edit


# Each case: how to break observations.csv of the valid fixture -> the one failure it must give.
FILE_CASES = [
    pytest.param(
        lambda p: p.unlink(),
        Failure(OBS, None, None, "file_exists", "", ANY),
        id="file-missing",
    ),
    pytest.param(
        lambda p: p.write_bytes(b""),
        Failure(OBS, None, None, "not_empty", "", ANY),
        id="empty-file",
    ),
    pytest.param(
        lambda p: p.write_bytes(b" \n\n"),
        Failure(OBS, None, None, "not_empty", "", ANY),
        id="blank-file",
    ),
    pytest.param(
        lambda p: edit_line(p, 3, replace(b"nearly", b"n\xe9arly")),
        Failure(OBS, 3, None, "utf8_encoding", "", ANY),
        id="not-utf8-latin1-byte-on-line-3",
    ),
    pytest.param(
        lambda p: edit_line(p, 4, replace(b"Canada", b"Can\x00ada")),
        Failure(OBS, 4, None, "not_csv", "", ANY),
        id="nul-byte-on-line-4",
    ),
    pytest.param(
        lambda p: p.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\xff\xfe"),
        Failure(OBS, 3, None, "not_csv", "", ANY),  # a PNG header holds two line ends
        id="binary-file-renamed",
    ),
    pytest.param(
        lambda p: edit_line(p, 1, replace(b",note", b"")),
        Failure(OBS, 1, "note", "column_missing", "", ANY),
        id="missing-column",
    ),
    pytest.param(
        lambda p: edit_line(p, 1, lambda h: h + b",extra"),
        Failure(OBS, 1, "extra", "column_unexpected", "extra", ANY),
        id="unexpected-column",
    ),
    pytest.param(
        lambda p: edit_line(p, 1, lambda h: h + b",note"),
        Failure(OBS, 1, "note", "column_duplicate", "note", ANY),
        id="duplicate-column",
    ),
    pytest.param(
        lambda p: edit_line(p, 1, replace(b"quote,note", b"note,quote")),
        Failure(
            OBS, 1, None, "column_order", HEADER.replace("quote,note", "note,quote")[:79] + "…", ANY
        ),
        id="wrong-column-order",
    ),
    pytest.param(
        lambda p: edit_line(p, 3, replace(b",approx", b"")),
        Failure(OBS, 3, None, "field_count", SHORT_ROW_3, ANY),
        id="field-count",
    ),
    pytest.param(
        lambda p: edit_line(p, 3, replace(b"nearly 900", b'"nearly" 900')),
        Failure(OBS, 3, None, "csv_syntax", "", ANY),
        id="csv-syntax-stray-quote",
    ),
]


@pytest.mark.parametrize(("breakage", "expected"), FILE_CASES)
def test_broken_file_reports_one_located_failure(data_dir, failures_of, breakage, expected):
    """A broken file gives exactly one failure, at the right line."""
    breakage(data_dir / OBS)
    assert failures_of(data_dir) == [expected]


def test_field_count_line_counts_multiline_cells(tables, write, failures_of):
    """A quoted cell spanning two lines shifts the next record to line 4, and it is reported so."""
    tables[OBS][0]["quote"] = "more than\n1,000 notices"  # record 1 takes lines 2-3
    data_dir = write(tables)
    edit_line(data_dir / OBS, 4, replace(b",approx", b""))
    assert failures_of(data_dir) == [Failure(OBS, 4, None, "field_count", SHORT_ROW_3, ANY)]


def test_blank_lines_and_crlf_line_ends_are_accepted(data_dir):
    """Windows line ends and trailing blank lines are not errors."""
    path = data_dir / OBS
    path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n") + b"\r\n\r\n")
    assert len(load(data_dir).observations) == 10


def test_utf8_byte_order_mark_is_accepted(data_dir):
    """Excel's UTF-8 with BOM is still UTF-8."""
    path = data_dir / OBS
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    assert len(load(data_dir).observations) == 10


def test_not_utf8_hint_names_the_bad_bytes(data_dir, failures_of):
    """The hint shows the undecodable bytes, so they can be found in a hex editor."""
    edit_line(data_dir / OBS, 3, replace(b"nearly", b"n\xe9arly"))
    assert "bytes e9 61 72 6c cannot be decoded" in failures_of(data_dir)[0].hint


def test_not_utf8_after_byte_order_mark_reports_the_bad_line(data_dir, failures_of):
    """A latin-1 byte at the start of line 3 of a BOM file is reported on line 3."""
    path = data_dir / OBS
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    edit_line(data_dir / OBS, 3, lambda text: b"\xe9" + text)
    [failure] = failures_of(data_dir)
    assert failure.line == 3
    assert "bytes e9 61 72 61 cannot be decoded" in failure.hint


def test_unclosed_quote_is_reported_where_the_record_starts(data_dir, failures_of):
    """An opening quote never closed on line 3 is reported on line 3, not at the end of file."""
    edit_line(data_dir / OBS, 3, replace(b"nearly 900", b'"nearly 900'))
    assert failures_of(data_dir) == [Failure(OBS, 3, None, "csv_syntax", "", ANY)]


def test_oversized_file_is_refused_before_reading(data_dir, failures_of, monkeypatch):
    """A file above the size limit is reported, not parsed (the limit is lowered for the test)."""
    monkeypatch.setattr(reader, "MAX_FILE_BYTES", 100)
    assert Failure(OBS, None, None, "file_size", "", ANY) in failures_of(data_dir)


def test_every_table_file_is_checked(data_dir, failures_of):
    """A missing file is reported whichever table it is, each by its own name."""
    for name in ("sources.csv", "indicators.csv", "endorsements.csv", "events.csv"):
        (data_dir / name).unlink()
    assert [(f.file, f.check) for f in failures_of(data_dir)] == [
        ("endorsements.csv", "file_exists"),
        ("events.csv", "file_exists"),
        ("indicators.csv", "file_exists"),
        ("sources.csv", "file_exists"),
    ]
