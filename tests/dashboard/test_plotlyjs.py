"""The trimmed plotly.js in dashboard/assets/: the version the Python figures are built for, and
every trace type the app draws registered in it."""

import importlib
import re
from pathlib import Path

import plotly.offline
import pytest

from dashboard import figures, state
from dashboard.query import Filters

BUNDLE = Path(__file__).resolve().parents[2] / "dashboard" / "assets" / "plotly-dashboard.min.js"


@pytest.fixture(scope="module")
def bundle() -> str:
    return BUNDLE.read_text(encoding="utf-8")


def registered(text: str) -> set[str]:
    return set(re.findall(r'moduleType:"trace",name:"(\w+)"', text))


def test_bundle_is_the_plotlyjs_version_the_python_package_ships(bundle):
    versions = set(re.findall(r'\.version="(\d+\.\d+\.\d+)"', bundle))
    assert versions == {plotly.offline.get_plotlyjs_version()}, (
        f"{BUNDLE.name} holds plotly.js {versions}; plotly (Python) ships "
        f"{plotly.offline.get_plotlyjs_version()}: run `make plotlyjs`")
    assert bundle.startswith(f"/*! plotly.js {plotly.offline.get_plotlyjs_version()} (MIT)")


def test_bundle_is_trimmed_to_the_trace_types_it_registers(bundle):
    assert registered(bundle) == {"scatter", "bar", "choropleth"}
    assert len(bundle) < len(plotly.offline.get_plotlyjs()) / 2


def _trace_types(fig) -> set[str]:
    data = fig["data"] if isinstance(fig, dict) else fig.to_plotly_json()["data"]
    return {t.get("type", "scatter") for t in data}


def _figures_in(node) -> list:
    """Every `figure` prop in a Dash layout tree."""
    found = []
    if hasattr(node, "to_plotly_json"):
        node = node.to_plotly_json()
    if isinstance(node, dict):
        props = node.get("props", node)
        if isinstance(props, dict) and "figure" in props:
            found.append(props["figure"])
        for value in (props.values() if isinstance(props, dict) else []):
            found += _figures_in(value)
    elif isinstance(node, (list, tuple)):
        for item in node:
            found += _figures_in(item)
    return found


def test_every_chart_the_app_draws_uses_a_registered_trace_type(app, bundle):
    store = state.store()
    drawn: set[str] = set()
    kinds: set[str] = set()
    for indicator in store.indicators.index:
        for geos in ((), ("CAN", "PHL"), ("WLD",)):
            df = store.query(Filters(indicators=(indicator,), geographies=geos))
            kinds.add(figures.plan(df, len(geos)).kind)
            drawn |= _trace_types(figures.build(df, events=store.events,
                                                geographies_filtered=len(geos)))
    app.server.test_client().get("/")  # the pages are imported on the first request
    for name in ("overview", "briefing"):
        for fig in _figures_in(importlib.import_module(f"pages.{name}").layout()):
            drawn |= _trace_types(fig)
    assert kinds >= {"map", "bars", "line", "step"}, kinds
    assert drawn and drawn <= registered(bundle), drawn - registered(bundle)


def test_bundle_registers_the_french_locale_and_french_pages_select_it(bundle, client):
    """French modebar, hovers and dates: plotly.js's own fr locale, chosen by config.locale."""
    assert set(re.findall(r'moduleType:"locale",name:"([\w-]+)"', bundle)) == {"en", "en-US", "fr"}
    assert 'Reset:"R\\xE9initialiser"' in bundle  # the modebar's "Reset", in French
    import json

    from dashboard import components

    assert components.graph({}, "fr").config["locale"] == "fr"
    # The page's language decides, never the request's own reading of ?lang= (a cached page
    # keyed English must not carry French menus: '?lang=fr&lang=' read two ways).
    with client.application.test_request_context("/explore?lang=fr"):
        assert components.graph({}, "en").config["locale"] == "en"
    # A page's own config adds to the shared one, never drops it (map shapes stay local).
    static = components.graph({}, "fr", config={"staticPlot": True}).config
    assert static["staticPlot"] is True and static["topojsonURL"] == "/assets/topojson/"
    assert static["locale"] == "fr"
    assert json.dumps(components.GRAPH_CONFIG)  # the shared config itself is untouched
    assert "locale" not in components.GRAPH_CONFIG
