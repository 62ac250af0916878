"""The one calendar-year rule, as the store marks rows and as a period reads in words."""

import pandas as pd
import pytest

from dashboard import formatting
from dashboard.periods import is_calendar_year
from dashboard.query import SOURCE_KINDS, Filters

T = pd.Timestamp


@pytest.mark.parametrize(("start", "end", "year"), [
    ("2021-01-01", "2021-12-31", True),
    ("2021-01-01", "2022-12-31", False),  # two years
    ("2021-01-02", "2021-12-31", False),
    ("2021-01-01", "2021-12-30", False),
    ("2020-12-31", "2021-12-31", False),
    ("2021-04-01", "2022-03-31", False),  # a fiscal year
])
def test_a_calendar_year_runs_from_1_january_to_31_december_of_one_year(start, end, year):
    assert is_calendar_year(T(start), T(end)) is year
    assert (formatting.period(T(start), T(end)) == start[:4]) is year
    column = is_calendar_year(pd.Series([T(start)]).dt, pd.Series([T(end)]).dt)
    assert column.tolist() == [year]


def test_the_store_marks_exactly_the_rows_whose_period_reads_as_a_year(store):
    df = store.query(Filters(source_kinds=SOURCE_KINDS))
    reads = pd.Series(formatting.periods(df["period_start"], df["period_end"]))
    as_year = (reads == df["period_start"].dt.year.astype(str)).to_numpy()
    assert df["calendar_year"].any() and not df["calendar_year"].all()
    assert (df["calendar_year"].to_numpy() == as_year).all()
