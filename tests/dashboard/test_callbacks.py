"""Explorer callbacks called as the browser would, including with broken payloads."""

import pytest


@pytest.fixture(scope="module")
def explore(app):
    import importlib

    return importlib.import_module("pages.explore")


def test_update_view_returns_chart_table_and_links(explore):
    out = explore.update_view(["ncmec_cybertipline_reports"], 2019, 2023, ["CAN", "PHL"], [],
                              [], [])
    fig, summary, rows, _caveats, count, download, api, share, qs, switch, image = out
    assert [t["name"] for t in fig["data"]] == ["Canada", "Philippines"]
    assert image == f"/api/chart.png?{qs}"
    assert len(rows) == 10
    assert count == "10 figures match."
    assert qs == "indicator=ncmec_cybertipline_reports&from=2019&to=2023&geography=CAN,PHL"
    assert download == api == f"/api/extract.csv?{qs}"
    assert share == f"/explore?{qs}"
    assert summary.startswith("Line chart of CyberTipline reports received by NCMEC, 2019–2023")
    assert switch == ("/explore?indicator=ncmec_cybertipline_reports&from=2019&to=2023"
                      "&geography=CAN,PHL&lang=fr")


def test_update_view_in_french_translates_chart_table_and_keeps_lang_in_links(explore):
    out = explore.update_view(["ncmec_cybertipline_reports"], 2019, 2023, ["CAN", "USA"], [],
                              [], [], None, "fr")
    fig, summary, rows, _caveats, count, download, _api, share, qs, switch, _image = out
    assert [tr["name"] for tr in fig["data"]] == ["Canada", "États-Unis"]
    assert summary.startswith("Graphique linéaire : Signalements reçus")
    assert count == "10 chiffres correspondent."
    assert rows[0]["figure"] == "36\u202f908" and rows[0]["period"] == "2019"
    assert qs.endswith("&lang=fr") and share.endswith("&lang=fr") and download.endswith("lang=fr")
    assert "lang=" not in switch


@pytest.mark.parametrize(
    "payload",
    [
        (None, None, None, None, None, None, None, None),
        ("ncmec_cybertipline_reports", "abc", {"x": 1}, 5, [None, 3], "x", "on", "blog"),
        ([{"a": 1}], 1e9, -5, ["'; DROP"], [["nested"]], [object()], {"on": 1}, [{"k": 1}]),
    ],
    ids=["all-none", "wrong-types", "hostile"],
)
def test_broken_payloads_never_raise(explore, payload):
    out = explore.update_view(*payload)
    assert len(out) == 11
    opts = explore.update_options(payload[0], payload[3], payload[4], payload[5])
    assert len(opts) == 3


def test_layout_with_hostile_parameters_renders_with_a_notice(explore):
    page = explore.layout(**{"from": "99999", "geography": ["CAN", "<b>"], "x" * 300: "1"})
    text = " | ".join(_texts(page))
    assert "Ignored 'from=99999'" in text
    assert "Ignored unknown geography value(s): <b>." in text


def _texts(node) -> list[str]:
    """Every text child in a component tree (what a reader would see)."""
    if isinstance(node, str):
        return [node]
    if isinstance(node, (list, tuple)):
        return [t for child in node for t in _texts(child)]
    children = getattr(node, "children", None)
    return _texts(children) if children is not None else []


def test_the_milestones_toggle_adds_dated_events_to_time_axes(explore):
    args = (["ncmec_cybertipline_reports"], 2015, 2023, ["WLD"], ["total"], [])
    without = explore.update_view(*args, 0)[0]
    with_events = explore.update_view(*args, 1)[0]
    assert "Milestone" not in [tr.get("name") for tr in without["data"]]
    assert "Milestone" in [tr.get("name") for tr in with_events["data"]]
    assert [explore.press_milestones(n) for n in (0, 1, 2, None, True)] == [
        "false", "true", "false", "false", "false"]


def test_views_are_cached_per_filters_language_and_data_version(explore, store):
    from dashboard.query import Filters

    f = Filters(("ncmec_cybertipline_reports",), 2020, 2021, ("CAN",))
    first = explore.view(f, False, "en", store.version)
    assert explore.view(f, False, "en", store.version) is first
    assert explore.view(f, False, "fr", store.version) is not first
    assert explore.view(f, False, "en", "another-version") is not first


def test_a_large_view_caps_the_table_and_says_so(explore):
    from dashboard import state
    from dashboard.query import Filters

    everything = state.store().query(Filters())
    assert len(everything) > explore.GRID_MAX_ROWS
    out = explore.update_view([], None, None, [], [], [], 0)
    _fig, _summary, rows, _caveats, count, *_ = out
    assert len(rows) == explore.GRID_MAX_ROWS
    assert count == (f"{len(everything):,} figures match. The table shows the first "
                     f"{explore.GRID_MAX_ROWS:,}; the download holds all.")
    first = everything.iloc[0]
    assert rows[0]["quote"] == first["quote"] and rows[0]["value"] == first["value"]
    assert rows[-1]["quote"] == everything.iloc[explore.GRID_MAX_ROWS - 1]["quote"]
    assert rows[0]["geography"] == f"{first['geography_name']} ({first['geography']})"
