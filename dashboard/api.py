"""/api/extract.csv, /api/dataset.zip and /healthz: the scriptable side of the dashboard."""

from __future__ import annotations

import datetime as dt

from flask import Flask, Response, jsonify, request

from dashboard import extract, i18n, query, state
from dashboard.reloader import Watcher

API_MAX_PARAMS = 20


def _params() -> dict[str, list[str]]:
    return {key: request.args.getlist(key) for key in request.args}


def _bad_request(message: str) -> Response:
    return Response(message + "\n", status=400, mimetype="text/plain")


def register(server: Flask, watcher: Watcher) -> None:
    """Attach the routes to the Flask server behind Dash."""

    @server.get("/api/extract.csv")
    def extract_csv():
        params = _params()
        if len(params) > API_MAX_PARAMS:
            return _bad_request("Too many parameters.")
        store = state.store()
        parsed = query.parse(params, store.vocabulary)
        if parsed.errors:
            known = ("indicator, from, to (years), geography (ISO alpha-3), breakdown (total, "
                     "reporter:esp, a company id such as instagram), source")
            return _bad_request(" ".join(parsed.errors) + f" Parameters: {known}.")
        try:
            body = extract.extract_csv(store, parsed.filters, i18n.lang_of(params.get("lang")))
        except extract.TooLarge as exc:
            return Response(f"{exc}\n", status=413, mimetype="text/plain")
        name = extract.filename(parsed.filters, dt.date.today())
        return _download(body, name, extract.CONTENT_TYPE, store.version)

    @server.get("/api/dataset.zip")
    def dataset_zip():
        store = state.store()
        lang = i18n.lang_of(request.args.getlist("lang"))
        body = extract.dataset_zip(store, extract.dataset_readme(store), lang)
        name = f"ocse-figures_dataset_{store.version}_{dt.date.today():%Y-%m-%d}.zip"
        return _download(body, name, "application/zip", store.version)

    @server.get("/healthz")
    def healthz():
        store = state.store()
        body = {"status": "ok", "data_version": store.version, "as_of": store.as_of(),
                "rows": store.dataset.row_counts()}
        if watcher.failed_report:
            # Still serving, but the folder holds data that failed validation.
            body.update(status="degraded", serving="last good data",
                        reload_error=watcher.failed_report.splitlines()[0],
                        failed_at=dt.datetime.fromtimestamp(watcher.failed_at, dt.UTC)
                        .isoformat(timespec="seconds"))
        resp = jsonify(body)
        resp.headers["Cache-Control"] = "no-store"
        return resp


def _download(body: bytes, name: str, mimetype: str, version: str) -> Response:
    resp = Response(body, mimetype=mimetype.split(";")[0])
    resp.headers["Content-Type"] = mimetype
    resp.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    resp.headers["Cache-Control"] = "no-cache"
    resp.set_etag(f"{version}-{len(body)}")
    return resp.make_conditional(request)
