"""Hostile requests get a 400 or a normal page, never a 5xx; every response carries the
security headers; a few thousand fuzzed requests prove it."""

from __future__ import annotations

import json
import os
import urllib.parse

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dashboard import security
from dashboard import settings as app_settings

ROUTER = "..\\_pages_content.children...\\_pages_store.data..".replace("\\", "")
VIEW = ("..explore-chart.figure...explore-chart-summary.children...explore-table.rowData..."
        "explore-caveats.children...explore-row-count.children...explore-download.href..."
        "explore-api-link.href...explore-share-link.href...explore-query.data..."
        "lang-switch.href...explore-image-link.href..")
FILTERS = ["f-indicator", "f-from", "f-to", "f-geography", "f-breakdown", "f-source",
           "f-milestones", "f-source-kind", "f-measure", "f-base", "f-scale"]


def router_body(pathname: object, search: object) -> dict:
    return {"output": ROUTER,
            "outputs": [{"id": "_pages_content", "property": "children"},
                        {"id": "_pages_store", "property": "data"}],
            "inputs": [{"id": "_pages_location", "property": "pathname", "value": pathname},
                       {"id": "_pages_location", "property": "search", "value": search}],
            "changedPropIds": ["_pages_location.pathname"], "state": []}


def view_body(values: list) -> dict:
    outputs = [{"id": o.split(".")[0], "property": o.split(".")[1]}
               for o in VIEW.strip(".").split("...")]
    return {"output": VIEW, "outputs": outputs,
            "inputs": [{"id": f, "property": "n_clicks" if f == "f-milestones" else "value",
                        "value": v} for f, v in zip(FILTERS, values, strict=True)],
            "changedPropIds": ["f-indicator.value"],
            "state": [{"id": "page-lang", "property": "data", "value": "en"}]}


@pytest.fixture()
def warm(client):
    client.get("/")  # Dash imports the pages (and their callbacks) on the first request
    return client


def post(client, body) -> object:
    data = body if isinstance(body, (bytes, str)) else json.dumps(body)
    return client.post("/_dash-update-component", data=data, content_type="application/json")


def test_every_response_carries_the_security_headers(warm):
    resp = warm.get("/explore")
    h = resp.headers
    csp = h["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "frame-ancestors 'self'" in csp
    assert "script-src 'self' 'sha256-" in csp and "unsafe-eval" not in csp
    assert "'unsafe-inline'" not in csp.split("script-src")[1].split(";")[0]
    assert h["X-Content-Type-Options"] == "nosniff"
    assert h["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert h["X-Frame-Options"] == "SAMEORIGIN"
    assert warm.get("/healthz").headers["Cache-Control"] == "no-store"


def test_assets_are_cacheable_and_pages_revalidate(warm):
    with warm.get("/assets/style.css") as asset:  # a file response: close it
        assert asset.headers["Cache-Control"] == "public, max-age=3600"
    assert warm.get("/").headers["Cache-Control"] == "no-cache"


def test_framing_can_be_opened_to_a_configured_origin(monkeypatch):
    monkeypatch.setattr(app_settings, "_values", app_settings.load(
        {"DASHBOARD_FRAME_ANCESTORS": "https://intranet.example"}))
    assert security.frame_ancestors() == "'self' https://intranet.example"
    with pytest.raises(app_settings.SettingError, match="DASHBOARD_FRAME_ANCESTORS"):
        app_settings.load({"DASHBOARD_FRAME_ANCESTORS": "https://intranet.example 'unsafe-inline'"})


def test_the_router_and_explorer_callbacks_answer_valid_bodies(warm):
    assert post(warm, router_body("/explore", "?from=2019&geography=CAN")).status_code == 200
    assert post(warm, view_body([["ncmec_cybertipline_reports"], 2019, 2023, ["CAN"], [], [],
                                 [], ["primary"], "change", None, "log"])).status_code == 200


def test_a_callback_body_with_too_few_inputs_gets_a_400_not_a_500(warm):
    """An old page (or a hand-made request) that sends fewer inputs than the callback takes."""
    body = view_body([["ncmec_cybertipline_reports"], 2019, 2023, ["CAN"], [], [], [],
                      ["primary"], "value", None, "linear"])
    body["inputs"] = body["inputs"][:-3]
    resp = post(warm, body)
    assert resp.status_code == 400
    assert resp.get_json() == {"error": "malformed callback request"}


@pytest.mark.parametrize(
    "body",
    [b"", b"not json", b"null", b"[]", b"5", b'"s"', b"{}", {"output": 5},
     {"output": "no.such", "inputs": []}, {**router_body("/", ""), "inputs": 5},
     {**router_body("/", ""), "inputs": [5]}, {**router_body("/", ""), "state": 5},
     {**router_body("/", ""), "outputs": 5}, {**router_body("/", ""), "changedPropIds": 5},
     {**router_body("/", ""), "changedPropIds": [5]}],
)
def test_malformed_callback_bodies_get_a_400(warm, body):
    resp = post(warm, body)
    assert resp.status_code == 400
    assert resp.get_json() == {"error": "malformed callback request"}


def test_oversized_bodies_and_addresses_are_refused(warm):
    assert post(warm, b"{" + b" " * (security.MAX_BODY_BYTES + 10) + b"}").status_code == 413
    assert warm.get("/explore?x=" + "a" * (security.MAX_URL_CHARS + 10)).status_code == 414


HOSTILE = st.one_of(
    st.text(max_size=60),
    st.sampled_from(["99999", "-1", "1e9", "2019.5", "<script>alert(1)</script>",
                     "'; DROP TABLE x;--", "../../etc/passwd", "%00", "\x00", "${jndi:x}",
                     "{{7*7}}", "CAN,PHL,CAN", ",,,", "ncmec_cybertipline_reports", "WLD",
                     "\udcff".encode("utf-8", "surrogatepass").decode("utf-8", "replace")]),
)
KEYS = st.one_of(st.sampled_from(["indicator", "from", "to", "geography", "breakdown", "source",
                                  "lang", "interval", "slides"]), st.text(max_size=12))
QUERY = st.lists(st.tuples(KEYS, HOSTILE), max_size=6)
JSONISH = st.recursive(st.none() | st.booleans() | st.integers() | st.floats() | HOSTILE,
                       lambda inner: st.lists(inner, max_size=4)
                       | st.dictionaries(st.text(max_size=5), inner, max_size=3), max_leaves=8)
# Per property; FUZZ_EXAMPLES=800 makes the full hostile run (about 4,000 requests).
EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "60"))
FUZZ = settings(max_examples=EXAMPLES, deadline=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture,
                                       HealthCheck.too_slow])


def _qs(pairs) -> str:
    return urllib.parse.urlencode(pairs)


@FUZZ
@given(pairs=QUERY, path=st.sampled_from(["/api/extract.csv", "/explore", "/briefing", "/",
                                          "/sources", "/healthz"]))
def test_fuzzed_query_strings_never_get_a_5xx(warm, pairs, path):
    resp = warm.get(f"{path}?{_qs(pairs)}")
    assert resp.status_code < 500
    if path == "/api/extract.csv" and resp.status_code == 400:
        assert resp.mimetype == "text/plain" and len(resp.data) < 4000


@FUZZ
@given(pairs=QUERY, path=st.sampled_from(["/explore", "/briefing", "/", "/sources", "/x"]))
def test_fuzzed_page_links_render_a_page(warm, pairs, path):
    resp = post(warm, router_body(path, "?" + _qs(pairs)))
    assert resp.status_code == 200


@FUZZ
@given(values=st.lists(JSONISH, min_size=len(FILTERS), max_size=len(FILTERS)))
def test_fuzzed_explorer_payloads_never_get_a_5xx(warm, values):
    assert post(warm, view_body(values)).status_code < 500


@FUZZ
@given(body=JSONISH)
def test_fuzzed_callback_bodies_never_get_a_5xx(warm, body):
    assert post(warm, body).status_code < 500


@settings(max_examples=EXAMPLES, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(raw=st.binary(max_size=80))
def test_raw_bytes_in_the_query_string_never_get_a_5xx(warm, raw):
    quoted = urllib.parse.quote_from_bytes(raw, safe="=&,")
    assert warm.get(f"/api/extract.csv?{quoted}").status_code < 500
    assert post(warm, router_body("/explore", "?" + quoted)).status_code == 200
