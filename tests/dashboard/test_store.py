"""The store's queries and derived figures, on the real data."""

import pandas as pd

from dashboard.query import Filters
from dashboard.store import COLUMNS, NCMEC_REPORTS, breakdown_kind, breakdown_label


def test_query_by_indicator_years_and_countries(store):
    df = store.query(Filters((NCMEC_REPORTS,), 2019, 2023, ("CAN", "PHL")))
    assert list(df.columns) == COLUMNS
    assert sorted(df["geography"].unique()) == ["CAN", "PHL"]
    assert sorted(df["year"].unique()) == [2019, 2020, 2021, 2022, 2023]
    can_2021 = df[(df["geography"] == "CAN") & (df["year"] == 2021)]
    assert can_2021["value"].tolist() == [62084]
    assert can_2021["source_id"].tolist() == ["ncmec_country_2021"]


def test_query_results_carry_their_citation(store):
    row = store.query(Filters((NCMEC_REPORTS,), 2021, 2021, ("CAN",))).iloc[0]
    assert row["publisher"].startswith("National Center for Missing")
    assert row["url"].startswith("https://")
    assert row["quote"] == "Canada 62,084"


def test_query_is_cached_and_bounded(store):
    f = Filters((NCMEC_REPORTS,), 2020, 2020)
    assert store.query(f) is store.query(f)


def test_year_filter_keeps_windows_that_overlap_the_range(store):
    df = store.query(Filters(("arachnid_notifications",), 2020, 2020))
    assert not df.empty
    assert (df["period_start"].dt.year <= 2020).all() and (df["year"] >= 2020).all()


def test_unknown_indicator_gives_an_empty_result(store):
    assert store.query(Filters(("no_such_indicator",))).empty


def test_ncmec_headline_is_the_latest_primary_year_with_its_previous_year(store):
    head = store.ncmec_headline()
    assert head.row["year"] == 2024
    assert head.row["qualifier"] == "at_least"
    assert not head.row["secondary"]
    assert head.previous["year"] == 2023 and head.previous["value"] == 36210368


def test_yearly_totals_prefer_primary_sources_and_keep_one_value_per_year(store):
    years = store.yearly_totals(NCMEC_REPORTS)
    assert years["year"].is_unique
    assert years.loc[years["year"] == 2021, "value"].item() == 29397681
    assert not years["secondary"].any()


def test_secondary_rows_are_flagged(store):
    df = store.query(Filters((NCMEC_REPORTS,), 2025, 2025, ("WLD",), ("total",)))
    assert df["secondary"].all()


def test_breakdown_kinds_and_labels():
    assert breakdown_kind("WLD", "total") == "total"
    assert breakdown_kind("CAN", "total") == "country"
    assert breakdown_kind("WLD", "Google") == "company"
    assert breakdown_kind("WLD", "reporter:esp") == "reporter"
    assert breakdown_label("reporter:public") == "Reported by the public"
    assert breakdown_label("files:other_content") == "Files: other content"


def test_frames_handed_out_do_not_change_the_dataset(dataset):
    frame = dataset.observations
    frame.loc[0, "value"] = -1
    assert dataset.observations.loc[0, "value"] != -1
    assert isinstance(frame, pd.DataFrame)
