"""Explorer callbacks called as the browser would, including with broken payloads."""

import copy

import numpy as np
import pytest

from dashboard import ids
from dashboard.query import Filters


@pytest.fixture(scope="module")
def explore(app):
    import importlib

    return importlib.import_module("pages.explore")


def _callback(app, output: str) -> tuple[str, dict]:
    """The registered callback that sets `output` ('component-id.property')."""
    for key, spec in app.callback_map.items():
        if output in key.strip(".").split("..."):
            return key, spec
    raise AssertionError(f"no callback sets {output}")


def fire(client, app, output: str, values: dict[str, object]) -> dict[str, object]:
    """Run the callback that sets `output` as the browser does (POST /_dash-update-component),
    with `values` by component id (missing ones are None); its outputs by 'id.property'."""
    client.get("/")
    key, spec = _callback(app, output)
    outputs = [dict(zip(("id", "property"), o.rsplit(".", 1), strict=True))
               for o in key.strip(".").split("...")]
    given = lambda items: [{**i, "value": values.get(i["id"])} for i in items]  # noqa: E731
    body = {"output": key, "outputs": outputs if len(outputs) > 1 else outputs[0],
            "inputs": given(spec["inputs"]), "state": given(spec["state"]),
            "changedPropIds": [f"{i['id']}.{i['property']}" for i in spec["inputs"]]}
    r = client.post("/_dash-update-component", json=body)
    assert r.status_code == 200, r.data[:300]
    return {f"{cid}.{prop}": value for cid, props in r.get_json()["response"].items()
            for prop, value in props.items()}


def view_of(client, app, **values) -> dict[str, object]:
    """The explorer's outputs for filter values given by id name (indicator=..., lang=...)."""
    by_id = {ids.INDICATOR: values.get("indicator"), ids.YEAR_FROM: values.get("year_from"),
             ids.YEAR_TO: values.get("year_to"), ids.GEOGRAPHY: values.get("geo"),
             ids.BREAKDOWN: values.get("breakdown"), ids.SOURCE: values.get("source"),
             ids.MILESTONES: values.get("milestones"), ids.LANG_STORE: values.get("lang"),
             ids.MEASURE: values.get("measure"), ids.BASE: values.get("base"),
             ids.SCALE: values.get("scale")}
    return fire(client, app, f"{ids.CHART}.figure", by_id)


def test_update_view_returns_chart_table_and_links(client, app):
    out = view_of(client, app, indicator=["ncmec_cybertipline_reports"], year_from=2019,
                  year_to=2023, geo=["CAN", "PHL"], breakdown=[], source=[])
    qs = out[f"{ids.QUERY_STORE}.data"]
    assert [t["name"] for t in out[f"{ids.CHART}.figure"]["data"]] == ["Canada", "Philippines"]
    assert len(out[f"{ids.TABLE}.rowData"]) == 10
    assert out[f"{ids.ROW_COUNT}.children"] == "10 figures match."
    assert out[f"{ids.IMAGE_LINK}.href"] == f"/api/chart.png?{qs}"
    assert qs == "indicator=ncmec_cybertipline_reports&from=2019&to=2023&geography=CAN,PHL"
    assert out[f"{ids.DOWNLOAD}.href"] == out[f"{ids.API_LINK}.href"] == f"/api/extract.csv?{qs}"
    assert out[f"{ids.SHARE_LINK}.href"] == f"/explore?{qs}"
    assert out[f"{ids.CHART_SUMMARY}.children"].startswith(
        "Line chart of CyberTipline reports received by NCMEC, 2019–2023")
    assert out[f"{ids.LANG_SWITCH}.href"] == (
        "/explore?indicator=ncmec_cybertipline_reports&from=2019&to=2023&geography=CAN,PHL"
        "&lang=fr")


def test_update_view_in_french_translates_chart_table_and_keeps_lang_in_links(client, app):
    out = view_of(client, app, indicator=["ncmec_cybertipline_reports"], year_from=2019,
                  year_to=2023, geo=["CAN", "USA"], lang="fr")
    rows = out[f"{ids.TABLE}.rowData"]
    assert [tr["name"] for tr in out[f"{ids.CHART}.figure"]["data"]] == ["Canada", "États-Unis"]
    assert out[f"{ids.CHART_SUMMARY}.children"].startswith(
        "Graphique linéaire : Signalements reçus")
    assert out[f"{ids.ROW_COUNT}.children"] == "10 chiffres correspondent."
    assert rows[0]["figure"] == "36\u202f908" and rows[0]["period"] == "2019"
    assert out[f"{ids.QUERY_STORE}.data"].endswith("&lang=fr")
    assert out[f"{ids.SHARE_LINK}.href"].endswith("&lang=fr")
    assert out[f"{ids.DOWNLOAD}.href"].endswith("lang=fr")
    assert "lang=" not in out[f"{ids.LANG_SWITCH}.href"]


HOSTILE = {"__proto__": {"polluted": 1}}


@pytest.mark.parametrize(
    ("payload", "clean"),
    [
        ({}, {}),
        ({"indicator": "ncmec_cybertipline_reports", "year_from": "abc", "year_to": {"x": 1},
          "geo": 5, "breakdown": [None, 3], "source": "x", "milestones": "on"},
         {"indicator": "ncmec_cybertipline_reports"}),
        ({"indicator": [{"a": 1}], "year_from": 1e9, "year_to": -5, "geo": ["'; DROP"],
          "breakdown": [["nested"]], "source": [HOSTILE], "milestones": {"on": 1},
          "lang": ["<script>"]}, {}),
    ],
    ids=["all-none", "wrong-types", "hostile"],
)
def test_broken_payloads_are_ignored_and_the_rest_applies(client, app, payload, clean):
    """A broken value never raises: the view is the one the valid values alone give."""
    out = view_of(client, app, **payload)
    assert out == view_of(client, app, **clean)
    assert out[f"{ids.CHART}.figure"]["data"] and "Traceback" not in str(out)
    assert out[f"{ids.QUERY_STORE}.data"] == (
        "indicator=ncmec_cybertipline_reports" if clean else "")
    opts = fire(client, app, f"{ids.GEOGRAPHY}.options", {
        ids.INDICATOR: payload.get("indicator"), ids.GEOGRAPHY: payload.get("geo"),
        ids.BREAKDOWN: payload.get("breakdown"), ids.SOURCE: payload.get("source"),
        ids.LANG_STORE: payload.get("lang")})
    assert opts == fire(client, app, f"{ids.GEOGRAPHY}.options", {
        ids.INDICATOR: clean.get("indicator")})


def test_layout_with_hostile_parameters_renders_with_a_notice(explore):
    page = explore.layout(**{"from": "99999", "geography": ["CAN", "<b>"], "x" * 300: "1"})
    text = " | ".join(_texts(page))
    assert "Ignored 'from=99999'" in text
    assert "Ignored unknown geography value(s): <b>." in text


def _texts(node) -> list[str]:
    """Every text child in a component tree or its JSON form (what a reader would see)."""
    if isinstance(node, str):
        return [node]
    if isinstance(node, (list, tuple)):
        return [t for child in node for t in _texts(child)]
    if isinstance(node, dict):  # a tree as Dash sends it (cached layouts are kept so)
        node = node.get("props", {})
        children = node.get("children")
    else:
        children = getattr(node, "children", None)
    return _texts(children) if children is not None else []


def test_the_milestones_toggle_adds_dated_events_to_time_axes(client, app, explore):
    args = {"indicator": ["ncmec_cybertipline_reports"], "year_from": 2015, "year_to": 2023,
            "geo": ["WLD"], "breakdown": ["total"]}
    without = view_of(client, app, **args, milestones=0)[f"{ids.CHART}.figure"]
    with_events = view_of(client, app, **args, milestones=1)[f"{ids.CHART}.figure"]
    assert "Milestone" not in [tr.get("name") for tr in without["data"]]
    assert "Milestone" in [tr.get("name") for tr in with_events["data"]]
    assert [explore.press_milestones(n) for n in (0, 1, 2, None, True)] == [
        "false", "true", "false", "false", "false"]


def test_views_are_cached_per_filters_language_and_data_version(explore, store):
    f = Filters(("ncmec_cybertipline_reports",), 2020, 2021, ("CAN",))
    first = explore.view(store, f, False, "en")
    assert explore.view(store, f, False, "en") is first
    assert explore.view(store, f, False, "fr") is not first
    assert explore.view(store, f, True, "en") is not first
    reloaded = copy.copy(store)
    reloaded.version = "another-version"
    assert explore.view(reloaded, f, False, "en") is not first


def test_a_view_is_read_from_one_store_snapshot(explore, store, monkeypatch):
    """A reload between two reads of the store would cache the new data under the old data
    version: the callback reads the store once, and keys and builds the view from it."""
    from dashboard import state

    reloaded = copy.copy(store)
    reloaded.version = "reloaded"
    reloaded.query = lambda f: store.query(f).iloc[:0]  # the new data holds no such rows
    reads = iter([store, reloaded])  # a second read would see the reload
    monkeypatch.setattr(state, "store", lambda: next(reads))
    out = explore.update_view(["ncmec_cybertipline_reports"], 2020, 2021, ["CAN"], [], [], 0)
    f = Filters(("ncmec_cybertipline_reports",), 2020, 2021, ("CAN",))
    expected = explore.view(store, f, False, "en")  # from the cache, under the old version
    assert len(expected.rows) == 2
    assert out == tuple(getattr(expected, name) for name, _, _ in explore.VIEW_OUTPUTS)


def test_every_view_field_reaches_the_page_and_the_csv_link_is_shared(explore):
    fields = [name for name, _, _ in explore.VIEW_OUTPUTS]
    assert set(fields) == set(explore.View._fields)
    targets = [(cid, prop) for _, cid, prop in explore.VIEW_OUTPUTS]
    assert len(set(targets)) == len(targets)  # no property set twice
    assert ("extract", ids.DOWNLOAD, "href") in explore.VIEW_OUTPUTS
    assert ("extract", ids.API_LINK, "href") in explore.VIEW_OUTPUTS


def test_a_large_view_caps_the_table_and_says_so(client, app, explore):
    from dashboard import state
    from dashboard.query import Filters

    everything = state.store().query(Filters())
    assert len(everything) > explore.GRID_MAX_ROWS
    out = view_of(client, app, indicator=[], geo=[], breakdown=[], source=[], milestones=0)
    rows, count = out[f"{ids.TABLE}.rowData"], out[f"{ids.ROW_COUNT}.children"]
    assert len(rows) == explore.GRID_MAX_ROWS
    assert count == (f"{len(everything):,} figures match. The table shows the first "
                     f"{explore.GRID_MAX_ROWS:,}; the download holds all.")
    first = everything.iloc[0]
    assert rows[0]["quote"] == first["quote"] and rows[0]["value"] == first["value"]
    assert rows[-1]["quote"] == everything.iloc[explore.GRID_MAX_ROWS - 1]["quote"]
    assert rows[0]["geography"] == f"{first['geography_name']} ({first['geography']})"


def _text(node) -> str:
    """The text of a callback's component tree (JSON form)."""
    if isinstance(node, str):
        return node
    if isinstance(node, list):
        return " ".join(_text(n) for n in node)
    if isinstance(node, dict):
        return _text(node.get("props", {}).get("children", ""))
    return ""


def test_change_on_the_previous_year_is_labelled_computed_here_and_in_the_link(client, app):
    out = view_of(client, app, indicator=["ncmec_cybertipline_reports"], year_from=2019,
                  year_to=2023, geo=["CAN", "PHL"], breakdown=[], source=[],
                  measure="change_pct", scale="linear")
    fig = out[f"{ids.CHART}.figure"]
    assert fig["layout"]["title"]["text"] == (
        "CyberTipline reports received by NCMEC<br><i>Change on the previous year, computed "
        "here</i>")
    assert fig["layout"]["yaxis"]["title"]["text"] == "Change on the previous year (%)"
    canada = next(t for t in fig["data"] if t["name"] == "Canada")
    assert canada["x"][0] == 2020 and round(canada["y"][0], 2) == 17.45  # 43,350 / 36,908
    assert out[f"{ids.QUERY_STORE}.data"].endswith("&measure=change_pct")
    caveats = _text(out[f"{ids.CAVEATS}.children"])
    assert "computed here from the preferred figures" in caveats
    assert "WLD" not in caveats and "reporter:" not in caveats
    rows = out[f"{ids.TABLE}.rowData"]
    assert len(rows) == 10  # the table keeps the published figures
    assert rows[0]["source"] == ("National Center for Missing & Exploited Children (NCMEC): "
                                 "2019 CyberTipline Reports by Country")
    assert rows[0]["source_url"] == ("https://www.missingkids.org/content/dam/missingkids/"
                                     "pdfs/2019-cybertipline-reports-by-country.pdf")


def test_no_change_is_drawn_across_the_2024_counting_break(client, app):
    out = view_of(client, app, indicator=["ncmec_cybertipline_reports"], year_from=2021,
                  year_to=2025, geo=["WLD"], breakdown=["total"], source=[],
                  measure="change", scale="log")
    fig = out[f"{ids.CHART}.figure"]
    drawn = {x for t in fig["data"] for x in t["x"] if x}
    assert 2024 not in drawn and 2023 in drawn
    assert fig["layout"]["yaxis"]["type"] == "log"
    caveats = _text(out[f"{ids.CAVEATS}.children"])
    assert "Not computed across a change in how the source counts: CyberTipline reports " \
           "received by NCMEC 2024" in caveats


def test_a_map_asked_for_a_change_says_it_shows_the_published_figures(client, app):
    out = view_of(client, app, indicator=["ncmec_cybertipline_reports"], year_from=2023,
                  year_to=2023, geo=[], breakdown=[], source=[], measure="change")
    assert out[f"{ids.CHART}.figure"]["data"][0]["type"] == "choropleth"
    assert "computed for yearly series only" in _text(out[f"{ids.CAVEATS}.children"])


def test_a_log_scale_leaves_out_negative_changes_and_says_so(client, app):
    out = view_of(client, app, indicator=["ncmec_cybertipline_reports"], year_from=2019,
                  year_to=2023, geo=["CAN", "PHL"], breakdown=[], source=[],
                  measure="change", scale="log")
    drawn = [y for t in out[f"{ids.CHART}.figure"]["data"] for y in t["y"] if y is not None]
    assert drawn and min(drawn) > 0  # the Philippines' 2022 fall is not drawn on a log axis
    assert "cannot draw zero or negative values" in _text(out[f"{ids.CAVEATS}.children"])


def test_a_map_over_several_years_shows_the_latest_and_links_the_others(client, app):
    out = view_of(client, app, indicator=["ncmec_cybertipline_reports"], year_from=2021,
                  year_to=2023, geo=[], breakdown=[], source=[])
    assert out[f"{ids.CHART}.figure"]["layout"]["title"]["text"].endswith("2023")
    caveats = out[f"{ids.CAVEATS}.children"]
    assert "The map shows one year at a time: 2023." in _text(caveats)
    hrefs = [c["props"]["href"] for c in caveats[0]["props"]["children"]
             if isinstance(c, dict) and c.get("type") == "A"]
    assert hrefs == ["/explore?indicator=ncmec_cybertipline_reports&from=2021&to=2021",
                     "/explore?indicator=ncmec_cybertipline_reports&from=2022&to=2022"]


def test_the_caveats_name_indicators_resting_on_unverified_sources_alone(explore):
    from dashboard.rows import Rows

    rows = Rows({"indicator_id": np.array(["b", "a", "b", "c", "a"], dtype=object),
                 "source_kind": np.array(["unverified", "unverified", "primary", "secondary",
                                          "unverified"], dtype=object),
                 "indicator_name": np.array(["B", "A", "B", "C", "A"], dtype=object)})
    assert explore._only_unverified(rows, "en") == "A"
    assert explore._only_unverified(rows.where(rows["indicator_id"] != "a"), "en") == ""
    assert explore._only_unverified(rows.where(rows["source_kind"] == "unverified"),
                                    "en") == "A; B"
