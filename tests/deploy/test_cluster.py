"""`make cluster`'s recipe: two instances behind Debian's nginx. nginx serves the hashed static
files itself and balances; an instance killed outright loses no request beyond nginx's retry,
and once restarted it is used again."""

from __future__ import annotations

import http.client
import json
import os
import re
import shutil
import signal
import sys
import threading
import time
import urllib.request
from pathlib import Path

import brotli
import pytest

from tests.browser.conftest import ROOT, free_port
from tests.dashboard.test_security import router_body, view_body

sys.path.insert(0, str(ROOT / "deploy"))
import cluster  # noqa: E402

VIEW = [["ncmec_cybertipline_reports"], 2019, 2023, ["CAN"], [], [], [], ["primary", "secondary"],
        "value", None, "linear"]


def fetch(url: str, body: dict | None = None) -> tuple[int, dict, bytes]:
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(url, data=data, headers={  # noqa: S310 (loopback)
        "Content-Type": "application/json", "Accept-Encoding": "br"})
    try:
        with urllib.request.urlopen(req, timeout=10) as resp:  # noqa: S310
            return resp.status, dict(resp.headers), resp.read()
    except urllib.error.HTTPError as exc:
        with exc:
            return exc.code, dict(exc.headers), exc.read()
    except (OSError, http.client.HTTPException):  # refused, reset, or cut off mid-response
        return 0, {}, b""


class Traffic:
    """Two clients asking for the wall, the explorer's page load and its view, in a loop that
    stops when told (or after 120 s). A request may be retried once; what fails twice is lost."""

    def __init__(self, front: str):
        self.front = front
        self.stop = threading.Event()
        self.sent = self.retried = 0
        self.lost: list[str] = []
        self.threads = [threading.Thread(target=self.run, daemon=True) for _ in range(2)]

    def requests(self):
        yield "/briefing", None
        yield "/_dash-update-component", router_body("/explore", "?geography=CAN")
        yield "/_dash-update-component", view_body(VIEW)
        yield "/healthz", None

    def run(self) -> None:
        deadline = time.monotonic() + 120
        while not self.stop.is_set() and time.monotonic() < deadline:
            for path, body in self.requests():
                status = fetch(self.front + path, body)[0]
                self.sent += 1
                if status != 200:
                    self.retried += 1
                    status = fetch(self.front + path, body)[0]
                    if status != 200:
                        self.lost.append(f"{path} {status}")

    def __enter__(self):
        for t in self.threads:
            t.start()
        return self

    def __exit__(self, *exc):
        self.stop.set()
        for t in self.threads:
            t.join(timeout=30)


def requests_in(log: Path, start: int = 0) -> int:
    return len(re.findall(r'"(GET|POST) /', log.read_text(errors="replace")[start:]))


def test_two_instances_behind_nginx_survive_one_killed_outright(tmp_path):
    if not Path(cluster.NGINX).exists():
        pytest.fail("Debian nginx is missing: run `make test` (it installs it) or "
                    "`apt-get install nginx libnginx-mod-http-brotli-static`")
    # Under the checkout, not pytest's private tmp: nginx's workers (nobody) must read it.
    run = ROOT / ".cache" / f"test-cluster-{os.getpid()}"
    shutil.rmtree(run, ignore_errors=True)
    run.mkdir(parents=True)
    with (tmp_path / "build.log").open("ab") as log:
        cluster.export_static(run / "static", log)
    front_port, a, b = free_port(), free_port(), free_port()
    conf = cluster.write_config(run, f"127.0.0.1:{front_port}", [a, b], run / "static")
    front = f"http://127.0.0.1:{front_port}"
    log_a, log_b = tmp_path / "a.log", tmp_path / "b.log"
    procs = {"a": cluster.start_instance(a, log_a), "b": cluster.start_instance(b, log_b)}
    procs["nginx"] = cluster.start_nginx(conf, tmp_path / "nginx.log")
    try:
        for url in (f"http://127.0.0.1:{a}", f"http://127.0.0.1:{b}", front):
            cluster.wait_up(url, list(procs.values()))

        # The wall's page comes from an instance; its hashed scripts from nginx's disk.
        status, headers, page = fetch(front + "/briefing")
        assert status == 200 and "Content-Security-Policy" in headers
        assert headers["Content-Encoding"] == "br"  # compressed by the instance
        script = re.search(rb'src="(/assets/plotly-dashboard\.v0m[0-9a-f]{16}\.min\.js)"',
                           brotli.decompress(page))[1].decode()
        status, headers, _ = fetch(front + script)
        assert status == 200 and headers["Server"] == "nginx"
        assert headers["Content-Encoding"] == "br" and "immutable" in headers["Cache-Control"]
        assert "Content-Security-Policy" not in headers  # not from an instance
        before = requests_in(log_a), requests_in(log_b)

        with Traffic(front) as traffic:
            time.sleep(4)
            assert requests_in(log_a) > before[0] and requests_in(log_b) > before[1]  # balanced
            cluster.stop(procs["a"], signal.SIGKILL)  # outright: no graceful end of requests
            time.sleep(6)
            mark = len(log_a.read_text(errors="replace"))
            procs["a"] = cluster.start_instance(a, log_a)
            cluster.wait_up(f"http://127.0.0.1:{a}", [procs["a"]])
            time.sleep(8)  # nginx tries a failed server again after fail_timeout (3 s)
        assert traffic.sent > 100
        assert traffic.lost == [], f"{len(traffic.lost)} of {traffic.sent} lost: {traffic.lost}"
        assert requests_in(log_a, mark) > 20, "the restarted instance got no traffic"
    finally:
        for proc in procs.values():
            cluster.stop(proc)
        shutil.rmtree(run, ignore_errors=True)
