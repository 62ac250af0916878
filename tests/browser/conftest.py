"""Browser tests: the app served by gunicorn as in production, driven by Debian's Chromium."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlparse

import pytest

ROOT = Path(__file__).resolve().parents[2]
SHOTS = ROOT / "test-artifacts" / "screenshots"
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]
LOCAL = {"127.0.0.1", "localhost"}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until_up(url: str, proc: subprocess.Popen, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited with {proc.returncode}")
        try:
            with urllib.request.urlopen(url + "/healthz", timeout=1) as resp:  # noqa: S310
                if resp.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("server did not answer in time")


def start_server(port: int, data_dir: Path, log_path: Path) -> subprocess.Popen:
    env = {**os.environ, "DASHBOARD_DATA_DIR": str(data_dir)}
    with log_path.open("ab") as log:  # the child keeps its own copy of the descriptor
        return subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "dashboard.wsgi:server", "--bind",
             f"127.0.0.1:{port}", "--workers", "2", "--no-control-socket", "--timeout", "60"],
            cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)


@pytest.fixture(scope="session")
def server(tmp_path_factory):
    if not Path(CHROMIUM).exists():
        pytest.fail("Debian chromium is missing: run `make test` (it installs it) or "
                    "`apt-get install chromium`")
    port = free_port()
    log_path = tmp_path_factory.mktemp("server") / "gunicorn.log"
    proc = start_server(port, ROOT / "data", log_path)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(url, proc)
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=15)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": ARGS}


@pytest.fixture()
def watched(context):
    """A page that records console errors and aborts (and records) any non-local request."""
    external: list[str] = []
    errors: list[str] = []

    def is_external(url: str) -> bool:
        return not url.startswith(("data:", "blob:")) and urlparse(url).hostname not in LOCAL

    context.route(is_external, lambda route: (external.append(route.request.url),
                                              route.abort()))
    # Init scripts run outside the page's Content-Security-Policy, so they can watch it.
    context.add_init_script("""window.__csp = [];
        document.addEventListener('securitypolicyviolation', e => window.__csp.push(
            e.violatedDirective + ' blocked ' + e.blockedURI + ' in ' + e.sourceFile));""")
    page = context.new_page()
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.external = external
    page.errors = errors
    yield page
    violations = page.evaluate("window.__csp || []") if not page.is_closed() else []
    assert violations == [], f"Content-Security-Policy violations: {violations}"
    assert external == [], f"requests left the machine: {external}"
    # An address that is no page answers 404 (with the site's page): the browser logs that.
    if getattr(page, "expect_404", False):
        errors = [e for e in errors if "status of 404" not in e]
    assert errors == [], f"console errors: {errors}"


def screenshot(page, name: str) -> Path:
    SHOTS.mkdir(parents=True, exist_ok=True)
    path = SHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
