"""The NCMEC headline and its comparability rule, written once for the overview's card, the
wall and the charts: which figure is the headline, whether the year before counts the same
way, and so whether a change may be computed. No Dash here."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from dashboard.store import NCMEC_REPORTS


def crosses_break(break_year: int, first: float, last: float) -> bool:
    """True when a span from `first` to `last` (years) straddles a counting break that starts
    in `break_year` (0: no break): figures on either side are not comparable, a line is not
    drawn across it and no change is computed over it."""
    return bool(break_year) and first < break_year <= last


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
