"""NCMEC's by-company (ESP) and by-country tables, 2019-2023, from the research CSV extraction.

Run: python -m validation.ingest.ncmec_tables RESEARCH_DIR [DATA_DIR]
It rewrites the rows of sources ncmec_esp_YYYY and ncmec_country_YYYY in observations.csv.
"""

from __future__ import annotations

import csv
import sys
from collections import defaultdict
from pathlib import Path

from validation.ingest import countries
from validation.ingest.rows import (
    plain_number,
    read_rows,
    render,
    replace_sources,
    year_period,
)

INDICATOR = "ncmec_cybertipline_reports"
# The total line exactly as each PDF prints it (checked against the PDFs in data/raw/).
ESP_TOTAL_LABEL = {2019: "Totals:", 2020: "Totals:", 2021: "Total:", 2022: "Total", 2023: "Total"}
COUNTRY_TOTAL_LABEL = {2019: "TOTAL", 2020: "Total:", 2021: "Total:", 2022: "Total",
                       2023: "Total"}
# The totals as printed on each PDF's last line: the parsed rows must add up to them.
PRINTED_ESP_TOTAL = {2019: 16_836_694, 2020: 21_447_786, 2021: 29_157_083, 2022: 31_802_525,
                     2023: 35_944_826}
PRINTED_COUNTRY_TOTAL = {2019: 16_987_361, 2020: 21_751_085, 2021: 29_397_681,
                         2022: 32_059_029, 2023: 36_210_368}
ESP_FOOTNOTE = "*Report totals for related platforms and companies have been combined."
COUNTRY_FOOTNOTE = "*Reasons include no IP address included in the report, proxy IPs, etc."


def _row(year: int, geography: str, breakdown: str, value: int, source: str, quote: str,
         note: str = "") -> dict[str, str]:
    start, end = year_period(year)
    return {"indicator_id": INDICATOR, "period_start": start, "period_end": end,
            "geography": geography, "breakdown": breakdown, "value": str(value),
            "qualifier": "exact", "source_id": source, "quote": quote, "note": note}


def _count(printed: int) -> str:
    return f"{printed:,}"


def esp_rows(records: list[dict[str, str]]) -> list[dict[str, str]]:
    """One row per company and year, plus the table's printed ESP total."""
    rows, totals = [], defaultdict(int)
    for rec in records:
        year, name, value = int(rec["year"]), rec["esp"], int(plain_number(rec["reports"]))
        totals[year] += value
        company, note = name, ""
        if name.endswith("*"):
            company = name.rstrip("*").strip()
            note = f"Printed as '{name}': {ESP_FOOTNOTE}"
        rows.append(_row(year, "WLD", company, value, f"ncmec_esp_{year}",
                         f"{name} {_count(value)}", note))
    for year, total in sorted(_checked(totals, PRINTED_ESP_TOTAL, "by-ESP").items()):
        quote = f"{ESP_TOTAL_LABEL[year]} {_count(total)}"
        rows.append(_row(year, "WLD", "reporter:esp", total, f"ncmec_esp_{year}", quote,
                         "Total of the table: reports from electronic service providers."))
    return rows


def country_rows(records: list[dict[str, str]]) -> list[dict[str, str]]:
    """One row per country and year; two printed spellings of one country become one row."""
    merged: dict[tuple[int, str], list[tuple[str, int, str]]] = defaultdict(list)
    totals: dict[int, int] = defaultdict(int)
    for rec in records:
        year, name, value = int(rec["year"]), rec["country"], int(plain_number(rec["reports"]))
        code, reason = countries.to_code(name)
        merged[(year, code)].append((name, value, reason))
        totals[year] += value
    rows = []
    for (year, code), lines in sorted(merged.items()):
        value = sum(v for _, v, _ in lines)
        quote = "; ".join(f"{n} {_count(v)}" for n, v, _ in lines)
        rows.append(_row(year, code, "total", value, f"ncmec_country_{year}", quote,
                         _country_note(lines)))
    for year, total in sorted(_checked(totals, PRINTED_COUNTRY_TOTAL, "by-country").items()):
        quote = f"{COUNTRY_TOTAL_LABEL[year]} {_count(total)}"
        rows.append(_row(year, "WLD", "total", total, f"ncmec_country_{year}", quote,
                         "Total of the table: all CyberTipline reports of the year."))
    return rows


def _checked(sums: dict[int, int], printed: dict[int, int], table: str) -> dict[int, int]:
    """The printed totals, once every year's rows are shown to add up to them."""
    for year, total in sums.items():
        if year not in printed:
            raise ValueError(f"no printed total known for the {year} {table} table")
        if total != printed[year]:
            raise ValueError(f"the {year} {table} rows add up to {total:,}, "
                             f"but the table prints {printed[year]:,}")
    return {year: printed[year] for year in sums}


def _country_note(lines: list[tuple[str, int, str]]) -> str:
    if len(lines) > 1:
        printed = " and ".join(f"'{n}' {_count(v)}" for n, v, _ in lines)
        return (f"NCMEC's table prints this country on two lines ({printed}); "
                "the two printed values are added here.")
    notes = []
    for name, _, reason in lines:
        if reason:
            notes.append(f"Printed as '{name}' ({reason}).")
        if name.endswith("*"):
            notes.append(COUNTRY_FOOTNOTE)
    return " ".join(notes)


def _read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def main(argv: list[str]) -> int:
    if not 1 <= len(argv) <= 2:
        print(__doc__, file=sys.stderr)
        return 2
    research, data_dir = Path(argv[0]), Path(argv[1] if len(argv) > 1 else "data")
    new = esp_rows(_read_csv(research / "ncmec_reports_by_esp_2019_2023.csv"))
    new += country_rows(_read_csv(research / "ncmec_reports_by_country_2019_2023.csv"))
    replaced = {r["source_id"] for r in new}
    path = data_dir / "observations.csv"
    rows = replace_sources(read_rows(path), replaced, new)
    path.write_text(render(rows), encoding="utf-8")
    print(f"wrote {len(new)} NCMEC table rows ({len(replaced)} sources) into {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
