"""The reference floor: the least a Dash app can do, served the way the dashboard is served.

A bare Dash app (no pages, no security headers, no data) with one dropdown and one dcc.Graph;
its one callback returns a prebuilt go.Figure of 20 points, so a callback costs Dash's own
request handling and JSON encoding and nothing else. A plain Flask route, /api/extract.csv,
returns a prebuilt 20-row CSV: the floor for the dashboard's extract route.

It is served under gunicorn with exactly the flags `python -m dashboard.serve` uses (gevent
workers, same worker count, --preload, --max-requests, access log, ...): `serve_argv()` asks
dashboard/serve.py for its command line and swaps in this module.

    .venv/bin/python bench/floor.py                 # serve on 127.0.0.1:8060, 2 workers
    .venv/bin/python bench/floor.py --port 8061 --workers 4
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from unittest import mock

import plotly.graph_objects as go
from dash import Dash, Input, Output, dcc, html
from flask import Response

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
POINTS = 20
APP_SPEC = "floor:server"  # importable with bench/ as the working directory
OUR_SPEC = "dashboard.wsgi:server"
# What dashboard/serve.py ran when this was written; used only if asking it fails.
FALLBACK_FLAGS = [
    "--worker-class", "sync", "--max-requests", "20000", "--max-requests-jitter", "2000",
    "--timeout", "60", "--no-control-socket", "--preload", "--access-logfile", "-",
    "--access-logformat", '%(h)s "%(r)s" %(s)s %(b)s %(M)sms',
]

FIGURE = go.Figure(go.Scatter(x=list(range(POINTS)), y=[(i * 7) % 11 for i in range(POINTS)],
                              mode="lines+markers"))
CSV = ("\ufeffx,y\r\n" + "".join(f"{i},{(i * 7) % 11}\r\n" for i in range(POINTS))).encode()


def create_app() -> Dash:
    app = Dash(__name__, serve_locally=True)
    app.layout = html.Div([
        dcc.Dropdown(id="choice", options=["a", "b"], value="a"),
        dcc.Graph(id="graph"),
    ])

    @app.callback(Output("graph", "figure"), Input("choice", "value"))
    def show(_choice):
        return FIGURE

    @app.server.get("/api/extract.csv")
    def extract():
        return Response(CSV, mimetype="text/csv")

    return app


app = create_app()
server = app.server


class _Captured(Exception):
    pass


def serve_argv(app_spec: str, port: int, workers: int | None = None,
               host: str = "127.0.0.1") -> tuple[list[str], str]:
    """The gunicorn command line dashboard/serve.py builds, for `app_spec` instead of ours,
    and where it came from ("dashboard.serve" or "fallback")."""
    env = {"DASHBOARD_HOST": host, "DASHBOARD_PORT": str(port)}
    if workers is not None:
        env["DASHBOARD_WORKERS"] = str(workers)
    captured: list[list[str]] = []

    def fake_exec(_file, argv):
        captured.append(list(argv))
        raise _Captured

    try:
        sys.path.insert(0, str(ROOT))
        import validation
        from dashboard import serve

        with mock.patch.dict(os.environ, env), mock.patch.object(validation, "load"), \
                mock.patch.object(serve.os, "execvp", fake_exec):
            serve.main()
    except _Captured:
        pass
    except Exception as exc:  # a refactor moved things: say so, and use the known flags
        print(f"floor: could not read dashboard/serve.py's command line ({exc!r}); "
              "using the flags it had when bench/floor.py was written", file=sys.stderr)
    if captured and OUR_SPEC in captured[0]:
        argv = [app_spec if a == OUR_SPEC else a for a in captured[0]]
        return [sys.executable, *argv[1:]], "dashboard.serve"
    n = workers or int(os.environ.get("DASHBOARD_WORKERS", "2"))
    argv = [sys.executable, "-m", "gunicorn", app_spec, "--bind", f"{host}:{port}",
            "--workers", str(n), *FALLBACK_FLAGS]
    return argv, "fallback"


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--port", type=int, default=8060)
    p.add_argument("--workers", type=int, default=None, help="default: as dashboard.serve")
    args = p.parse_args(argv)
    cmd, origin = serve_argv(APP_SPEC, args.port, args.workers)
    print(f"floor: {' '.join(cmd[1:])}  (flags from {origin})", flush=True)
    os.chdir(HERE)
    os.execvp(cmd[0], cmd)  # noqa: S606 (fixed argv)
    return 0


if __name__ == "__main__":
    sys.exit(main())
