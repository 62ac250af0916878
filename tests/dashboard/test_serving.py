"""The app as production runs it: gunicorn, bad data refused at start, hot reloads that never
swap in data failing validation, access logs, no debug tools."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from dashboard import state
from dashboard.query import Filters
from dashboard.reloader import Watcher
from tests.browser.conftest import ROOT, free_port, wait_until_up

BROKEN = "indicator_id,period_start\nnot,a,table\n"


def get(url: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=10) as resp:  # noqa: S310 (loopback)
            return resp.status, resp.read()
    except urllib.error.HTTPError as exc:
        with exc:  # an error response is a file too: close it
            return exc.code, exc.read()


def health(url: str) -> dict:
    return json.loads(get(url + "/healthz")[1])


def serve(data: Path, log: Path, **env: str) -> tuple[subprocess.Popen, str]:
    port = free_port()
    environ = {**os.environ, "DASHBOARD_DATA_DIR": str(data), "DASHBOARD_PORT": str(port),
               "DASHBOARD_RELOAD_SECONDS": "0.2", "DASHBOARD_WORKERS": "2", **env}
    with log.open("ab") as out:
        proc = subprocess.Popen([sys.executable, "-m", "dashboard.serve"], cwd=ROOT, env=environ,
                                stdout=out, stderr=subprocess.STDOUT)
    return proc, f"http://127.0.0.1:{port}"


def wait_for(predicate, seconds: float = 20) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.2)
    return False


@pytest.fixture()
def data(tmp_path) -> Path:
    return Path(shutil.copytree(ROOT / "data", tmp_path / "data",
                                ignore=shutil.ignore_patterns("raw")))


def test_bad_data_at_startup_stops_with_the_report(data, tmp_path):
    (data / "observations.csv").write_text(BROKEN, encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "dashboard.serve"], cwd=ROOT, timeout=60,
                          env={**os.environ, "DASHBOARD_DATA_DIR": str(data),
                               "DASHBOARD_PORT": str(free_port())},
                          capture_output=True, text=True, check=False)
    assert done.returncode == 3  # the one way to refuse (dashboard.settings.stop)
    assert "not starting:" in done.stderr
    assert done.stderr.count("column 'value' [column_missing]") == 1  # validated once
    assert "observations.csv:1: column 'value' [column_missing]" in done.stderr
    assert "Traceback" not in done.stderr


def test_gunicorn_directly_on_bad_data_exits_non_zero(data):
    (data / "sources.csv").write_bytes(b"\xff\xfe not utf-8")
    done = subprocess.run([sys.executable, "-m", "gunicorn", "dashboard.wsgi:server", "--bind",
                           f"127.0.0.1:{free_port()}", "--no-control-socket"], cwd=ROOT,
                          timeout=60, env={**os.environ, "DASHBOARD_DATA_DIR": str(data)},
                          capture_output=True, text=True, check=False)
    assert done.returncode != 0
    assert "sources.csv:1: [utf8_encoding]" in done.stderr


def test_a_broken_file_while_serving_keeps_the_last_good_data(data, tmp_path):
    log = tmp_path / "server.log"
    proc, url = serve(data, log)
    try:
        wait_until_up(url, proc)
        good = health(url)
        assert good["status"] == "ok"
        (data / "observations.csv").write_text(BROKEN, encoding="utf-8")
        assert wait_for(lambda: all(health(url)["status"] == "degraded" for _ in range(4)))
        degraded = health(url)
        assert degraded["data_version"] == good["data_version"]
        assert degraded["serving"] == "last good data"
        assert re.match(r"\d+ problem\(s\) in ", degraded["reload_error"])
        status, body = get(url + "/api/extract.csv?indicator=ncmec_cybertipline_reports"
                                 "&from=2021&to=2021&geography=CAN")
        assert status == 200 and b"Canada 62,084" in body
        assert "failed validation; still serving version " + good["data_version"] in \
            log.read_text()
        assert "observations.csv:1: column 'value' [column_missing]" in log.read_text()

        # A valid new file is validated and swapped in.
        shutil.copy(ROOT / "data" / "observations.csv", data / "observations.csv")
        text = (data / "observations.csv").read_text(encoding="utf-8")
        row = 'ncmec_country_2021,"Canada 62,084",\n'
        assert row in text
        (data / "observations.csv").write_text(text.replace(row, row[:-1] + "Reviewed.\n"),
                                               encoding="utf-8")
        assert wait_for(lambda: all(health(url)["status"] == "ok" for _ in range(4)))
        assert health(url)["data_version"] != good["data_version"]
    finally:
        proc.terminate()
        proc.wait(timeout=20)


def test_access_log_lines_carry_method_path_status_and_duration(data, tmp_path):
    log = tmp_path / "server.log"
    proc, url = serve(data, log)
    try:
        wait_until_up(url, proc)
        get(url + "/api/extract.csv?bogus=1")
    finally:
        proc.terminate()
        proc.wait(timeout=20)
    lines = [ln for ln in log.read_text().splitlines() if "/api/extract.csv" in ln]
    pattern = r'"GET /api/extract\.csv\?bogus=1 HTTP/1\.1" 400 \d+ \d+ms$'
    assert lines and re.search(pattern, lines[-1])


def test_debug_tools_are_off(client):
    page = client.get("/").data.decode()
    config = json.loads(page.split('<script id="_dash-config" type="application/json">')[1]
                        .split("</script>")[0])
    assert config["ui"] is False and config["props_check"] is False


def test_the_watcher_swaps_in_valid_changes_refuses_broken_ones_and_rate_limits(app, tmp_path):
    """Looked at no more than once per interval; broken data is refused and reported while the
    last good data keeps serving; a valid edit is served after the next look."""
    folder = Path(shutil.copytree(ROOT / "data", tmp_path / "d", ignore=shutil.ignore_patterns(
        "raw")))
    serving = state.store()
    canada_2021 = Filters(("ncmec_cybertipline_reports",), 2021, 2021, ("CAN",))
    good = (folder / "observations.csv").read_text(encoding="utf-8")
    row = 'ncmec_country_2021,"Canada 62,084",\n'
    assert row in good
    try:
        watcher = Watcher(folder, interval=10)
        watcher.maybe_reload(now=100.0)  # nothing changed: the same store serves
        assert state.store() is serving
        (folder / "events.csv").write_text(BROKEN, encoding="utf-8")
        watcher.maybe_reload(now=105.0)  # within the interval: not even looked at
        assert watcher.failed_report == "" and state.store() is serving
        watcher.maybe_reload(now=111.0)  # looked at: refused, the old data still serves
        assert re.match(r"\d+ problem\(s\) in ", watcher.failed_report)
        assert "events.csv:1:" in watcher.failed_report
        assert state.store() is serving
        shutil.copy(ROOT / "data" / "events.csv", folder / "events.csv")
        (folder / "observations.csv").write_text(
            good.replace(row, row[:-1] + "Reviewed.\n"), encoding="utf-8")
        watcher.maybe_reload(now=122.0)
        assert watcher.failed_report == ""
        assert state.store().version != serving.version
        assert state.store().query(canada_2021)["note"].tolist() == ["Reviewed."]
        assert serving.query(canada_2021)["note"].tolist() == [""]
    finally:
        state.set_store(serving)


def test_slow_clients_do_not_block_others_and_long_addresses_get_the_sites_414(data, tmp_path):
    """gevent workers: 60 connections trickling their request heads, and one trickling a
    body, while /healthz still answers at once; 8 KiB addresses are served, longer ones get
    the app's own 414 (not gunicorn's bare one)."""
    import socket

    proc, url = serve(data, tmp_path / "server.log", DASHBOARD_KEEPALIVE_SECONDS="2",
                      DASHBOARD_BODY_TIMEOUT_SECONDS="2")
    port = int(url.rsplit(":", 1)[1])
    slow = []
    try:
        wait_until_up(url, proc)
        for _ in range(60):
            s = socket.create_connection(("127.0.0.1", port))
            s.sendall(b"GET /explore HTTP/1.1\r\nHost: x\r\n")
            slow.append(s)
        body = socket.create_connection(("127.0.0.1", port))
        slow.append(body)
        body.sendall(b"POST /_dash-update-component HTTP/1.1\r\nHost: x\r\n"
                     b"Content-Type: application/json\r\nContent-Length: 100\r\n\r\n{")
        t0 = time.monotonic()
        assert health(url)["status"] == "ok"
        assert time.monotonic() - t0 < 2
        body.settimeout(10)
        assert body.recv(100).startswith(b"HTTP/1.1 408")  # the body never came
        slow[0].settimeout(10)
        assert slow[0].recv(100) == b""  # a request head that never ends: closed

        path = "/explore?indicator=ncmec_cybertipline_reports&x="
        ok, code = get(url + path + "a" * (8192 - len(path) - 1))
        assert ok == 200 and b"_dash-config" in code
        status, page = get(url + path + "a" * 9000)
        assert status == 414 and page == b"The address is too long.\n"
    finally:
        for s in slow:
            s.close()
        proc.terminate()
        proc.wait(timeout=20)
