"""NCMEC's yearly CyberTipline tables (by company/ESP and by country), from the official PDFs.

The text of the PDF is read with pypdf, its rows parsed (names may wrap over lines or hold
commas), the parts checked against the total the PDF prints, and the rows built in
observations.csv form, citing ncmec_esp_YYYY or ncmec_country_YYYY.
"""

from __future__ import annotations

import logging
import re
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from pypdf import PdfReader
from pypdf.errors import PdfReadError

from validation.ingest import countries
from validation.ingest.rows import plain_number, year_period

INDICATOR = "ncmec_cybertipline_reports"
ESP_FOOTNOTE = "*Report totals for related platforms and companies have been combined."
COUNTRY_FOOTNOTE = "*Reasons include no IP address included in the report, proxy IPs, etc."
TITLES = {"esp": "{year} CyberTipline Reports by Electronic Service Providers (ESP)",
          "country": "{year} CyberTipline Reports by Country"}

# A table row ends with a count as printed ("1,466") or a dash for none.
ROW = re.compile(r"^(?:(?P<name>.*?\S)\s+)?(?P<count>\d{1,3}(?:,\d{3})*|-)\s*$")
TOTAL = re.compile(r"^(?P<label>TOTAL|Totals?:?)\s+(?P<count>\d{1,3}(?:,\d{3})*)\s*$")
HEADER = re.compile(
    r"^(ESP|Country( / Territory)?)\s+(Total\s+Reports|Number of Reports|Reports|Total)\s*$")
# Lines around the table on each page: titles, intro text, page numbers, footers, footnotes.
TABLE_END = re.compile(r"^((\d{4} )?(CyberTipline )?Reports\b|Copyright ©|\*|MissingKids\.org|"
                       r"NCMEC\.org)")
YEAR_TITLE = re.compile(r"^(20\d\d) CyberTipline Reports\b", re.MULTILINE)
COPYRIGHT = re.compile(r"Copyright © (\d{4}) National Center for Missing")


class NotRecognised(ValueError):
    """The file is not an NCMEC by-company or by-country table this importer can read."""


@dataclass(frozen=True)
class Line:
    name: str
    printed: str  # the count as printed: "1,466" or "-"

    @property
    def value(self) -> int:
        return 0 if self.printed == "-" else int(plain_number(self.printed))


@dataclass(frozen=True)
class Table:
    kind: str  # esp | country
    year: int
    lines: tuple[Line, ...]
    total_label: str
    total: int
    published: str  # the copyright year

    @property
    def source_id(self) -> str:
        return f"ncmec_{self.kind}_{self.year}"

    @property
    def title(self) -> str:
        return TITLES[self.kind].format(year=self.year)


def read_pdf_text(path: Path) -> str:
    """All pages' text; a damaged or non-PDF file is refused with the reason."""
    quiet = logging.getLogger("pypdf")
    level = quiet.level
    quiet.setLevel(logging.CRITICAL)  # its repair chatter is not for the reviewer; the refusal is
    try:
        reader = PdfReader(str(path))
        return "\n".join(page.extract_text() or "" for page in reader.pages)
    except (PdfReadError, OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
        raise NotRecognised(f"cannot read it as a PDF ({exc}); is the file complete and "
                            "really a PDF?") from None
    finally:
        quiet.setLevel(level)


def detect(text: str, year: int | None = None) -> tuple[str, int]:
    """(kind, year): the kind from the table's column header ('ESP …' or 'Country …'), which
    every page repeats, the year from the title ('2019 CyberTipline Reports …')."""
    headers = {m.group(1).split()[0] for m in map(HEADER.match, map(str.strip, text.splitlines()))
               if m}
    if len(headers) != 1:
        raise NotRecognised("not an NCMEC 'CyberTipline Reports by Country' or 'by Electronic "
                            "Service Providers (ESP)' table: no 'ESP … Reports' or 'Country … "
                            "Reports' column header found")
    kind = "esp" if headers.pop() == "ESP" else "country"
    years = {int(y) for y in YEAR_TITLE.findall(text)}
    if year is not None and years and year not in years:
        raise NotRecognised(f"--year {year} contradicts the year the PDF prints ({min(years)})")
    if year is None and len(years) != 1:
        raise NotRecognised("cannot tell the table's year from its title; pass --year YYYY")
    return kind, year if year is not None else years.pop()


def parse_text(text: str, year: int | None = None) -> Table:
    """Every row of the table, checked against its printed total. Longer than 40 lines for
    a reason: one pass over the PDF's lines whose branches (header, row, total, page break)
    share the state of the line before; split, they would pass that state around."""
    kind, year = detect(text, year)
    lines: list[Line] = []
    total: tuple[str, int] | None = None
    inside, pending = False, []
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line:
            continue
        if HEADER.match(line) or (inside and line == "Reports"):
            inside, pending = True, []
            continue
        if m := TOTAL.match(line):
            if pending:
                raise NotRecognised(f"line {number}: the name {' '.join(pending)!r} has no "
                                    "count before the total")
            total = (m["label"], int(plain_number(m["count"])))
            inside = False
            continue
        if not inside:
            continue
        if TABLE_END.match(line):
            if pending:
                raise NotRecognised(f"line {number}: the name {' '.join(pending)!r} has no "
                                    "count before the table ends")
            inside = False
            continue
        m = ROW.match(line)
        if m is None:
            pending.append(line)  # a name that wraps onto the next line
            continue
        name = " ".join([*pending, m["name"] or ""]).strip()
        pending = []
        if not name:
            raise NotRecognised(f"line {number}: a count {m['count']} with no name before it")
        lines.append(Line(re.sub(r"\s+", " ", name), m["count"]))
    if total is None:
        raise NotRecognised("no 'Total' line found: the table may be cut off")
    if not lines:
        raise NotRecognised("no table rows found under a 'Reports' header")
    parts = sum(line.value for line in lines)
    if parts != total[1]:
        raise NotRecognised(f"the {len(lines)} rows add up to {parts:,}, but the table prints "
                            f"{total[0]} {total[1]:,}; nothing was written")
    published = COPYRIGHT.search(text)
    return Table(kind, year, tuple(lines), total[0], total[1],
                 published.group(1) if published else "")


def read_table(path: Path, year: int | None = None) -> Table:
    return parse_text(read_pdf_text(path), year)


def _row(year: int, geography: str, breakdown: str, value: int, source: str, quote: str,
         note: str = "") -> dict[str, str]:
    start, end = year_period(year)
    return {"indicator_id": INDICATOR, "period_start": start, "period_end": end,
            "end_precision": "day", "geography": geography, "breakdown": breakdown,
            "value": str(value), "qualifier": "exact", "source_id": source, "quote": quote,
            "note": note}


def rows(table: Table) -> list[dict[str, str]]:
    """The table in observations.csv form, its printed total included."""
    return esp_rows(table) if table.kind == "esp" else country_rows(table)


def esp_rows(table: Table) -> list[dict[str, str]]:
    """One row per company, plus the printed total of reports from companies (ESPs)."""
    out = []
    for line in table.lines:
        company, note = line.name, ""
        if line.name.endswith("*"):
            company = line.name.rstrip("*").strip()
            note = f"Printed as '{line.name}': {ESP_FOOTNOTE}"
        out.append(_row(table.year, "WLD", company, line.value, table.source_id,
                        f"{line.name} {line.printed}", note))
    out.append(_row(table.year, "WLD", "reporter:esp", table.total, table.source_id,
                    f"{table.total_label} {table.total:,}",
                    "Total of the table: reports from electronic service providers."))
    return out


def country_rows(table: Table) -> list[dict[str, str]]:
    """One row per country; two printed spellings of one country become one row."""
    merged: dict[str, list[tuple[Line, str]]] = defaultdict(list)
    for line in table.lines:
        code, reason = countries.to_code(line.name)
        merged[code].append((line, reason))
    out = []
    for code, group in sorted(merged.items()):
        value = sum(line.value for line, _ in group)
        quote = "; ".join(f"{line.name} {line.printed}" for line, _ in group)
        out.append(_row(table.year, code, "total", value, table.source_id, quote,
                        _country_note(group)))
    out.append(_row(table.year, "WLD", "total", table.total, table.source_id,
                    f"{table.total_label} {table.total:,}",
                    "Total of the table: all CyberTipline reports of the year."))
    return out


def _country_note(group: list[tuple[Line, str]]) -> str:
    if len(group) > 1:
        printed = " and ".join(f"'{line.name}' {line.printed}" for line, _ in group)
        return (f"NCMEC's table prints this country on two lines ({printed}); "
                "the two printed values are added here.")
    notes = []
    for line, reason in group:
        if reason:
            notes.append(f"Printed as '{line.name}' ({reason}).")
        if line.name.endswith("*"):
            notes.append(COUNTRY_FOOTNOTE)
        if line.printed == "-":
            notes.append("The table prints '-' (no reports) for this line.")
    return " ".join(notes)
