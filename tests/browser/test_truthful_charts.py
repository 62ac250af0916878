"""Companies as one line across printed names, and charts that draw only what the data says,
read from the figure Plotly drew (gd.data, gd._fullLayout) in a real browser."""

import csv
import io
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from dashboard import ids
from tests.browser.conftest import screenshot

pytestmark = pytest.mark.browser
NCMEC = "/explore?indicator=ncmec_cybertipline_reports"
ROWS = f"#{ids.TABLE} .ag-center-cols-container .ag-row"
DRAWN = f"""() => {{
    const gd = document.querySelector('#{ids.CHART} .js-plotly-plot');
    if (!gd || !gd.data || !gd._fullLayout) return null;
    const L = gd._fullLayout;
    return {{names: gd.data.map(t => t.name), types: gd.data.map(t => t.type),
             shapes: gd.data.map(t => (t.line || {{}}).shape || ''),
             xs: gd.data.map(t => t.x), ys: gd.data.map(t => t.y),
             title: (L.title || {{}}).text || '',
             ytitle: ((L.yaxis || {{}}).title || {{}}).text || '',
             xtitle: ((L.xaxis || {{}}).title || {{}}).text || ''}};
}}"""


def drawn(page) -> dict:
    page.wait_for_function(f"() => {{ const d = ({DRAWN})(); return !!d && d.names.length > 0 }}",
                           timeout=15_000)
    page.wait_for_timeout(300)
    return page.evaluate(DRAWN)


def test_a_company_whose_printed_names_have_commas_is_picked_drawn_and_downloaded(watched,
                                                                                  server):
    watched.set_viewport_size({"width": 1440, "height": 900})
    watched.goto(server + NCMEC + "&from=2019&to=2023&geography=WLD&breakdown=total")
    expect(watched.locator(ROWS)).to_have_count(10)  # two NCMEC reports give each year
    watched.locator(f"#{ids.BREAKDOWN}").click()
    watched.keyboard.type("Instagram")
    watched.get_by_role("option", name=re.compile(r"^Meta › Instagram \(2021–")).click()
    watched.keyboard.press("Escape")
    watched.locator(f"#{ids.BREAKDOWN}").click()
    watched.get_by_role("option", name="Total", exact=True).click()  # untick the total
    watched.keyboard.press("Escape")
    expect(watched).to_have_url(re.compile(r"breakdown=instagram($|&)"))
    expect(watched.locator(ROWS)).to_have_count(3)
    fig = drawn(watched)
    assert fig["names"] == ["Instagram"]
    assert fig["xs"][0] == [2021, 2022, 2023]
    assert fig["ys"][0] == [3393654, 5007902, 11430007]
    cells = watched.locator(f"{ROWS} [col-id='breakdown']").all_inner_texts()
    assert "Instagram (Printed as Instagram, Inc.)" in cells
    with watched.expect_download() as info:
        watched.locator(f"#{ids.DOWNLOAD}").click()
    rows = list(csv.DictReader(io.StringIO(
        Path(info.value.path()).read_text(encoding="utf-8-sig"))))
    assert [(r["breakdown"], r["company_id"], r["value"]) for r in rows] == [
        ("Instagram", "instagram", "3393654"), ("Instagram, Inc.", "instagram", "5007902"),
        ("Instagram, Inc.", "instagram", "11430007")]


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_meta_x_and_tiktok_are_unbroken_lines_2019_2024(watched, server, lang):
    watched.set_viewport_size({"width": 1440, "height": 900})
    watched.goto(server + NCMEC + f"&from=2019&to=2024&geography=WLD&breakdown=meta,x,tiktok"
                 f"&lang={lang}")
    fig = drawn(watched)
    group = "Meta (group)" if lang == "en" else "Meta (groupe)"
    x_name = "X (formerly Twitter)"
    for name in (group, x_name, "TikTok"):
        assert name in fig["names"], fig["names"]
        xs = fig["xs"][fig["names"].index(name)]
        years = [x for x in xs if x is not None and float(x).is_integer()]
        assert years[:5] == [2019, 2020, 2021, 2022, 2023], (name, xs)  # no year missing
    screenshot(watched, f"desk_companies_meta_x_tiktok_{lang}")


def test_no_unit_shares_an_axis_and_every_chart_has_a_title_and_unit(watched, server):
    watched.set_viewport_size({"width": 1440, "height": 900})
    watched.goto(server + "/explore?indicator=statcan_ocse_rate,ncmec_cybertipline_reports"
                 "&geography=CAN")
    fig = drawn(watched)
    assert fig["title"] and "100" in fig["ytitle"]
    assert not any("CyberTipline" in n for n in fig["names"])
    expect(watched.locator(f"#{ids.CAVEATS}")).to_contain_text("another unit")
    screenshot(watched, "desk_units_notice")


@pytest.mark.parametrize("path", ["/explore", "/explore?indicator=", "/explore?indicator=nope"])
def test_the_reset_and_unknown_views_are_the_headline_series_not_a_map(watched, server, path):
    watched.goto(server + path)
    fig = drawn(watched)
    assert "choropleth" not in fig["types"]
    assert fig["names"][0].startswith("CyberTipline reports") or fig["title"].startswith(
        "CyberTipline reports")
    if "nope" in path:
        expect(watched.locator(".notice")).to_contain_text("headline series")


def test_as_of_figures_are_dated_points_never_steps(watched, server):
    watched.set_viewport_size({"width": 1440, "height": 900})
    watched.goto(server + "/explore?indicator=arachnid_notifications")
    fig = drawn(watched)
    assert fig["shapes"] and "hv" not in fig["shapes"]
    assert fig["ytitle"] and fig["title"]
    screenshot(watched, "desk_arachnid")


def test_french_pages_name_publishers_by_their_official_french_names(watched, server):
    watched.goto(server + "/explore?indicator=arachnid_notifications&lang=fr")
    expect(watched.locator(ROWS).first).to_be_visible()
    watched.locator(f"#{ids.SOURCE}").click()
    options = " | ".join(watched.get_by_role("option").all_inner_texts())
    watched.keyboard.press("Escape")
    assert "Centre canadien de protection de l’enfance" in options
    assert "Canadian Centre for Child Protection:" not in options


@pytest.mark.parametrize(("lang", "shown", "ytitle"), [
    ("en", "36,908", "Change on the previous year (%)"),
    ("fr", "36\u202f908", "Variation sur l'année précédente (%)"),
])
def test_change_on_the_previous_year_is_drawn_computed_and_the_table_cites_with_links(
        watched, server, lang, shown, ytitle):
    """CAN/PHL with the change on the previous year: the chart draws changes computed here
    (titled so), the table keeps the published figures with separators and links each to
    its source in a new tab."""
    watched.set_viewport_size({"width": 1440, "height": 900})
    watched.goto(server + NCMEC + f"&from=2019&to=2023&geography=CAN,PHL&measure=change_pct"
                 f"&lang={lang}")
    fig = drawn(watched)
    assert fig["ytitle"] == ytitle and "<br>" in fig["title"]
    assert [x for x in fig["xs"][0]] == [2020, 2021, 2022, 2023]  # no change for 2019
    assert round(fig["ys"][0][0], 2) == 17.45  # Canada: 43,350 on 36,908
    first = watched.locator(f"{ROWS}[row-index='0']")
    expect(first.locator("[col-id='value']")).to_have_text(shown)
    link = first.locator("[col-id='source'] a")
    expect(link).to_have_attribute("target", "_blank")
    assert link.get_attribute("href").startswith("https://www.missingkids.org/")
    assert "noopener" in link.get_attribute("rel")
    watched.locator(f"#{ids.SCALE}").click()
    watched.get_by_role("option", name=re.compile("^Log")).click()
    expect(watched).to_have_url(re.compile(r"scale=log"))
    watched.wait_for_function(
        f"() => document.querySelector('#{ids.CHART} .js-plotly-plot')._fullLayout.yaxis.type"
        " === 'log'")
    screenshot(watched, f"desk_1440x900_canphl_change_{lang}")
