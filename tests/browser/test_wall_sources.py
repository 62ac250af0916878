"""The wall never shows an unverified figure: plant the newest and largest figure of every
slide's series in an unverified source, then read every slide, text and drawn data alike."""

from __future__ import annotations

import csv
import shutil
import urllib.request

import pytest
from playwright.sync_api import expect

from dashboard.wall import SLIDE_NAMES
from tests.browser.conftest import ROOT, free_port, start_server, wait_until_up

pytestmark = pytest.mark.browser
PLANTED = "planted_unverified_blog"
# Figures nobody publishes: each starts 97531, so every way the wall could write one ('975.3M',
# '975,310,009', '975 310 002', '975,3 M') holds '975'; no real figure in data/ does.
MARK = "975"
ROWS = [  # indicator, period start, period end, geography, breakdown, value
    ("ncmec_cybertipline_reports", "2026-01-01", "2026-06-30", "WLD", "total", 975310001),
    ("ncmec_cybertipline_reports", "2025-01-01", "2025-12-31", "WLD", "total", 975310009),
    ("ncmec_cybertipline_reports", "2025-01-01", "2025-12-31", "CAN", "total", 975310003),
    ("ncmec_cybertipline_reports", "2025-01-01", "2025-12-31", "WLD", "Planted Co", 975310004),
    ("arachnid_notifications", "2017-01-17", "2026-06-30", "WLD", "total", 975310006),
    ("arachnid_removals", "2017-01-17", "2026-06-30", "WLD", "total", 975310005),
    ("vp_endorsing_companies", "2020-03-05", "2026-06-30", "WLD", "total", 975310007),
    ("inhope_records", "2026-01-01", "2026-06-30", "WLD", "total", 975310008),
]
SLIDE_TEXT = """() => {
  const slide = document.querySelector('.slide.active');
  const graphs = [...slide.querySelectorAll('.js-plotly-plot')];
  return {text: document.querySelector('.briefing').innerText,
          drawn: JSON.stringify(graphs.map(g => g.data.map(t => [t.y, t.text, t.customdata])))};
}"""


def _append(path, rows: list[dict]) -> None:
    with path.open(newline="", encoding="utf-8") as fh:
        columns = next(csv.reader(fh))
    with path.open("a", newline="", encoding="utf-8") as fh:
        csv.DictWriter(fh, fieldnames=columns, lineterminator="\n").writerows(rows)


def _plant(folder) -> None:
    _append(folder / "sources.csv", [{
        "source_id": PLANTED, "publisher": "An anonymous blog", "publisher_fr": "",
        "title": "Figures copied from elsewhere", "title_fr": "",
        "url": "https://example.org/planted", "published": "2026-11-01", "language": "en",
        "kind": "unverified", "accessed": "", "licence": "", "note": "Test fixture."}])
    _append(folder / "company_names.csv", [{
        "source_id": PLANTED, "printed_name": "Planted Co", "company_id": "meta",
        "scope": "company", "scope_note_en": "", "scope_note_fr": ""}])
    _append(folder / "observations.csv", [
        {"indicator_id": ind, "period_start": start, "period_end": end, "end_precision": "day",
         "geography": geo, "breakdown": breakdown, "value": str(value), "qualifier": "exact",
         "source_id": PLANTED, "quote": f"planted {value}", "note": ""}
        for ind, start, end, geo, breakdown, value in ROWS])


@pytest.fixture(scope="module")
def planted_server(tmp_path_factory):
    folder = tmp_path_factory.mktemp("planted") / "data"
    shutil.copytree(ROOT / "data", folder)
    _plant(folder)
    port = free_port()
    proc = start_server(port, folder, folder.parent / "server.log")
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(url, proc, seconds=60)
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=15)


def _extract(url: str) -> str:
    with urllib.request.urlopen(url, timeout=30) as resp:  # noqa: S310 (a local test server)
        return resp.read().decode("utf-8")


def test_the_planted_figures_are_there_for_whoever_asks_for_unverified(planted_server):
    """The planting worked: the extract holds them with the control on, and not by default."""
    extract = f"{planted_server}/api/extract.csv?indicator=inhope_records"
    assert "975310008" in _extract(extract + "&source_kind=primary,secondary,unverified")
    assert "975310008" not in _extract(extract)


@pytest.mark.parametrize("lang", ["en", "fr"])
@pytest.mark.parametrize("slide", list(SLIDE_NAMES))
def test_no_slide_shows_an_unverified_figure(planted_server, watched, slide, lang):
    watched.set_viewport_size({"width": 1920, "height": 1080})
    watched.goto(f"{planted_server}/briefing?slides={slide}&lang={lang}")
    expect(watched.locator(".slide.active .wall-number").first).to_be_visible()
    watched.wait_for_timeout(900)  # the slide's fade-in and its chart
    seen = watched.evaluate(SLIDE_TEXT)
    assert MARK not in seen["text"], seen["text"]
    assert "97531" not in seen["drawn"]
    assert "anonymous blog" not in seen["text"].lower()
