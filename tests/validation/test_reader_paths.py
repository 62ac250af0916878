"""The reader's two paths: Arrow for regular files, the csv module for everything else. Both
must give the same cells and the same line numbers; irregular files must take the exact path."""

from __future__ import annotations

import csv
import io
import os
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from validation import reader
from validation.schemas import TABLES

DATA = Path(__file__).resolve().parents[2] / "data"
COLUMNS = ("a", "b", "c")


def exact(text: str, columns: tuple[str, ...]) -> tuple[pd.DataFrame, list[int]]:
    records, lines, failures = reader._parse("t.csv", text, columns)
    assert failures == []
    return pd.DataFrame(records, columns=list(columns), dtype="str"), lines


@pytest.mark.parametrize("file", sorted(TABLES))
def test_the_real_tables_take_the_fast_path_with_the_same_cells_and_lines(file):
    columns = TABLES[file][1]
    text, failures = reader._read_text(DATA / file, columns)
    assert failures == []
    fast = reader._regular(text, columns)
    assert fast is not None, f"{file} is regular but did not take the Arrow path"
    frame, lines = exact(text, columns)
    pd.testing.assert_frame_equal(fast, frame)
    raw, _ = reader.read_table(DATA / file, columns)
    assert list(raw.lines) == lines


@pytest.mark.parametrize(
    "text",
    [
        'a,b,c\n1,"two\nlines",3\n',  # a line break inside a cell: lines shift
        "a,b,c\n1,2,3\n\n4,5,6\n",  # a blank line
        "a,b,c\r\n1,2,3\r\n\r\n",  # a blank Windows line
        "a,b,c\r1,2,3\r",  # old Mac line ends
        'a,b,c\n1,"2"x,3\n',  # text after a closing quote (strict csv refuses it)
        "a,b,c\n1,2\n",  # a missing field
        "b,a,c\n1,2,3\n",  # columns out of order: the exact path names the problem
    ],
    ids=["cell-newline", "blank", "blank-crlf", "cr-only", "odd-quote", "short-row",
         "header-order"],
)
def test_irregular_files_take_the_exact_path(text):
    assert reader._regular(text, COLUMNS) is None


cell = st.text(st.characters(codec="utf-8", exclude_characters="\r\n\x00"), max_size=12)


@settings(max_examples=int(os.environ.get("FUZZ_EXAMPLES", "60")), deadline=None)
@given(rows=st.lists(st.tuples(cell, cell, cell), max_size=8), crlf=st.booleans())
def test_both_paths_read_any_written_csv_alike(rows, crlf):
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n" if crlf else "\n").writerows([COLUMNS, *rows])
    text = buffer.getvalue()
    frame, lines = exact(text, COLUMNS)
    fast = reader._regular(text, COLUMNS)
    assert fast is not None, "csv.writer's output (no line breaks in cells) is regular"
    pd.testing.assert_frame_equal(fast, frame)
    assert lines == list(range(2, len(frame) + 2))
