"""dashboard.delivery: compressed text responses, content-hashed static addresses cached for a
year, precompressed files, and no AG Grid on the wall."""

from __future__ import annotations

import gzip
import json
import re

import brotli
import pytest
from flask import Response

from dashboard import delivery
from tests.dashboard.test_security import post, router_body

BR = {"Accept-Encoding": "gzip, deflate, br"}
SCRIPT = re.compile(r'<script src="(/[^"]+)"')


def decoded(resp) -> bytes:
    enc = resp.headers.get("Content-Encoding")
    data = resp.get_data()
    return brotli.decompress(data) if enc == "br" else gzip.decompress(data) if enc else data


@pytest.fixture()
def warm(client):
    client.get("/")
    return client


@pytest.mark.parametrize("accept,expected", [
    ("gzip, deflate, br", "br"), ("gzip", "gzip"), ("br;q=0, gzip", "gzip"),
    ("identity", None), ("", None), ("*", "br"), ("gzip;q=x", None)])
def test_encoding_follows_accept_encoding(accept, expected):
    assert delivery.choose_encoding(accept) == expected


def test_pages_callbacks_and_extracts_are_compressed(warm):
    page = warm.get("/explore", headers=BR)
    assert page.headers["Content-Encoding"] == "br" and "Accept-Encoding" in page.headers["Vary"]
    assert b"_dash-config" in decoded(page)

    cb = warm.post("/_dash-update-component", data=json.dumps(router_body("/explore", "")),
                   content_type="application/json", headers={"Accept-Encoding": "gzip"})
    plain = post(warm, router_body("/explore", ""))
    assert cb.status_code == 200, (cb.status_code, cb.headers, cb.get_data()[:300])
    assert cb.headers["Content-Encoding"] == "gzip" and "Content-Encoding" not in plain.headers
    assert json.loads(decoded(cb)) == json.loads(plain.get_data())
    assert len(cb.get_data()) < len(plain.get_data()) / 3

    csv = warm.get("/api/extract.csv?indicator=ncmec_cybertipline_reports", headers=BR)
    assert csv.headers["Content-Encoding"] == "br" and decoded(csv).startswith("\ufeff".encode())
    assert csv.headers["ETag"].startswith('W/"')  # another representation of the same bytes
    again = warm.get("/api/extract.csv?indicator=ncmec_cybertipline_reports",
                     headers={**BR, "If-None-Match": csv.headers["ETag"]})
    assert again.status_code == 304


def test_streamed_and_binary_responses_are_not_compressed(app):
    with app.server.test_request_context(headers=BR):
        streamed = delivery.compress_response(Response(iter([b"x" * 4000]), mimetype="text/csv"))
        assert "Content-Encoding" not in streamed.headers and streamed.is_streamed
        events = delivery.compress_response(Response(b"x" * 4000, mimetype="text/event-stream"))
        assert "Content-Encoding" not in events.headers
        zipped = delivery.compress_response(Response(b"PK" * 4000, mimetype="application/zip"))
        assert "Content-Encoding" not in zipped.headers


def test_static_addresses_carry_the_content_hash_and_live_a_year(warm):
    page = decoded(warm.get("/explore")).decode()
    scripts = SCRIPT.findall(page)
    assert scripts and all(re.search(r"\.v0m[0-9a-f]{16}\.", s) for s in scripts), scripts
    plotly = next(s for s in scripts if "plotly-dashboard" in s)
    resp = warm.get(plotly, headers=BR)
    assert resp.status_code == 200 and resp.headers["Content-Encoding"] == "br"
    assert resp.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    assert "Accept-Encoding" in resp.headers["Vary"]
    assert brotli.decompress(resp.get_data()).startswith(b"/*! plotly.js")
    assert warm.get(plotly, headers={**BR, "If-None-Match": resp.headers["ETag"]}).status_code \
        == 304
    stale = plotly.replace(re.search(r"v0m[0-9a-f]{16}", plotly)[0], "v0m0123456789abcdef")
    assert warm.get(stale).headers["Cache-Control"] == "public, max-age=3600"
    assert warm.get("/assets/../app.py").status_code == 404


def test_the_wall_loads_no_ag_grid_and_the_explorer_does(warm):
    wall = decoded(warm.get("/briefing")).decode()
    explore = decoded(warm.get("/explore")).decode()
    assert not [s for s in SCRIPT.findall(wall) if "dash_ag_grid" in s]
    assert [s for s in SCRIPT.findall(explore) if "dash_ag_grid" in s]
