"""/api/extract.csv and .json, /api/dataset.zip, /healthz: the scriptable side of the dashboard."""

from __future__ import annotations

import datetime as dt

from flask import Flask, Response, jsonify, request

from dashboard import extract, i18n, images, query, state
from dashboard.reloader import Watcher

API_MAX_PARAMS = 20


def _params() -> dict[str, list[str]]:
    return {key: request.args.getlist(key) for key in request.args}


def _bad_request(message: str) -> Response:
    return Response(message + "\n", status=400, mimetype="text/plain")


def register(server: Flask, watcher: Watcher) -> None:
    """Attach the routes to the Flask server behind Dash. Longer than 40 lines for a reason:
    one short nested function per route, read together as the API's table of contents."""

    @server.get("/api/extract.csv")
    def extract_csv():
        return _extract(extract.extract_csv, "csv", extract.CONTENT_TYPE)

    @server.get("/api/extract.json")
    def extract_json():
        return _extract(extract.extract_json, "json", extract.JSON_CONTENT_TYPE)

    @server.get("/api/chart.svg")
    def chart_svg():
        return _chart("svg")

    @server.get("/api/chart.png")
    def chart_png():
        return _chart("png")

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


def parsed_filters(own: tuple[str, ...] = ()) -> query.Parsed | Response:
    """The request's explorer parameters through the explorer's parser, or a 400 naming what
    is wrong (every /api route that takes a view's parameters uses this). `own` are the
    route's own parameters (an image's width and height), left to the route."""
    params = {k: v for k, v in _params().items() if k not in own}
    if len(params) > API_MAX_PARAMS:
        return _bad_request("Too many parameters.")
    parsed = query.parse(params, state.store().vocabulary)
    if parsed.errors:
        known = ("indicator, from, to (years), geography (ISO alpha-3), breakdown (total, "
                 "reporter:esp, a company id such as instagram), source, source_kind "
                 "(primary, secondary, unverified)")
        return _bad_request(" ".join(parsed.errors) + f" Parameters: {known}.")
    return parsed


def _extract(write, ext: str, mimetype: str) -> Response:
    """An extract in one format: the same parser, filters, limits and file name."""
    parsed = parsed_filters()
    if isinstance(parsed, Response):
        return parsed
    store = state.store()
    try:
        body = write(store, parsed.filters, i18n.lang_of(request.args.getlist("lang")))
    except extract.TooLarge as exc:
        return Response(f"{exc}\n", status=413, mimetype="text/plain")
    name = extract.filename(parsed.filters, dt.date.today(), ext)
    return _download(body, name, mimetype, store.version)


def _chart(fmt: str) -> Response:
    """An explorer view as an image (dashboard/images.py): the extract's parser and 400s, plus
    width and height within bounds."""
    parsed = parsed_filters(own=images.OWN_PARAMS)
    if isinstance(parsed, Response):
        return parsed
    lang = i18n.lang_of(request.args.getlist("lang"))
    try:
        width = images.size(request.args.getlist("width"), "width", images.WIDTH,
                            images.MIN_WIDTH, images.MAX_WIDTH)
        height = images.size(request.args.getlist("height"), "height", images.HEIGHT,
                             images.MIN_HEIGHT, images.MAX_HEIGHT)
    except images.BadSize as exc:
        return _bad_request(str(exc))
    store = state.store()
    try:
        body = images.chart(store, parsed.filters, lang, fmt, width, height, request.host_url)
    except images.Busy:
        resp = Response(i18n.t("image.busy", lang) + "\n", status=503, mimetype="text/plain")
        resp.headers["Retry-After"] = "5"
        return resp
    except images.RenderFailed:
        return Response(i18n.t("image.failed", lang) + "\n", status=503, mimetype="text/plain")
    name = extract.filename(parsed.filters, dt.date.today(), fmt)
    resp = _download(body, name, images.FORMATS[fmt], store.version)
    resp.headers["Content-Disposition"] = f'inline; filename="{name}"'
    return resp


def _download(body: bytes, name: str, mimetype: str, version: str) -> Response:
    resp = Response(body, mimetype=mimetype.split(";")[0])
    resp.headers["Content-Type"] = mimetype
    resp.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    resp.headers["Cache-Control"] = "no-cache"
    resp.set_etag(f"{version}-{len(body)}")
    return resp.make_conditional(request)
