"""What a period is, decided once for the store and for the words that name it.

Each function takes two Timestamps (the answer is a bool) or two date columns' `.dt` (one
bool per row)."""

from __future__ import annotations


def spans_whole_years(start, end):
    """A period from 1 January of one year to 31 December of the same or a later year."""
    return (start.month == 1) & (start.day == 1) & (end.month == 12) & (end.day == 31)


def is_calendar_year(start, end):
    """A period from 1 January to 31 December of one year."""
    return spans_whole_years(start, end) & (start.year == end.year)
