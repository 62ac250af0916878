"""The store's queries and derived figures, on the real data."""

import os

import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dashboard.labels import breakdown_label
from dashboard.query import Filters
from dashboard.store import COLUMNS, NCMEC_REPORTS, breakdown_kind


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


def test_a_figure_belongs_to_the_year_its_period_ends(store):
    """to=2021 never returns a window that ends in 2022 (Arachnid's run from 2017)."""
    every = store.query(Filters(("arachnid_notifications",)))
    assert (every["year"] > 2021).any() and (every["period_start"].dt.year < 2021).any()
    df = store.query(Filters(("arachnid_notifications",), None, 2021))
    assert not df.empty and (df["period_end"].dt.year <= 2021).all()
    assert len(df) == (every["period_end"].dt.year <= 2021).sum()


def test_unverified_sources_are_left_out_unless_asked_for(store):
    every = Filters(source_kinds=("primary", "secondary", "unverified"))
    assert (store.query(every)["source_kind"] == "unverified").any()
    assert not (store.query(Filters())["source_kind"] == "unverified").any()


def test_one_preferred_figure_per_point_from_ncmec_itself(store):
    df = store.query(Filters(("ncmec_cybertipline_reports",), None, 2023, ("WLD",), ("total",)))
    per_year = df.groupby("year")["preferred"].sum()
    assert (per_year == 1).all() and len(per_year) == 26  # 1998-2023
    assert set(df.loc[df["preferred"], "source_kind"]) == {"primary"}
    assert df.loc[df["preferred"] & (df["year"] == 1998), "value"].tolist() == [4560]


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


def _plain_filter(frame: pd.DataFrame, f: Filters) -> pd.DataFrame:
    """What a query means, written the slow obvious way over the whole frame."""
    mask = pd.Series(True, index=frame.index)
    if f.year_from is not None:
        mask &= frame["year"] >= f.year_from
    if f.year_to is not None:
        mask &= frame["year"] <= f.year_to
    mask &= frame["source_kind"].isin(f.source_kinds)
    for column, wanted in (("geography", f.geographies), ("source_id", f.sources)):
        if wanted:
            mask &= frame[column].isin(wanted)
    if f.breakdowns:  # a company, or a parent with its members (one level deep in the data)
        mask &= frame["entity"].isin(f.breakdowns) | frame["parent_company_id"].isin(
            f.breakdowns)
    rows = frame[mask]
    if f.indicators:
        rows = pd.concat([rows[rows["indicator_id"] == i] for i in f.indicators])
    return rows.reset_index(drop=True)


@settings(max_examples=int(os.environ.get("FUZZ_EXAMPLES", "60")), deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_indexed_queries_equal_the_plain_filter(store, data):
    frame = store.frame
    some = lambda column: st.lists(  # noqa: E731
        st.sampled_from(sorted(set(frame[column]) - {""}) + ["XXX", "nope"]), max_size=3,
        unique=True)
    years = st.none() | st.integers(1995, 2026)
    f = Filters(tuple(data.draw(some("indicator_id"))), data.draw(years), data.draw(years),
                tuple(data.draw(some("geography"))),
                tuple(data.draw(some("entity") | some("parent_company_id"))),
                tuple(data.draw(some("source_id"))))
    got = store._select(f)
    pd.testing.assert_frame_equal(got, _plain_filter(frame, f))


def test_the_frame_is_sorted_and_text_is_shared(store):
    frame = store.frame
    keys = ["indicator_id", "period_end", "geography", "breakdown", "source_id"]
    assert frame.equals(frame.sort_values(keys, kind="stable").reset_index(drop=True))
    # Labels in one object block (a selection copies it once); quotes and notes, unique per
    # row, in Arrow's buffers.
    assert frame._mgr.nblocks <= 7
    assert str(frame["quote"].dtype) == "str" and frame["geography"].dtype == object
    first = frame[frame["geography"] == "CAN"]["geography"].to_numpy()
    assert all(value is first[0] for value in first)  # one str object per distinct value


def test_the_query_cache_is_bounded_by_entries_and_by_rows(dataset, monkeypatch):
    from dashboard import store as store_module

    fresh = store_module.Store(dataset)
    a, b = (Filters((NCMEC_REPORTS,), y, y) for y in (2021, 2022))
    c = Filters((NCMEC_REPORTS,), 2023, 2023, ("CAN",))  # one row: dropping `a` makes room
    sizes = {f: len(fresh._select(f)) for f in (a, b, c)}
    monkeypatch.setattr(store_module, "CACHE_ROWS", sizes[a] + sizes[b])
    first, second = fresh.query(a), fresh.query(b)
    assert fresh.query(a) is first and fresh.query(b) is second  # both fit
    fresh.query(c)  # over the row bound: the least recently used (a) goes
    assert a not in fresh._cache and fresh.query(b) is second
    assert fresh._cached_rows == sum(len(v) for v in fresh._cache.values())
    assert fresh._cached_rows <= store_module.CACHE_ROWS
    monkeypatch.setattr(store_module, "CACHE_ROWS", 10**9)
    monkeypatch.setattr(store_module, "CACHE_SIZE", 2)
    for year in (2019, 2020):
        fresh.query(Filters((NCMEC_REPORTS,), year, year))
    assert len(fresh._cache) == 2
