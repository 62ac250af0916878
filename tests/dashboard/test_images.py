"""/api/chart.svg and /api/chart.png: the explorer's chart with its caption drawn in, drawn
offline by kaleido and Debian's chromium, bounded, cached, and cleaned up."""

from __future__ import annotations

import os
import signal
import struct
import subprocess
import time
import urllib.request
import xml.etree.ElementTree as ET
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from dashboard import images
from dashboard.query import Filters
from tests.browser.conftest import wait_until_up
from tests.dashboard.test_serving import get, serve, wait_for

VIEW = "indicator=ncmec_cybertipline_reports&from=2019&to=2023&geography=CAN,PHL"
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"


def slow_get(url: str) -> tuple[int, bytes]:
    """Ten images on two workers, each starting its browser first: up to ~20 s for the last."""
    with urllib.request.urlopen(url, timeout=90) as resp:  # noqa: S310 (loopback)
        return resp.status, resp.read()


def svg_text(body: bytes) -> str:
    """Every text node of the SVG, joined (plotly draws each line as its own <text>)."""
    root = ET.fromstring(body)  # noqa: S314 (our own renderer's output)
    return " ".join(" ".join(el.itertext()) for el in root.iter() if el.tag.endswith("text"))


def png_size(body: bytes) -> tuple[int, int]:
    assert body[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", body[16:24])


def _descendants(pid: int) -> set[int]:
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            children.setdefault(int(fields[1]), []).append(int(entry.name))
    out, todo = set(), [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            out.add(child)
            todo.append(child)
    return out


def _alive(pids: set[int]) -> set[int]:
    alive = set()
    for pid in pids:
        try:
            state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            continue
        if state != "Z":
            alive.add(pid)
    return alive


def _cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().decode(errors="replace")
    except OSError:
        return ""


def _chromium(pids: set[int]) -> set[int]:
    """kaleido's browsers among `pids`: choreographer's wrapper and every chromium under it
    (not the browser tests' own chromium, which runs under playwright in the same session)."""
    found = set()
    for pid in pids:
        if "choreographer" in _cmdline(pid):
            found |= {pid} | {p for p in _descendants(pid) if "chrom" in _cmdline(p)}
    return found


@pytest.mark.parametrize(("lang", "source", "as_of"), [
    ("en", "Source: NCMEC: 2019 CyberTipline Reports by Country", "Latest source published"),
    ("fr", "Source : NCMEC: 2019 CyberTipline Reports by Country", "Dernière source publiée"),
])
def test_svg_carries_title_unit_source_as_of_address_and_version(client, store, lang, source,
                                                                 as_of):
    r = client.get(f"/api/chart.svg?{VIEW}&lang={lang}")
    assert r.status_code == 200 and r.mimetype == "image/svg+xml"
    text = svg_text(r.data)
    title = store.indicator("ncmec_cybertipline_reports")[f"name_{lang}"]
    assert title in text
    assert ("Unit: reports" if lang == "en" else "Unité : signalements") in text
    assert source in text and as_of in text and store.version in text
    address = "/explore?" + VIEW + ("&lang=fr" if lang == "fr" else "")
    assert address in text
    site = "public figures" if lang == "en" else "les chiffres publics"
    assert site in text
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / f"chart-{lang}.svg").write_bytes(r.data)


def test_png_is_at_least_1200_px_wide_and_follows_width_and_height(client):
    r = client.get(f"/api/chart.png?{VIEW}")
    assert r.status_code == 200 and r.mimetype == "image/png"
    assert png_size(r.data) == (images.WIDTH, images.HEIGHT)
    assert images.WIDTH >= 1200
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / "chart-en.png").write_bytes(r.data)
    big = client.get(f"/api/chart.png?{VIEW}&width=1600&height=900&lang=fr")
    assert png_size(big.data) == (1600, 900)
    (ARTIFACTS / "chart-fr-1600.png").write_bytes(big.data)
    world = client.get("/api/chart.png?indicator=ncmec_cybertipline_reports&from=2023&to=2023")
    assert world.status_code == 200 and len(world.data) > 50_000  # the map's shapes drawn
    (ARTIFACTS / "chart-map.png").write_bytes(world.data)


@pytest.mark.parametrize("qs", ["bogus=1", "from=99999", "geography=ZZZ", "width=99999",
                                "width=abc", "height=10", "width=-5", "to=%FF%FE"])
@pytest.mark.parametrize("ext", ["svg", "png"])
def test_bad_parameters_get_a_400_with_a_short_message(client, qs, ext):
    r = client.get(f"/api/chart.{ext}?{qs}")
    assert r.status_code == 400 and r.mimetype == "text/plain"
    assert len(r.data) < 2000 and b"Traceback" not in r.data


def test_images_are_cached_per_view_size_language_and_version(client, monkeypatch):
    calls = []
    real = images.RENDERER.render
    monkeypatch.setattr(images.RENDERER, "render",
                        lambda *a, **k: calls.append(a) or real(*a, **k))
    qs = "indicator=ncmec_cybertipline_reports&from=2020&to=2021&geography=USA"
    for _ in range(3):
        assert client.get(f"/api/chart.svg?{qs}").status_code == 200
    assert len(calls) == 1
    client.get(f"/api/chart.svg?{qs}&lang=fr")
    client.get(f"/api/chart.svg?{qs}&width=1000")
    assert len(calls) == 3


def test_the_export_page_fetches_nothing_from_the_network(tmp_path):
    page = images.Renderer().page(tmp_path).generate_index()
    assert "http://" not in page and "https://" not in page
    assert "mathjax" not in page.lower()
    assert (tmp_path / "geo-assets.js").read_text().startswith("window.PlotlyGeoAssets=")


def test_url_for_gives_the_explorer_view_as_an_image_address():
    f = Filters(("ncmec_cybertipline_reports",), 2019, 2023, ("CAN", "PHL"))
    assert images.url_for(f, "fr") == f"/api/chart.png?{VIEW}&lang=fr"
    assert images.url_for(f, "en", "svg") == f"/api/chart.svg?{VIEW}"


def test_a_full_queue_gets_503_not_a_crash(client, monkeypatch):
    monkeypatch.setattr(images, "RENDERER", images.Renderer(renders=1, queue=0))
    monkeypatch.setattr(images.RENDERER._slots, "acquire", lambda blocking=True: False)
    r = client.get("/api/chart.png?indicator=arachnid_removals")
    assert r.status_code == 503 and r.headers["Retry-After"]


def test_ten_concurrent_requests_in_one_process_then_the_browser_is_closed(client):
    years = [f"from={y}&to={y}" for y in range(2014, 2024)]
    with ThreadPoolExecutor(10) as pool:
        statuses = list(pool.map(
            lambda qs: client.application.test_client().get(
                f"/api/chart.png?indicator=ncmec_cybertipline_reports&{qs}").status_code,
            years))
    assert statuses == [200] * 10
    browsers = _chromium(_descendants(os.getpid()))
    assert browsers, "the renderer runs a chromium"
    images.RENDERER.stop()
    assert wait_for(lambda: not _alive(browsers), 15), "chromium left running"


def test_ten_concurrent_requests_to_gunicorn_leave_no_chromium_behind(tmp_path):
    proc, url = serve(Path(__file__).resolve().parents[2] / "data", tmp_path / "log.txt")
    try:
        wait_until_up(url, proc, 60)
        qs = [f"indicator=ncmec_cybertipline_reports&from={y}&to={y}&geography=WLD"
              for y in range(2014, 2024)]
        with ThreadPoolExecutor(10) as pool:
            results = list(pool.map(lambda q: slow_get(f"{url}/api/chart.png?{q}"), qs))
        assert [status for status, _ in results] == [200] * 10
        assert all(png_size(body)[0] >= 1200 for _, body in results)
        workers = {p for p in _descendants(proc.pid) if "gunicorn" in _cmdline(p)}
        assert workers
        assert get(url + "/healthz")[0] == 200  # the workers still answer
        # Beside gevent workers each image is drawn by a child that closes its chromium.
        browsers = _chromium(_descendants(proc.pid))
        assert wait_for(lambda: not _alive(browsers), 20), sorted(_alive(browsers))
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(60)
        except subprocess.TimeoutExpired:
            proc.kill()
            raise
    assert wait_for(lambda: not _alive(browsers), 20), (
        f"chromium left running: {sorted(_alive(browsers))}\n"
        + (tmp_path / "log.txt").read_text()[-2000:])
    time.sleep(0.1)


def test_french_images_name_publishers_by_their_official_french_names(store):
    from tests.dashboard.test_extract import _with_french_names

    f = Filters(sources=("statcan_juristat_2024_00003",))
    cap = images.caption(_with_french_names(store), f, "fr", "http://x/")
    assert "Statistique Canada: L’exploitation sexuelle" in cap.sources
    assert "Statistics Canada" in images.caption(store, f, "en", "http://x/").sources
