"""The store's queries and derived figures, on the real data."""

import gc
import os
import tracemalloc
import weakref

import numpy as np
import pandas as pd
import pyarrow as pa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dashboard import store as store_module
from dashboard.labels import breakdown_label
from dashboard.query import SOURCE_KINDS, Filters
from dashboard.store import COLUMNS, NCMEC_REPORTS, Store, breakdown_kind
from validation import Dataset


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


def _alive(refs: list[weakref.ref]) -> list[pd.DataFrame]:
    """The results still held by someone other than the test (the store's cache)."""
    gc.collect()
    return [frame for frame in (ref() for ref in refs) if frame is not None]


def test_query_results_are_kept_for_the_next_caller_and_stay_correct(dataset):
    fresh = Store(dataset)
    f = Filters((NCMEC_REPORTS,), 2020, 2020)
    kept = weakref.ref(fresh.query(f))
    assert _alive([kept]), "the result was let go: nothing is cached"
    pd.testing.assert_frame_equal(fresh.query(f), _plain_filter(fresh.frame, f))


def test_the_query_cache_is_bounded_by_rows(dataset):
    """Results of many large queries are let go once they hold more than CACHE_ROWS rows;
    up to that bound they are kept."""
    fresh = Store(dataset)
    per_query, bound = len(fresh.frame), store_module.CACHE_ROWS
    everything = [Filters(year_from=y, source_kinds=SOURCE_KINDS)
                  for y in range(1900, 1902 + 2 * bound // per_query)]
    refs = [weakref.ref(fresh.query(f)) for f in everything]
    assert all(len(fresh.query(f)) == per_query for f in everything[-1:])
    rows = sum(len(frame) for frame in _alive(refs))
    assert bound - per_query < rows <= bound, (rows, bound)


def test_the_query_cache_is_bounded_by_entries(dataset):
    fresh = Store(dataset)
    refs = [weakref.ref(fresh.query(Filters((f"no_such_{i}",))))
            for i in range(store_module.CACHE_SIZE + 50)]
    assert len(_alive(refs)) == store_module.CACHE_SIZE


def test_the_query_cache_lets_go_of_the_least_recently_used_first(dataset):
    fresh = Store(dataset)
    used, unused = Filters((NCMEC_REPORTS,), 2021, 2021), Filters((NCMEC_REPORTS,), 2022, 2022)
    used_ref, unused_ref = weakref.ref(fresh.query(used)), weakref.ref(fresh.query(unused))
    for i in range(store_module.CACHE_SIZE + 10):
        fresh.query(Filters((f"no_such_{i}",)))
        fresh.query(used)  # asked for again and again: stays
    assert _alive([used_ref]) and not _alive([unused_ref])
    pd.testing.assert_frame_equal(fresh.query(unused), _plain_filter(fresh.frame, unused))


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
    got = store.query(f)
    pd.testing.assert_frame_equal(got, _plain_filter(frame, f))


def test_results_come_sorted_by_indicator_period_geography_breakdown_source(store):
    keys = ["indicator_id", "period_end", "geography", "breakdown", "source_id"]
    every = store.query(Filters(source_kinds=SOURCE_KINDS))
    assert len(every) == store.dataset.row_counts()["observations"]
    assert every.equals(every.sort_values(keys, kind="stable").reset_index(drop=True))
    asked = store.query(Filters(("arachnid_notifications", NCMEC_REPORTS)))
    assert list(dict.fromkeys(asked["indicator_id"])) == ["arachnid_notifications", NCMEC_REPORTS]


# README's budget: 1M rows in a worker under 600 MB, baseline included; the store gets less.
STORE_BYTES_PER_ROW = 600


def test_the_store_holds_a_large_dataset_within_its_memory_budget(dataset):
    """Memory the store keeps per observation (Python objects, numpy and Arrow buffers), on
    the real rows repeated twenty times, each with its own quote as real rows have."""
    frames = {name: dataset.table(name) for name in dataset.row_counts()}
    obs = pd.concat([frames["observations"]] * 20, ignore_index=True)
    obs["quote"] = [f"{q} ({i})" for i, q in enumerate(obs["quote"])]
    big = Dataset(dataset.data_dir, "big", {**frames, "observations": obs})
    gc.collect()
    tracemalloc.start()
    try:
        python_before, arrow_before = tracemalloc.get_traced_memory()[0], pa.total_allocated_bytes()
        held = Store(big)
        gc.collect()
        used = (tracemalloc.get_traced_memory()[0] - python_before
                + pa.total_allocated_bytes() - arrow_before)
    finally:
        tracemalloc.stop()
    assert len(held.query(Filters(source_kinds=SOURCE_KINDS))) == len(obs)
    assert used / len(obs) < STORE_BYTES_PER_ROW, f"{used / len(obs):.0f} bytes per row"


def test_a_querys_rows_are_every_row_its_filters_name_and_no_other(store):
    """The indexed selection (year slices within each indicator, codes for the rest) against
    a plain scan of the whole table."""
    import random

    from dashboard import queries

    frame = store.frame
    indicators = sorted(set(frame["indicator_id"]))
    geos = sorted(set(frame["geography"]))
    rng = random.Random(11)  # noqa: S311 (reproducible test filters)
    for _ in range(60):
        picked = tuple(rng.sample(indicators, rng.choice([0, 1, 2])))
        lo = rng.choice([None, 2015, 2019, 2022])
        hi = rng.choice([None, 2018, 2021, 2024])
        where = tuple(rng.sample(geos, rng.choice([0, 1, 3])))
        f = Filters(picked, lo, hi, where, source_kinds=("primary", "secondary", "unverified"))
        want = np.ones(len(frame), dtype=bool)
        if picked:
            want &= frame["indicator_id"].isin(picked).to_numpy()
        if lo is not None:
            want &= (frame["year"] >= lo).to_numpy()
        if hi is not None:
            want &= (frame["year"] <= hi).to_numpy()
        if where:
            want &= frame["geography"].isin(where).to_numpy()
        got = queries.positions(store._index, store.companies, f)
        expected = np.flatnonzero(want)
        if picked:  # rows come indicator by indicator, in the order asked
            order = {i: k for k, i in enumerate(picked)}
            expected = expected[np.argsort([order[i] for i in frame["indicator_id"].to_numpy()[
                expected]], kind="stable")]
        assert got.tolist() == expected.tolist(), f
