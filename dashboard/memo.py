"""Whole callback answers kept by their request's body: the same page load or view asked for
again (a shared link, the wall's page, an analyst going back) is answered with the bytes sent
the first time, without Dash decoding the request, running the callback or encoding the JSON.

Only answers that are a function of the request body and the data version are kept, and the
code that builds them says so: `pure(version)` is called by the cached page layouts
(components.cached_layout: the overview, explorer, sources and wall pages) and the explorer's
cached views and options, with the store snapshot they read. An answer is kept when such a
call was made, and under the version it named; anything else (the site's 404 page, the
milestones toggle, an error) is not marked and never kept. Keys also carry the day, as the
cached layouts do (ages follow the date).

Per worker, at most MAX_ANSWERS answers and MAX_BYTES bytes, least recently used out first."""

from __future__ import annotations

import datetime as dt
import hashlib

from flask import Flask, Response, g, has_request_context, request

from dashboard import cache, state

MAX_ANSWERS = 256
MAX_BYTES = 16 * 1024 * 1024
CALLBACK_ROUTE = "_dash-update-component"  # under Dash's routes prefix


def pure(version: str) -> None:
    """Say that this request's answer depends only on its body and data `version`."""
    if has_request_context():
        g.pure_version = version


def impure() -> None:
    """Say that this request's answer must not be kept (even if something said pure)."""
    if has_request_context():
        g.pure_version = None


def answers(max_answers: int = MAX_ANSWERS, max_bytes: int = MAX_BYTES) -> cache.Bounded:
    """Response bodies by key, bounded in count and in bytes."""
    return cache.Bounded(max_answers, max_bytes, weigh=len)


def install(app, kept: cache.Bounded | None = None) -> cache.Bounded:
    """Wrap the Dash `app`'s callback route so that pure answers are kept and served again.
    The request guards run before it (a malformed body never reaches it) and the headers and
    compression after it, on kept answers as on fresh ones."""
    kept = kept if kept is not None else answers()
    server: Flask = app.server
    route = app.config.routes_pathname_prefix + CALLBACK_ROUTE
    dispatch = server.ensure_sync(server.view_functions[route])

    def remembered():
        key = (hashlib.blake2b(request.get_data(), digest_size=16).digest(),
               dt.date.today())
        version = state.store().version
        body = kept.get((*key, version))
        if body is not None:
            return Response(body, mimetype="application/json")
        g.pure_version = None
        resp = dispatch()
        pure_version = g.get("pure_version")
        if (pure_version is not None and isinstance(resp, Response) and resp.status_code == 200
                and not resp.is_streamed and resp.mimetype == "application/json"):
            kept.put((*key, pure_version), resp.get_data())
        return resp

    server.view_functions[route] = remembered
    return kept
