"""Response headers (CSP, nosniff, framing, caching) and guards that turn malformed requests
into a 400 instead of an error page."""

from __future__ import annotations

import dash
from dash import Dash
from flask import Response, jsonify, request

from dashboard import settings

MAX_BODY_BYTES = 512 * 1024
MAX_URL_CHARS = 8192
ASSET_MAX_AGE = 3600
# Dash's renderer and dcc inject <style> elements, and plotly.js sets style attributes, so
# styles need 'unsafe-inline'; scripts do not: inline ones are allowed by their hashes only.
STATIC_POLICY = [
    "default-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
]


def frame_ancestors() -> str:
    """Only the same origin may frame the app, unless DASHBOARD_FRAME_ANCESTORS says more."""
    return " ".join(["'self'", *settings.get("DASHBOARD_FRAME_ANCESTORS")])


class Policy:
    """The Content-Security-Policy, rebuilt when Dash registers more inline scripts (page
    modules and their clientside callbacks are imported on the first request)."""

    def __init__(self, app: Dash):
        self.app = app
        self._key: int | None = None
        self._value = ""

    def header(self) -> str:
        key = len(self.app.callback_map)
        if key != self._key:
            hashes = " ".join(self.app.csp_hashes())
            self._value = "; ".join([*STATIC_POLICY, f"script-src 'self' {hashes}",
                                     f"frame-ancestors {frame_ancestors()}"])
            self._key = key
        return self._value


def _is_dep(x: object) -> bool:
    return (isinstance(x, dict) and isinstance(x.get("id"), (str, dict))
            and isinstance(x.get("property"), str))


def _deps(v: object) -> bool:
    """A list of {id, property} (pattern-matching ALL entries are lists of them)."""
    return isinstance(v, list) and all(
        _is_dep(x) or (isinstance(x, list) and all(map(_is_dep, x))) for x in v)


def valid_callback_body(body: object, callback_map: dict) -> bool:
    """The shape Dash's renderer sends; anything else would raise inside Dash (a 500)."""
    if not isinstance(body, dict):
        return False
    outputs = body.get("outputs", [])
    changed = body.get("changedPropIds", [])
    if not (isinstance(body.get("output"), str) and body["output"] in callback_map
            and _deps(body.get("inputs")) and _deps(body.get("state", []))
            and (_is_dep(outputs) or _deps(outputs))
            and isinstance(changed, list) and all(isinstance(p, str) for p in changed)):
        return False
    spec = callback_map[body["output"]]  # as many inputs and states as the callback takes
    return (len(body["inputs"]) == len(spec.get("inputs", []))
            and len(body.get("state", [])) == len(spec.get("state", [])))


def install(app: Dash) -> None:
    """Guards before each request, headers after each response. Longer than 40 lines for a
    reason: one short nested hook per Flask event, read together as the request's path."""
    server = app.server
    server.config["MAX_CONTENT_LENGTH"] = MAX_BODY_BYTES
    policy = Policy(app)
    callback_path = app.config.routes_pathname_prefix + "_dash-update-component"

    @server.before_request
    def _guard():
        if len(request.full_path) > MAX_URL_CHARS:
            return _bad("The address is too long.", 414)
        if request.method == "POST" and request.path == callback_path:
            body = request.get_json(silent=True)
            if not valid_callback_body(body, app.callback_map):
                return jsonify(error="malformed callback request"), 400
        if request.path.startswith("/api/") and _caught_by_dash(request):
            return _bad("No such API route. Routes: /api/extract.csv, /api/extract.json, "
                        "/api/dataset.zip, /api/chart.svg, /api/chart.png.", 404)
        return None

    @server.after_request
    def _not_found(resp: Response) -> Response:
        """Dash answers every address with its page shell; one that is no page gets the
        site's own 404 page (drawn by pages/not_found_404.py) with the status to match."""
        if (request.method == "GET" and resp.status_code == 200 and _caught_by_dash(request)
                and resp.mimetype == "text/html" and not _is_page(request.path)):
            resp.status_code = 404
        return resp

    @server.errorhandler(413)
    def _too_large(_exc):
        return _bad("The request body is too large.", 413)

    @server.after_request
    def _headers(resp: Response) -> Response:
        h = resp.headers
        h["Content-Security-Policy"] = policy.header()
        h["X-Content-Type-Options"] = "nosniff"
        h["Referrer-Policy"] = "strict-origin-when-cross-origin"
        h["X-Frame-Options"] = "SAMEORIGIN" if frame_ancestors() == "'self'" else h.get(
            "X-Frame-Options", "")
        if not h["X-Frame-Options"]:
            del h["X-Frame-Options"]
        h["Cross-Origin-Opener-Policy"] = "same-origin"
        h["Permissions-Policy"] = "camera=(), microphone=(), geolocation=(), interest-cohort=()"
        if request.path.startswith(("/assets/", "/_dash-component-suites/")):
            if "immutable" not in h.get("Cache-Control", ""):  # a content-hashed address
                h["Cache-Control"] = f"public, max-age={ASSET_MAX_AGE}"
        elif "Cache-Control" not in h:
            h["Cache-Control"] = "no-cache"
        return resp


def _caught_by_dash(req) -> bool:
    """The request matched only Dash's catch-all route (no page, asset or API route)."""
    rule = req.url_rule.rule if req.url_rule is not None else ""
    return rule in ("/<path:path>", "")


def _is_page(path: str) -> bool:
    paths = {p["path"] for p in dash.page_registry.values()} | {"/"}
    return path.rstrip("/") in paths or path in paths


def _bad(message: str, status: int = 400) -> Response:
    return Response(message + "\n", status=status, mimetype="text/plain")
