"""The briefing wall in a real browser: fits the screen, rotates, pauses, survives the server."""

import os
import signal

import pytest
from playwright.sync_api import expect

from dashboard.wall import DEFAULT_INTERVAL_S
from dashboard.wall import SLIDE_NAMES as SLIDES
from tests.browser.conftest import ROOT, free_port, screenshot, start_server, wait_until_up

pytestmark = pytest.mark.browser
SIZES = [(1920, 1080), (3840, 2160)]
# Slides whose figures make a chart; the others (a single point or a flat pair: Arachnid's
# removals are two reports of ~6 million) show a figure card instead.
CHARTED = {"ncmec-trend", "ncmec-countries", "ncmec-companies", "arachnid", "endorsements"}
# (INHOPE's records: one year so far, a card.)
NETWORK_ERRORS = ("net::ERR_CONNECTION_REFUSED", "Failed to load resource", "Failed to fetch")

FIT = """() => {
  const vw = innerWidth, vh = innerHeight;
  const slide = document.querySelector('.slide.active');
  const box = e => e.getBoundingClientRect();
  const head = slide.querySelector('.wall-headline'), chart = slide.querySelector('.wall-chart');
  const texts = [...head.querySelectorAll('p')];
  return {
    scroll: [document.documentElement.scrollWidth <= vw,
             document.documentElement.scrollHeight <= vh],
    truncated: texts.filter(p => p.scrollWidth > p.clientWidth + 1).map(p => p.textContent),
    headInside: (!chart || box(head).bottom <= box(chart).top + 1)
                && head.scrollHeight <= head.clientHeight
                && box(head).bottom <= box(document.querySelector('.progress')).top + 1,
    chartInside: !chart || (box(chart).bottom <= box(document.querySelector('.progress')).top + 1
                 && box(chart).right <= vw + 1),
    hasChart: !!chart,
    numberHeight: box(slide.querySelector('.wall-number')).height,
    // A ranked chart names every bar (plotly leaves out category labels that do not fit).
    unnamedBars: chart && chart.querySelector('.js-plotly-plot')?.data?.[0]?.type === 'bar'
      ? chart.querySelector('.js-plotly-plot').data[0].y.length
        - chart.querySelectorAll('.ytick text').length : 0,
    footerVisible: box(document.querySelector('.wall-footer')).bottom <= vh + 1,
  };
}"""


def current(page) -> str:
    return page.evaluate("document.querySelector('.briefing').dataset.current")


@pytest.mark.parametrize("lang", ["en", "fr"])
@pytest.mark.parametrize(("width", "height"), SIZES, ids=["1080p", "4k"])
@pytest.mark.parametrize("slide", list(SLIDES))
def test_every_slide_fits_the_wall(watched, server, slide, width, height, lang):
    watched.set_viewport_size({"width": width, "height": height})
    watched.goto(f"{server}/briefing?slides={slide}&lang={lang}")
    expect(watched.locator(".slide.active .wall-headline").first).to_be_visible()
    if slide in CHARTED:
        expect(watched.locator(".slide.active .wall-chart .main-svg").first).to_be_visible()
    watched.wait_for_timeout(900)  # the slide's fade-in
    fit = watched.evaluate(FIT)
    screenshot(watched, f"wall_{width}x{height}_{slide}_{lang}")
    assert fit["scroll"] == [True, True], "the wall must not scroll"
    assert fit["truncated"] == [], f"text clipped: {fit['truncated']}"
    assert fit["headInside"] and fit["chartInside"] and fit["footerVisible"], fit
    assert fit["numberHeight"] >= height / 8, "the headline number must read across the room"
    assert fit["unnamedBars"] == 0, "every bar on the wall is named"
    assert fit["hasChart"] == (slide in CHARTED), "a single point or a flat pair is a card"


def test_slides_rotate_in_the_chosen_order(watched, server):
    watched.goto(f"{server}/briefing?slides=arachnid,endorsements&interval=3")
    expect(watched.locator(".briefing[data-started]")).to_be_attached()
    assert current(watched) == "arachnid"
    expect(watched.locator(".briefing")).to_have_attribute("data-current", "endorsements",
                                                           timeout=4500)
    expect(watched.locator(".briefing")).to_have_attribute("data-current", "arachnid",
                                                           timeout=4500)
    assert watched.locator(".slide").count() == 2


@pytest.mark.parametrize("qs", ["interval=abc&slides=nope", "interval=0", "interval=99999",
                                "slides=,,,&interval=-5"])
def test_bad_parameters_fall_back_to_defaults(watched, server, qs):
    watched.goto(f"{server}/briefing?{qs}")
    root = watched.locator(".briefing")
    expect(root).to_have_attribute("data-interval", str(DEFAULT_INTERVAL_S * 1000))
    expect(watched.locator(".slide")).to_have_count(len(SLIDES))
    expect(watched.locator(".notice")).to_have_count(0)


def test_space_pauses_and_resumes(watched, server):
    watched.goto(f"{server}/briefing?interval=3")
    expect(watched.locator(".briefing[data-started]")).to_be_attached()
    watched.keyboard.press("Space")
    expect(watched.locator(".briefing")).to_have_class("briefing is-paused")
    expect(watched.locator(".paused-mark")).to_be_visible()
    first = current(watched)
    watched.wait_for_timeout(4000)
    assert current(watched) == first
    watched.keyboard.press("Space")
    expect(watched.locator(".briefing")).not_to_have_attribute("data-current", first,
                                                               timeout=4500)


def test_the_wall_survives_a_server_restart(browser, tmp_path):
    """Stop the server mid-rotation: slides stay and turn, a mark appears; restart: it clears."""
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    os.environ["DASHBOARD_HEALTH_POLL_SECONDS"] = "1"
    try:
        proc = start_server(port, ROOT / "data", tmp_path / "server.log")
    finally:
        del os.environ["DASHBOARD_HEALTH_POLL_SECONDS"]
    page = browser.new_page()
    errors = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    try:
        wait_until_up(url, proc)
        page.goto(f"{url}/briefing?interval=3")
        expect(page.locator(".last-refresh")).not_to_have_text("–")
        for _ in range(2):
            proc.send_signal(signal.SIGTERM)
            proc.wait(timeout=15)
            expect(page.locator(".offline-mark")).to_be_visible(timeout=5000)
            before = current(page)
            expect(page.locator(".briefing")).not_to_have_attribute("data-current", before,
                                                                    timeout=4500)
            expect(page.locator(".slide.active .wall-number")).to_be_visible()
            os.environ["DASHBOARD_HEALTH_POLL_SECONDS"] = "1"
            try:
                proc = start_server(port, ROOT / "data", tmp_path / "server.log")
            finally:
                del os.environ["DASHBOARD_HEALTH_POLL_SECONDS"]
            wait_until_up(url, proc)
            expect(page.locator(".offline-mark")).to_be_hidden(timeout=5000)
        unexpected = [e for e in errors if not any(n in e for n in NETWORK_ERRORS)]
        assert unexpected == []
    finally:
        page.close()
        proc.terminate()
        proc.wait(timeout=15)


def test_keyboard_focus_pauses_the_rotation(watched, server):
    watched.goto(f"{server}/briefing?interval=3")
    expect(watched.locator(".briefing[data-started]")).to_be_attached()
    watched.evaluate("""() => { const b = document.createElement('button');
        b.id = 'probe'; document.querySelector('.wall-footer').appendChild(b); }""")
    watched.keyboard.press("Tab")  # keyboard focus lands on the probe button
    expect(watched.locator(".briefing")).to_have_class("briefing is-paused")
    first = current(watched)
    watched.wait_for_timeout(4000)
    assert current(watched) == first
