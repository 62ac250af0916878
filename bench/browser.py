"""Shared by the browser benches: Debian's Chromium through Playwright, servers on loopback."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
import floor  # noqa: E402
import load  # noqa: E402

HOST = "127.0.0.1"
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]


def start(kind: str, log: Path, **env: str) -> tuple[subprocess.Popen, str]:
    """Our app (`python -m dashboard.serve`) or the floor, on a free loopback port; waits."""
    port = load.free_port()
    if kind == "floor":
        argv, _ = floor.serve_argv(floor.APP_SPEC, port)
        cwd = HERE
    else:
        argv, cwd = [sys.executable, "-m", "dashboard.serve"], ROOT
    environ = {**os.environ, "DASHBOARD_HOST": HOST, "DASHBOARD_PORT": str(port), **env}
    with log.open("ab") as fh:
        proc = subprocess.Popen(argv, cwd=cwd, env=environ, stdout=fh, stderr=subprocess.STDOUT)
    base = f"http://{HOST}:{port}"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"{kind} exited with {proc.returncode} (see {log})")
        try:
            with urllib.request.urlopen(base + "/healthz", timeout=2):  # noqa: S310
                return proc, base
        except OSError:
            time.sleep(0.3)
    load.stop(proc)
    raise SystemExit(f"{kind} did not start (see {log})")
