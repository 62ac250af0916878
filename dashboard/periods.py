"""What a period is, decided once for the store and for the words that name it."""

from __future__ import annotations


def is_calendar_year(start, end):
    """A period from 1 January to 31 December of one year. `start` and `end` are two
    Timestamps (the answer is a bool) or two date columns' `.dt` (one bool per row)."""
    return ((start.month == 1) & (start.day == 1) & (end.month == 12) & (end.day == 31)
            & (start.year == end.year))
