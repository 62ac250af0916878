"""Read one CSV table as text, refusing malformed files with a located, fixable message."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
from pyarrow import csv as pacsv

from validation.report import Failure, short

MAX_FILE_BYTES = 256 * 1024 * 1024


@dataclass(frozen=True)
class RawTable:
    """A table's cells as strings, plus the line in the file where each record starts."""

    name: str
    frame: pd.DataFrame
    lines: Sequence[int]

    def line_of(self, index: object) -> int | None:
        try:
            return self.lines[int(index)]
        except (TypeError, ValueError, IndexError):
            return None


def read_table(path: Path, columns: tuple[str, ...]) -> tuple[RawTable | None, list[Failure]]:
    """Parse `path`; on any file-level problem return no table and the failures.

    A regular file (one record per line, no blank lines, quotes only around whole fields) is
    parsed by Arrow's CSV reader, and record i is on line i + 2. Anything else, and every
    file Arrow refuses, goes through the csv module line by line, which says where and what
    is wrong (a million rows: about 1 s instead of 9 s)."""
    name = path.name
    text, failures = _read_text(path, columns)
    if text is None:
        return None, failures
    frame = _regular(text, columns)
    if frame is not None:
        return RawTable(name, frame, range(2, len(frame) + 2)), []
    records, lines, failures = _parse(name, text, columns)
    if failures:
        return None, failures
    frame = pd.DataFrame(records, columns=list(columns), dtype="str")
    return RawTable(name, frame, tuple(lines)), []


def _odd_quote(data: bytes) -> bool:
    """Is there a quote that neither opens a field (after a comma or a line start), closes one
    (before a comma or a line end) nor is doubled? The csv module's strict mode refuses some."""
    b = np.frombuffer(data, dtype=np.uint8)
    at = np.flatnonzero(b == ord('"'))
    if not len(at):
        return False
    before = np.where(at > 0, b[np.maximum(at - 1, 0)], ord("\n"))
    after = np.where(at + 1 < len(b), b[np.minimum(at + 1, len(b) - 1)], ord("\n"))
    opens = np.isin(before, np.frombuffer(b',\n"', dtype=np.uint8))
    closes = np.isin(after, np.frombuffer(b',\r\n"', dtype=np.uint8))
    return bool((~opens & ~closes).any())


def _regular(text: str, columns: tuple[str, ...]) -> pd.DataFrame | None:
    """The table via Arrow when the file is regular, else None (the exact path decides)."""
    lines = text.count("\n") + (0 if text.endswith("\n") else 1)
    if "\r" in text.replace("\r\n", "") or "\n\n" in text or "\n\r\n" in text:
        return None
    header = next(csv.reader([text.split("\n", 1)[0]]), [])
    if [h.strip() for h in header] != list(columns):
        return None  # the exact path names what is wrong with the header
    data = text.encode("utf-8")
    if _odd_quote(data):
        return None
    try:
        table = pacsv.read_csv(
            io.BytesIO(data),
            read_options=pacsv.ReadOptions(column_names=list(columns), skip_rows=1),
            parse_options=pacsv.ParseOptions(newlines_in_values=False, ignore_empty_lines=False),
            convert_options=pacsv.ConvertOptions(
                column_types=dict.fromkeys(columns, pa.string()), strings_can_be_null=False,
                quoted_strings_can_be_null=False),
        )
    except (pa.ArrowInvalid, pa.ArrowKeyError, KeyError, ValueError):
        return None
    if table.column_names != list(columns) or table.num_rows != lines - 1:
        return None
    text_dtype = pd.Series([], dtype="str").dtype  # Arrow-backed: no Python str per cell
    return table.to_pandas(types_mapper={pa.string(): text_dtype}.get)


def _read_text(path: Path, columns: tuple[str, ...]) -> tuple[str | None, list[Failure]]:
    name = path.name
    header = ",".join(columns)
    if not path.is_file():
        hint = f"the file is missing: create {name} with the header line '{header}'"
        return None, [Failure(name, None, None, "file_exists", "", hint)]
    if path.stat().st_size > MAX_FILE_BYTES:
        hint = f"the file is larger than {MAX_FILE_BYTES // 2**20} MiB; is it the right file?"
        return None, [Failure(name, None, None, "file_size", "", hint)]
    raw = path.read_bytes()
    if b"\x00" in raw:
        line = raw[: raw.index(b"\x00")].count(b"\n") + 1
        hint = "the file holds NUL bytes, so it is not a text CSV; re-export it as UTF-8 CSV"
        return None, [Failure(name, line, None, "not_csv", "", hint)]
    if raw.startswith(b"\xef\xbb\xbf"):  # a BOM holds no newline: line numbers stay right
        raw = raw[3:]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        bad = raw[exc.start : exc.start + 4].hex(" ")
        hint = "the file is not UTF-8; re-save it as UTF-8 (bytes " + bad + " cannot be decoded)"
        return None, [Failure(name, line, None, "utf8_encoding", "", hint)]
    if not text.strip():
        hint = f"the file is empty; it needs at least the header line '{header}'"
        return None, [Failure(name, None, None, "not_empty", "", hint)]
    return text, []


def _parse(name: str, text: str, columns: tuple[str, ...]):
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    records: list[list[str]] = []
    lines: list[int] = []
    failures: list[Failure] = []
    start = 1
    try:
        header = next(reader)
        failures += _check_header(name, header, columns)
        if failures:
            return [], [], failures
        start = reader.line_num + 1
        for row in reader:
            if row == []:  # a blank line
                start = reader.line_num + 1
                continue
            if len(row) != len(columns):
                hint = (
                    f"expected {len(columns)} fields, found {len(row)}; "
                    "quote any value that contains a comma"
                )
                failures.append(
                    Failure(name, start, None, "field_count", short(",".join(row)), hint)
                )
            else:
                records.append(row)
                lines.append(start)
            start = reader.line_num + 1
    except csv.Error as exc:  # reported where the broken record starts, not where it ends
        hint = f"not valid CSV ({exc}); check the quotes in the record starting on this line"
        failures.append(Failure(name, start, None, "csv_syntax", "", hint))
    return records, lines, failures


def _check_header(name: str, header: list[str], columns: tuple[str, ...]) -> list[Failure]:
    failures = []
    stripped = [h.strip() for h in header]
    for col in columns:
        if col not in stripped:
            hint = f"add the column '{col}'; the header must be '{','.join(columns)}'"
            failures.append(Failure(name, 1, col, "column_missing", "", hint))
    for col in stripped:
        if col not in columns:
            hint = f"remove or rename it; allowed columns are {', '.join(columns)}"
            failures.append(Failure(name, 1, col, "column_unexpected", short(col), hint))
    dupes = {c for c in stripped if stripped.count(c) > 1}
    for col in sorted(dupes):
        failures.append(Failure(name, 1, col, "column_duplicate", col, "keep one column of it"))
    if not failures and stripped != list(columns):
        hint = f"put the columns in this order: {','.join(columns)}"
        failures.append(Failure(name, 1, None, "column_order", short(",".join(header)), hint))
    return failures
