"""Companies as entities: one company across the names each year's table printed (#13)."""

from __future__ import annotations

import csv
import importlib
import io

import pandas as pd
import pytest

from dashboard import derived
from dashboard.query import Filters, parse
from dashboard.store import NCMEC_REPORTS, Companies

EXTRACT = "/api/extract.csv?indicator=ncmec_cybertipline_reports"


def _rows(body: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(body.decode("utf-8-sig"))))


def test_instagram_by_id_returns_its_rows_whatever_each_table_printed(client):
    r = client.get(f"{EXTRACT}&breakdown=instagram&from=2021&to=2023")
    assert r.status_code == 200
    rows = _rows(r.data)
    assert [(x["period_end"][:4], x["value"]) for x in rows] == [
        ("2021", "3393654"), ("2022", "5007902"), ("2023", "11430007")]
    assert [x["breakdown"] for x in rows] == ["Instagram", "Instagram, Inc.", "Instagram, Inc."]
    assert {(x["company_id"], x["company"], x["parent_company_id"]) for x in rows} == {
        ("instagram", "Instagram", "meta")}


def test_meta_returns_its_members_and_the_combined_rows_never_new_meta_ab(client):
    rows = _rows(client.get(f"{EXTRACT}&breakdown=meta&from=2019&to=2023").data)
    companies = {x["company_id"] for x in rows}
    assert companies == {"meta", "facebook", "instagram", "whatsapp", "threads", "oculus"}
    combined = [(x["period_end"][:4], x["breakdown"], x["value"]) for x in rows
                if x["company_id"] == "meta"]
    assert combined == [("2019", "Facebook", "15884511"), ("2020", "Facebook", "20307216")]
    assert not any("New Meta" in x["breakdown"] for x in rows)


def test_x_keeps_both_printed_rows_of_2023_in_the_extract(client):
    rows = _rows(client.get(f"{EXTRACT}&breakdown=x&from=2023&to=2023").data)
    assert sorted((x["breakdown"], x["value"]) for x in rows) == [
        ("Twitter, Inc. / Vine.co", "597087"), ("X Corp", "273416")]


@pytest.mark.parametrize("value", ["total", "reporter:esp", "reporter:public"])
def test_parts_that_are_no_company_keep_working(client, value):
    r = client.get(f"{EXTRACT}&breakdown={value}&from=2021&to=2021")
    assert r.status_code == 200 and len(_rows(r.data)) >= 1
    assert {x["breakdown"] for x in _rows(r.data)} == {value}


def test_an_old_link_with_a_printed_name_is_read_as_the_company_with_a_notice(store):
    parsed = parse({"breakdown": "Snapchat,Instagram"}, store.vocabulary)
    assert parsed.filters.breakdowns == ("snap", "instagram")
    assert parsed.errors == []
    assert "Snapchat → snap" in parsed.notices[0]


def test_an_old_link_with_a_printed_name_still_downloads(client):
    r = client.get(f"{EXTRACT}&breakdown=Snapchat&from=2019&to=2019")
    assert r.status_code == 200 and _rows(r.data)[0]["company_id"] == "snap"


def test_an_ambiguous_printed_name_is_not_guessed(store):
    # "Facebook" is Meta's combined line in 2019-2020 and Facebook's own from 2021.
    assert "Facebook" not in store.vocabulary.aliases
    assert parse({"breakdown": "Facebook"}, store.vocabulary).errors


# -- the derived lines, on hand-made frames ---------------------------------------------------

TREE = Companies(pd.DataFrame({
    "company_id": ["grp", "a", "b", "solo"], "name": ["Group", "A", "B", "Solo"],
    "parent_id": ["", "grp", "grp", ""], "note": [""] * 4}))


def _frame(rows: list[tuple]) -> pd.DataFrame:
    """(year, printed name, company id, scope, value, qualifier) -> query-shaped rows."""
    out = []
    for year, printed, company, scope, value, qualifier in rows:
        out.append({"indicator_id": "ind", "period_start": pd.Timestamp(f"{year}-01-01"),
                    "period_end": pd.Timestamp(f"{year}-12-31"), "year": year,
                    "geography": "WLD", "breakdown": printed, "entity": company,
                    "company_id": company, "company": TREE.names[company], "scope": scope,
                    "value": float(value), "qualifier": qualifier, "source_id": f"s{year}",
                    "secondary": False, "breakdown_kind": "company"})
    return pd.DataFrame(out)


def test_two_printed_rows_of_one_company_are_one_labelled_sum():
    df = _frame([(2023, "A Corp", "a", "company", 10, "exact"),
                 (2023, "A / Old", "a", "company", 5, "at_least")])
    out = derived.chart_rows(df, TREE).frame()
    assert len(out) == 1
    row = out.iloc[0]
    assert (row["value"], row["computed"], row["parts"], row["qualifier"]) == (
        15, True, 2, "at_least")
    assert row["printed"] == "A Corp; A / Old"


def test_a_single_printed_row_is_drawn_as_printed():
    out = derived.chart_rows(_frame([(2021, "A", "a", "company", 7, "exact")]), TREE)
    assert out["computed"].tolist() == [False] and out["value"].tolist() == [7]


def test_a_selected_parent_draws_the_printed_combined_figure_else_its_members_sum():
    df = _frame([(2019, "A*", "grp", "group", 100, "exact"),
                 (2021, "A", "a", "company", 60, "exact"),
                 (2021, "B", "b", "company", 30, "exact"),
                 (2021, "Solo", "solo", "company", 9, "exact")])
    out = derived.chart_rows(df, TREE, ("grp",)).frame()
    group = out[out["entity"] == "group:grp"].sort_values("year")
    assert group[["year", "value", "computed"]].values.tolist() == [
        [2019, 100, False], [2021, 90, True]]
    assert sorted(out.loc[out["entity"].isin(["a", "b"]), "value"]) == [30, 60]
    assert "solo" in set(out["entity"])


def test_a_combined_figure_is_the_groups_line_even_unselected():
    out = derived.chart_rows(_frame([(2019, "A*", "grp", "group", 100, "exact")]), TREE)
    assert out["entity"].tolist() == ["group:grp"] and not out["computed"].any()


def test_members_are_not_summed_where_the_group_is_not_selected():
    df = _frame([(2021, "A", "a", "company", 60, "exact"),
                 (2021, "B", "b", "company", 30, "exact")])
    assert "group:grp" not in set(derived.chart_rows(df, TREE)["entity"])


def test_a_parent_selects_its_whole_group():
    assert set(TREE.expand(("grp", "total"))) == {"grp", "a", "b", "total"}
    assert TREE.expand(("a",)) == ("a",)


# -- the explorer ----------------------------------------------------------------------------

def test_company_options_group_members_under_their_parent_with_years(store):
    explore = importlib.import_module("pages.explore")  # as Dash registered it

    options = explore._breakdown_options(store, [NCMEC_REPORTS], [], "en")
    labels = {o["value"]: o["label"] for o in options}
    values = [o["value"] for o in options]
    assert labels["meta"].startswith("Meta (group) (2019–")
    assert labels["instagram"].startswith("Meta › Instagram (2021–")
    assert values.index("meta") < values.index("facebook") < values.index("instagram")
    assert "," not in "".join(v for v in values if v not in ("total",))  # ids only
    assert labels["new-meta-ab"] == "New Meta AB (2022–2023)"


def test_one_company_is_one_line_across_its_printed_names(app, store):
    explore = importlib.import_module("pages.explore")  # as Dash registered it

    f = Filters((NCMEC_REPORTS,), 2019, 2023, ("WLD",), ("x", "tiktok"))
    fig = explore.view(store, f, False, "en").figure
    lines = {tr["name"]: tr for tr in fig["data"]}
    assert set(lines) == {"X (formerly Twitter)", "TikTok"}
    assert lines["X (formerly Twitter)"]["x"] == [2019, 2020, 2021, 2022, 2023]
    assert lines["X (formerly Twitter)"]["y"][-1] == 273416 + 597087
    assert "Sum computed here of 2 printed rows" in lines["X (formerly Twitter)"][
        "customdata"][-1][0]
    assert "Printed as TikTok Inc." in lines["TikTok"]["customdata"][-1][0]


def test_top_companies_over_a_span_rank_companies_not_printed_names(app, store):
    explore = importlib.import_module("pages.explore")  # as Dash registered it

    f = Filters((NCMEC_REPORTS,), 2019, 2023, ("WLD",))
    fig = explore.view(store, f, False, "en").figure
    names = [tr["name"] for tr in fig["data"]]
    assert "Instagram" in names and "Instagram, Inc." not in names
    assert "8 companies with the most over 2019–2023" in fig["layout"]["title"]["text"]
