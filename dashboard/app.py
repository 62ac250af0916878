"""create_app(data_dir): load and validate the data, then wire pages, API routes and headers."""

from __future__ import annotations

import logging
import re
from pathlib import Path

import dash
from dash import Dash, html
from flask import has_request_context, request

import validation
from dashboard import api, delivery, i18n, memo, security, settings, state
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
    # Plotly's camera button goes: "Download image" gives the chart with its title, source,
    # as-of and address drawn in (/api/chart.png).
    "modeBarButtonsToRemove": ["select2d", "lasso2d", "toImage"],
}


def data_dir_from_env() -> Path:
    return Path(settings.get("DASHBOARD_DATA_DIR"))


# Pages that draw no table: their index leaves out AG Grid's 1.3 MB script. Only pages left by
# full page loads may be listed (the wall's only links are plain <a>): a client-side move to the
# explorer from one of them would find no AgGrid component.
WITHOUT_GRID = {"/briefing"}
GRID_SCRIPT = re.compile(r'<script src="/_dash-component-suites/dash_ag_grid/[^"]+"></script>\s*')


class DashboardApp(Dash):
    """Dash, with <html lang> following the page's ?lang= (for screen readers and axe),
    static addresses carrying their content hash, and no AG Grid on pages without a table."""

    statics: delivery.Statics | None = None

    def interpolate_index(self, **kwargs) -> str:
        page = super().interpolate_index(**kwargs)
        lang = i18n.lang_of(request.args.get("lang")) if has_request_context() else "en"
        page = page.replace('<html lang="en">', f'<html lang="{lang}">', 1)
        if has_request_context() and request.path in WITHOUT_GRID:
            page = GRID_SCRIPT.sub("", page)
        return self.statics.rewrite_index(page) if self.statics else page


def create_app(data_dir: str | Path | None = None) -> Dash:
    """Refuses to start on data that fails validation (ValidationFailed carries the report)."""
    data_dir = Path(data_dir) if data_dir else data_dir_from_env()
    dataset = validation.load(data_dir)
    state.set_store(Store(dataset))
    app = DashboardApp(
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
    app.layout = html.Div(dash.page_container, className="shell")
    watcher = Watcher(data_dir, settings.get("DASHBOARD_RELOAD_SECONDS"))
    app.server.before_request(lambda: watcher.maybe_reload())
    api.register(app.server, watcher)
    security.install(app)
    app.answers = memo.install(app)
    app.statics = delivery.install(app, HERE / "assets", delivery.BUILD_DIR)
    if settings.get("DASHBOARD_DEBUG"):  # never on a server others use
        app.enable_dev_tools(debug=True, dev_tools_disable_version_check=True)
    log.info("serving %s (data version %s)", data_dir, dataset.version)
    return app
