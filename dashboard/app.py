"""create_app(data_dir): load and validate the data, then wire pages, API routes and headers."""

from __future__ import annotations

import logging
import os
from pathlib import Path

import dash
from dash import Dash, dcc, html

import validation
from dashboard import api, security, state
from dashboard.reloader import Watcher
from dashboard.store import Store

HERE = Path(__file__).resolve().parent
DEFAULT_DATA_DIR = HERE.parent / "data"
TITLE = "Online child sexual exploitation: public figures"
log = logging.getLogger("dashboard")

INDEX = """<!DOCTYPE html>
<html lang="en">
<head>
{%metas%}
<title>{%title%}</title>
{%favicon%}
{%css%}
</head>
<body>
{%app_entry%}
<footer>
{%config%}
{%scripts%}
{%renderer%}
</footer>
</body>
</html>"""

# plotly.js config for every graph: map shapes from our assets, nothing that talks to a cloud.
GRAPH_CONFIG = {
    "topojsonURL": "/assets/topojson/",
    "showSendToCloud": False,
    "plotlyServerURL": "",
    "displaylogo": False,
    "responsive": True,
    "modeBarButtonsToRemove": ["select2d", "lasso2d"],
}


def data_dir_from_env() -> Path:
    return Path(os.environ.get("DASHBOARD_DATA_DIR") or DEFAULT_DATA_DIR)


def create_app(data_dir: str | Path | None = None) -> Dash:
    """Refuses to start on data that fails validation (ValidationFailed carries the report)."""
    data_dir = Path(data_dir) if data_dir else data_dir_from_env()
    dataset = validation.load(data_dir)
    state.set_store(Store(dataset))
    app = Dash(
        __name__,
        use_pages=True,
        pages_folder=str(HERE / "pages"),
        assets_folder=str(HERE / "assets"),
        title=TITLE,
        update_title=None,
        serve_locally=True,
        suppress_callback_exceptions=True,
        index_string=INDEX,
    )
    app.layout = shell
    watcher = Watcher(data_dir, float(os.environ.get("DASHBOARD_RELOAD_SECONDS", "5")))
    app.server.before_request(lambda: watcher.maybe_reload())
    api.register(app.server, watcher)
    security.install(app)
    if os.environ.get("DASHBOARD_DEBUG") == "1":  # never on a server others use
        app.enable_dev_tools(debug=True, dev_tools_disable_version_check=True)
    log.info("serving %s (data version %s)", data_dir, dataset.version)
    return app


def shell() -> html.Div:
    """Header, the page, and a footer that says what this is and where it comes from."""
    store = state.store()
    nav = [dcc.Link(label, href=href, className="nav-link") for label, href in
           (("Overview", "/"), ("Explore", "/explore"), ("Sources & method", "/sources"))]
    return html.Div([
        html.A("Skip to content", href="#main", className="skip-link"),
        html.Header([
            html.Div([
                dcc.Link(TITLE, href="/", className="site-title"),
                html.Span("Aggregate statistics from public reports", className="site-tagline"),
            ], className="brand"),
            html.Nav(nav, className="site-nav", **{"aria-label": "Main"}),
        ], className="site-header"),
        html.Main(dash.page_container, id="main", className="site-main"),
        html.Footer([
            html.P([
                "Aggregate figures only, each traceable to the public report that stated it. ",
                f"Data version {store.version}; latest source published {store.as_of()}. ",
                dcc.Link("How to cite", href="/sources#cite"), " · ",
                html.A("Download the dataset (zip)", href="/api/dataset.zip"),
            ]),
        ], className="site-footer"),
    ], className="shell")
