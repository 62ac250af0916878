"""The figures a headline card and the wall show, chosen from an indicator's printed rows:
one world total per year, the latest world figure, and the year before it. Nothing here is
computed (dashboard/derived.py holds the figures that are, each marked as such)."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from validation import geography

NCMEC_REPORTS = "ncmec_cybertipline_reports"


@dataclass(frozen=True)
class Headline:
    """A figure for a card: the row itself plus, where it exists, the year before."""

    row: dict
    previous: dict | None = None

    @property
    def change(self) -> float | None:
        if not self.previous or not self.previous["value"]:
            return None
        return self.row["value"] / self.previous["value"] - 1


def yearly_totals(df: pd.DataFrame) -> pd.DataFrame:
    """One world total per calendar year of an indicator's rows, from primary sources only:
    the preferred row where it is primary, else the first primary one."""
    df = df[(df["breakdown_kind"] == "total") & df["calendar_year"]
            & (df["source_kind"] == "primary")]
    df = df.sort_values(["year", "preferred"], ascending=[True, False], kind="stable")
    return df.drop_duplicates("year", keep="first").reset_index(drop=True)


def with_previous_year(years: pd.DataFrame) -> Headline | None:
    """The latest of yearly totals, with the year before where the totals hold it."""
    if years.empty:
        return None
    rows = years.to_dict("records")
    prev = rows[-2] if len(rows) > 1 and rows[-2]["year"] == rows[-1]["year"] - 1 else None
    return Headline(rows[-1], prev)


def latest(df: pd.DataFrame, breakdown: str = "total") -> Headline | None:
    """The most recent preferred world figure among an indicator's rows (cumulative ones:
    the latest window)."""
    df = df[(df["geography"] == geography.WORLD) & (df["breakdown"] == breakdown)
            & df["preferred"]]
    if df.empty:
        return None
    df = df.sort_values("period_end", ascending=False, kind="stable")
    return Headline(df.iloc[0].to_dict())
