"""Printed company names of a new table -> company ids, through data/company_names.csv."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from validation.ingest.rows import read_rows
from validation.integrity import company_rows
from validation.schemas import TABLES

FILE = "company_names.csv"
COLUMNS = TABLES[FILE][1]


class UnknownCompanies(ValueError):
    """The table prints company names that no earlier table printed."""

    def __init__(self, source_id: str, names: list[str]):
        self.names = names
        listed = "; ".join(names[:20]) + (f" (and {len(names) - 20} more)" if len(names) > 20
                                          else "")
        super().__init__(
            f"{len(names)} company name(s) never seen before: {listed}. Add a row "
            f"'{source_id},<name as printed>,<company_id>,company,,' for each to data/{FILE} "
            "(and the company to data/companies.csv if it is new), then import again")


def known_ids(mappings: list[dict[str, str]]) -> dict[str, str]:
    """Printed name -> company id, for names earlier tables printed for one company alone."""
    ids: dict[str, set[str]] = {}
    for row in mappings:
        if row["scope"] == "company":
            ids.setdefault(row["printed_name"], set()).add(row["company_id"])
    return {name: next(iter(c)) for name, c in ids.items() if len(c) == 1}


def mappings_for(data: Path, source_id: str, rows: list[dict[str, str]],
                 review: set[str] = frozenset()) -> list[dict[str, str]]:
    """Every mapping row once the new table's rows are in: the source's own rows kept where
    reviewed, new names carried from earlier tables (except those in `review`); raise
    UnknownCompanies on the rest."""
    current = read_rows(data / FILE)
    mine = {r["printed_name"]: r for r in current if r["source_id"] == source_id}
    others = [r for r in current if r["source_id"] != source_id]
    known = {n: c for n, c in known_ids(others).items() if n not in review}
    printed = [r["breakdown"] for r in rows]
    is_company = company_rows(pd.DataFrame({"breakdown": printed}))
    names = [n for n, company in zip(printed, is_company, strict=True) if company]
    unknown = sorted({n for n in names if n not in mine and n not in known})
    if unknown:
        raise UnknownCompanies(source_id, unknown)
    new = [mine.get(n) or {"source_id": source_id, "printed_name": n, "company_id": known[n],
                           "scope": "company", "scope_note_en": "", "scope_note_fr": ""}
           for n in dict.fromkeys(names)]
    return sorted([*others, *new], key=lambda r: (r["source_id"], r["printed_name"].lower()))
