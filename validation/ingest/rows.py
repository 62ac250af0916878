"""Reading and writing data/observations.csv rows in one stable order, for readable diffs."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from pathlib import Path

from validation.schemas import TABLES

COLUMNS = TABLES["observations.csv"][1]
SORT_KEY = ("indicator_id", "period_start", "period_end", "source_id", "geography", "breakdown")


def year_period(year: int) -> tuple[str, str]:
    return f"{year}-01-01", f"{year}-12-31"


def plain_number(text: str) -> str:
    """'1,987,430' -> '1987430'; refuses anything that is not a whole printed count."""
    digits = text.replace(",", "").strip()
    if not digits.isdigit():
        raise ValueError(f"not a whole number as printed: {text!r}")
    return str(int(digits))


def read_rows(path: Path) -> list[dict[str, str]]:
    if not path.exists():
        return []
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def render(rows: Iterable[dict[str, str]]) -> str:
    """The file's exact text: header, rows sorted by SORT_KEY, LF line ends."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(sorted(rows, key=lambda r: tuple(r[k] for k in SORT_KEY)))
    return out.getvalue()


def replace_sources(existing: list[dict[str, str]], source_ids: set[str],
                    new_rows: list[dict[str, str]]) -> list[dict[str, str]]:
    """Drop every row citing one of `source_ids`, then add `new_rows` (which must cite them)."""
    stray = {r["source_id"] for r in new_rows} - source_ids
    if stray:
        raise ValueError(f"new rows cite sources outside the replaced set: {sorted(stray)}")
    return [r for r in existing if r["source_id"] not in source_ids] + list(new_rows)
