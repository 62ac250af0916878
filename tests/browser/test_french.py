"""French pages by the book: CLDR's country names, dates in words, plotly's French controls."""

import re

import pytest
from playwright.sync_api import expect

from dashboard import ids
from tests.browser.conftest import screenshot

pytestmark = pytest.mark.browser
ROWS = f"#{ids.TABLE} .ag-center-cols-container .ag-row"
ISO_FORMAL = re.compile(r", (Fédération|République|État|Royaume|Province) ")
ISO_RANGE = re.compile(r"du \d{4}-\d{2}-\d{2} au \d{4}-\d{2}-\d{2}")
ENGLISH_CONTROLS = {"Zoom in", "Zoom out", "Autoscale", "Reset axes", "Pan",  # "Zoom": both
                    "Download plot as a PNG", "Download plot", "Reset view"}


def _modebar_titles(page) -> set[str]:
    page.locator(f"#{ids.CHART} .js-plotly-plot").hover()
    page.wait_for_selector(f"#{ids.CHART} .modebar-btn", state="attached")
    return set(page.eval_on_selector_all(f"#{ids.CHART} .modebar-btn",
                                         "els => els.map(e => e.getAttribute('data-title'))"))


@pytest.mark.parametrize("view", [
    "/explore?indicator=ncmec_cybertipline_reports&from=2023&to=2023&lang=fr",
    "/explore?indicator=arachnid_notifications,arachnid_removals&lang=fr",
])
def test_french_explorer_has_no_iso_names_dates_or_english_controls(watched, server, view):
    watched.set_viewport_size({"width": 1440, "height": 900})
    watched.goto(server + view)
    expect(watched.locator(ROWS).first).to_be_visible()
    watched.wait_for_load_state("networkidle")
    text = watched.locator("body").inner_text()
    assert not ISO_FORMAL.search(text), ISO_FORMAL.search(text)
    assert not ISO_RANGE.search(text), ISO_RANGE.search(text)
    titles = _modebar_titles(watched)
    assert titles and not titles & ENGLISH_CONTROLS, titles
    assert titles & {"Réinitialiser les axes", "Échelle automatique", "Zoom avant",
                     "Réinitialiser la vue", "Translation"}  # no camera: "Download image"
    screenshot(watched, "fr" + re.sub(r"[^a-z0-9]+", "_", view.split("?")[1])[:60])


def test_french_names_and_periods_in_words_in_the_table(watched, server):
    watched.goto(server + "/explore?indicator=ncmec_cybertipline_reports&from=2023&to=2023"
                 "&geography=RUS,KOR,USA&lang=fr")
    expect(watched.locator(ROWS).first).to_be_visible()
    places = set(watched.locator(f"{ROWS} [col-id='geography']").all_inner_texts())
    assert {"Russie (RUS)", "Corée du Sud (KOR)", "États-Unis (USA)"} <= places
    watched.goto(server + "/explore?indicator=arachnid_notifications&lang=fr")
    expect(watched.locator(ROWS).first).to_be_visible()
    periods = watched.locator(f"{ROWS} [col-id='period']").all_inner_texts()
    assert any(re.fullmatch(r"du \d{1,2} \w+ \d{4} au \d{1,2} \w+ \d{4}", p) for p in periods), \
        periods
