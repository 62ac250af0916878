"""The analyst's journey in a real browser: overview -> explorer -> link -> download."""

import csv
import io
import re
from pathlib import Path

import plotly.offline
import pytest
from playwright.sync_api import expect

from dashboard import ids
from tests.browser.conftest import screenshot

pytestmark = pytest.mark.browser
VIEW = ("/explore?indicator=ncmec_cybertipline_reports&from=2019&to=2023"
        "&geography=CAN,PHL")
ROWS = f"#{ids.TABLE} .ag-center-cols-container .ag-row"


def _chart_traces(page, expected: list[str]) -> list[str]:
    """The chart's trace names, once the chart shows `expected` (or after the timeout)."""
    script = f"""names => {{
        const el = document.querySelector('#{ids.CHART} .js-plotly-plot');
        return !!el && !!el.data && JSON.stringify(el.data.map(t => t.name))
               === JSON.stringify(names);
    }}"""
    page.wait_for_function(script, arg=expected, timeout=10_000)
    return page.evaluate(
        f"() => document.querySelector('#{ids.CHART} .js-plotly-plot').data.map(t => t.name)")


def _table_cells(page, col: str) -> list[str]:
    return page.locator(f"{ROWS} [col-id='{col}']").all_inner_texts()


@pytest.mark.parametrize("path", ["/", "/explore", "/sources", "/no-such-page"])
def test_every_page_renders_offline_without_errors(watched, server, path):
    watched.set_viewport_size({"width": 1440, "height": 900})
    watched.expect_404 = "no-such-page" in path
    watched.goto(server + path)
    expect(watched.locator("h1")).to_be_visible()
    watched.wait_for_load_state("networkidle")
    screenshot(watched, f"desk{path.replace('/', '_') or '_'}")


def test_overview_cards_lead_to_the_explorer(watched, server):
    watched.goto(server + "/")
    cards = watched.locator(".card")
    expect(cards).to_have_count(5)
    expect(cards.first.locator(".card-value")).to_have_text("20M+")
    expect(cards.first).to_contain_text("Not comparable with 2023")
    # The card's small trend is drawn at its own height (140 px), not squashed to a line,
    # and the source line below it is not covered (a responsive config had done both).
    watched.wait_for_load_state("networkidle")
    trend = cards.first.locator(".card-trend .main-svg").first
    source = cards.first.locator(".source-line").first
    expect(trend).to_be_visible()
    expect(source).to_be_visible()
    box, below = trend.bounding_box(), source.bounding_box()
    assert box and box["height"] >= 100 and box["width"] >= 150, box
    assert below and below["y"] >= box["y"] + box["height"] - 1, (box, below)
    drawn = watched.evaluate("""() => {
        const el = document.querySelector('.card-trend .js-plotly-plot');
        return el && el._fullLayout ? [el._fullLayout.height, el._fullLayout.width] : null;
    }""")
    assert drawn and drawn[0] == 140 and drawn[1] >= 150, drawn
    cards.first.get_by_role("link", name="See the figures behind this").click()
    expect(watched).to_have_url(
        server + "/explore?indicator=ncmec_cybertipline_reports&geography=WLD&breakdown=total")
    expect(watched.locator(f"#{ids.CHART} .main-svg").first).to_be_visible()


def test_explorer_follows_a_copied_link_and_filters_change_the_view(watched, server):
    watched.set_viewport_size({"width": 1440, "height": 900})
    watched.goto(server + VIEW)
    expect(watched.locator(ROWS)).to_have_count(10)
    assert _chart_traces(watched, ["Canada", "Philippines"]) == ["Canada", "Philippines"]
    screenshot(watched, "desk_explore_can_phl")

    # Narrow the years: the table, the chart and the address bar follow.
    watched.locator(f"#{ids.YEAR_FROM}").click()
    watched.get_by_role("option", name="2022", exact=True).click()
    expect(watched.locator(ROWS)).to_have_count(4)
    expect(watched).to_have_url(server + VIEW.replace("from=2019", "from=2022"))
    assert sorted(set(_table_cells(watched, "period"))) == ["2022", "2023"]

    # The copied address reproduces the same view in a fresh page.
    copied = watched.url
    other = watched.context.new_page()
    other.goto(copied)
    expect(other.locator(ROWS)).to_have_count(4)
    assert _chart_traces(other, ["Canada", "Philippines"]) == ["Canada", "Philippines"]
    other.close()


def test_adding_a_country_by_typing_its_name(watched, server):
    watched.goto(server + VIEW)
    expect(watched.locator(ROWS)).to_have_count(10)
    watched.locator(f"#{ids.GEOGRAPHY}").click()
    watched.keyboard.type("Germ")
    watched.get_by_role("option", name="Germany (DEU)").click()
    watched.keyboard.press("Escape")
    expect(watched.locator(ROWS)).to_have_count(15)
    # The address bar follows the view a moment later (a clientside callback): wait for it.
    expect(watched).to_have_url(re.compile(r"geography=CAN,PHL,DEU"))


def test_download_holds_exactly_the_rows_in_the_table(watched, server):
    watched.goto(server + VIEW)
    expect(watched.locator(ROWS)).to_have_count(10)
    with watched.expect_download() as info:
        watched.locator(f"#{ids.DOWNLOAD}").click()
    download = info.value
    assert download.suggested_filename.startswith(
        "ocse-figures_ncmec_cybertipline_reports_2019-2023_CAN-PHL_")
    body = Path(download.path()).read_text(encoding="utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(body)))
    table = sorted(zip(_table_cells(watched, "period"), _table_cells(watched, "geography"),
                       strict=True))
    from_csv = sorted((r["period_start"][:4], f"{r['geography_name']} ({r['geography_code']})")
                      for r in rows)
    assert from_csv == table
    assert all(r["source_url"].startswith("https://") and r["source_quote"] for r in rows)


def test_bad_link_parameters_show_a_notice_not_an_error(watched, server):
    watched.goto(server + "/explore?from=99999&geography=CAN,%3Cscript%3E&bogus=1")
    notice = watched.locator(".notice")
    expect(notice).to_contain_text("Ignored 'from=99999'")
    expect(notice).to_contain_text("Ignored unknown parameter 'bogus'.")
    expect(watched.locator(f"#{ids.CHART} .main-svg").first).to_be_visible()


def test_charts_use_the_trimmed_plotlyjs_and_never_fetch_the_full_bundle(watched, server):
    scripts: list[str] = []
    watched.on("request", lambda r: scripts.append(r.url) if r.resource_type == "script" else None)
    watched.goto(server + VIEW)
    assert _chart_traces(watched, ["Canada", "Philippines"]) == ["Canada", "Philippines"]
    watched.wait_for_load_state("networkidle")
    assert watched.evaluate("window.Plotly.version") == plotly.offline.get_plotlyjs_version()
    assert any(re.search(r"/assets/plotly-dashboard\.v0m[0-9a-f]{16}\.min\.js$", u)
               for u in scripts), scripts  # the content-hashed address
    assert not [u for u in scripts if "plotly.min.js" in u and "dashboard" not in u], scripts
