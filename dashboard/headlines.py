"""The figures a headline card and the wall show, chosen from an indicator's printed rows:
one world total per year, the latest world figure, and the year before it; and the NCMEC
headline's comparability rule, written once for the overview's card, the wall and the
charts (whether the year before counts the same way, and so whether a change may be
computed). No Dash here; dashboard/derived.py holds the figures computed here."""

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


def crosses_break(break_year: int, first: float, last: float) -> bool:
    """True when a span from `first` to `last` (years, or arrays of them) straddles a
    counting break that starts in `break_year` (0: no break): figures on either side are not
    comparable, a line is not drawn across it and no change is computed over it."""
    return (break_year > 0) & (first < break_year) & (break_year <= last)  # arrays too


@dataclass(frozen=True)
class NcmecHeadline:
    """Reports in the latest year a primary source gives, the year before where one gives it,
    and the yearly totals the trend draws."""

    row: dict
    previous: dict | None
    years: pd.DataFrame

    @property
    def comparable(self) -> bool:
        """The year before is counted the same way (no series break between the two)."""
        prev = self.previous
        return prev is not None and not crosses_break(
            int(self.row.get("series_break") or 0), prev["year"], self.row["year"])

    @property
    def change(self) -> float | None:
        """The change on the year before; None where it may not be computed."""
        if not self.comparable or not self.previous["value"]:
            return None
        return self.row["value"] / self.previous["value"] - 1


def ncmec(store) -> NcmecHeadline | None:
    """The headline of `store` (a Store snapshot), or None when no primary year exists."""
    head = store.ncmec_headline()
    if head is None:
        return None
    return NcmecHeadline(head.row, head.previous, store.yearly_totals(NCMEC_REPORTS))
