"""Derived views (dashboard/derived.derive) on hand-made yearly series: change on the previous
year, percent change, index to a base year, share of the world total; never across a series
break, and a change between two publishers' figures is named."""

from __future__ import annotations

import math

import pytest

from dashboard import derived
from tests.dashboard.frames import frame, row


def _series(values: dict[int, float], publisher_of: dict[int, str] | None = None,
            **columns) -> list[dict]:
    publishers = publisher_of or {}
    return [row(year, value, publisher=publishers.get(year, "NCMEC"), **columns)
            for year, value in values.items()]


def _values(d: derived.Derived) -> dict[tuple[str, int], float]:
    return {(g, int(y)): round(v, 6) for g, y, v in
            zip(d.rows["geography"], d.rows["year"], d.rows["value"], strict=True)}


def test_change_is_on_the_previous_year_and_needs_both_years():
    df = frame(_series({2019: 100, 2020: 150, 2022: 120}, geography="CAN"))
    d = derived.derive(df, "change")
    assert _values(d) == {("CAN", 2020): 50}  # 2022 has no 2021 to compare with
    pct = derived.derive(df, "change_pct")
    assert _values(pct) == {("CAN", 2020): 50.0} and pct.unit == "percent"
    assert d.unit == "reports" and (d.rows["measure"] == "change").all()


def test_index_is_against_the_base_year_of_each_series():
    df = frame(_series({2019: 200, 2020: 300}, geography="CAN")
               + _series({2019: 50, 2020: 25}, geography="PHL"))
    d = derived.derive(df, "index")
    assert _values(d) == {("CAN", 2019): 100, ("CAN", 2020): 150, ("PHL", 2019): 100,
                          ("PHL", 2020): 50}
    later = derived.derive(df, "index", base=2020)
    assert _values(later)[("CAN", 2019)] == pytest.approx(200 / 3)
    none = derived.derive(df, "index", base=2018)
    assert none.rows.empty and set(none.missing) == {"CAN", "PHL"}


def test_nothing_is_derived_across_a_series_break():
    df = frame(_series({2022: 100, 2023: 120, 2024: 60, 2025: 66}, series_break=2024))
    change = derived.derive(df, "change")
    assert _values(change) == {("WLD", 2023): 20, ("WLD", 2025): 6}
    assert change.across_break == (("test_reports", 2024),)
    index = derived.derive(df, "index")
    assert set(_values(index)) == {("WLD", 2022), ("WLD", 2023)}
    assert index.across_break == (("test_reports", 2024), ("test_reports", 2025))


def test_a_change_between_two_publishers_figures_is_named():
    df = frame(_series({2022: 100, 2023: 110}, publisher_of={2023: "A transcription"}))
    d = derived.derive(df, "change")
    assert _values(d) == {("WLD", 2023): 10} and d.mixed_sources == (("WLD", 2023),)


def test_share_is_of_the_same_indicators_world_total_that_year():
    parts = frame(_series({2021: 25, 2022: 10}, geography="CAN"))
    totals = frame(_series({2021: 100}))
    d = derived.derive(parts, "share", totals=totals)
    assert _values(d) == {("CAN", 2021): 25.0} and d.unit == "percent"
    assert derived.derive(parts, "share", totals=totals.iloc[:0]).rows.empty


def test_a_zero_base_gives_no_percent_rather_than_infinity():
    d = derived.derive(frame(_series({2019: 0, 2020: 5})), "change_pct")
    assert d.rows.empty or not any(math.isinf(v) for v in d.rows["value"])
