"""Query results made by hand, for figure tests that must not depend on the real data."""

from __future__ import annotations

import pandas as pd

from dashboard.store import COLUMNS

UNIT = "reports"


def row(year: int = 2021, value: float = 0, **columns: object) -> dict[str, object]:
    """One observation as the store hands it out: a calendar-year world total unless told."""
    geography = columns.get("geography", "WLD")
    breakdown = columns.get("breakdown", "total")
    company = columns.get("company", "")
    kind = ("company" if company else "total" if geography == "WLD" else "country") \
        if breakdown == "total" or company else breakdown.split(":", 1)[0]
    base: dict[str, object] = {
        "indicator_id": "test_reports", "indicator_name": "Test reports",
        "indicator_name_fr": "Signalements d'essai", "unit": UNIT,
        "period_start": pd.Timestamp(f"{year}-01-01"), "period_end": pd.Timestamp(f"{year}-12-31"),
        "end_precision": "day", "year": year, "calendar_year": True, "geography": geography,
        "geography_name": {"WLD": "World"}.get(geography, geography),
        "geography_name_fr": {"WLD": "Monde"}.get(geography, geography),
        "breakdown": breakdown, "breakdown_kind": kind,
        "entity": columns.get("company_id") or breakdown, "company_id": "", "company": "",
        "parent_company_id": "", "scope": "company" if company else "", "scope_note_en": "",
        "scope_note_fr": "", "value": float(value), "qualifier": "exact",
        "source_id": "test_source", "publisher": "Test Publisher", "title": "Test Title",
        "url": "https://example.org/test", "published": f"{year + 1}", "secondary": False,
        "quote": f"{value}", "note": "",
    }
    base.update(columns)
    return base


def frame(rows: list[dict[str, object]]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=COLUMNS)
