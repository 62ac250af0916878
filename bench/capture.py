"""Check bench/load.py's callback bodies against what Chromium really POSTs.

It starts gunicorn on loopback (as load.py does), opens a shared explorer link in Debian's
Chromium with Playwright, changes a filter, follows a navigation link, and records every JSON
body the browser POSTs to /_dash-update-component (page router, update_options, update_view).
For each one it rebuilds the body with load.py's `callback_body` from the same component values
and compares the two; it also checks the browser got 200. Exit code 0 when every body matches.

    .venv/bin/python bench/capture.py                  # report
    .venv/bin/python bench/capture.py --save out.json  # also keep the recorded bodies
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

from load import (
    HOST,
    UPDATE,
    callback_body,
    dependencies,
    free_port,
    ids,
    start_gunicorn,
    stop,
    wait_healthy,
)
from playwright.sync_api import expect, sync_playwright

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
LINK = "/explore?indicator=ncmec_cybertipline_reports&from=2019&to=2023&geography=CAN,PHL"


def record(base: str) -> list[dict]:
    """Drive the explorer once; the callback bodies and statuses, in the order sent."""
    seen: list[dict] = []

    def on_response(resp):
        req = resp.request
        if req.method == "POST" and req.url.split("?")[0].endswith(UPDATE):
            seen.append({"status": resp.status, "body": req.post_data_json})

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            page.on("response", on_response)
            page.goto(base + LINK)
            expect(page.locator(f"#{ids.ROW_COUNT}")).not_to_be_empty()
            page.locator(f"#{ids.YEAR_FROM}").click()
            page.get_by_role("option", name="2021", exact=True).click()
            expect(page.locator(f"#{ids.SHARE_LINK}")).to_have_attribute(
                "href",
                "/explore?indicator=ncmec_cybertipline_reports&from=2021&to=2023&geography=CAN,PHL",
            )
            page.get_by_role("link", name="Overview").click()
            expect(page.locator(f"#{ids.OVERVIEW_CARDS}")).to_be_visible()
            page.wait_for_load_state("networkidle")
        finally:
            browser.close()
    return seen


def rebuilt(deps: dict[str, dict], body: dict) -> dict:
    values = {
        f"{d['id']}.{d['property']}": d.get("value")
        for d in [*body["inputs"], *body.get("state", [])]
    }
    return callback_body(deps[body["output"]], values, body["changedPropIds"])


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--save", type=Path, metavar="PATH", help="write the recorded bodies here")
    args = p.parse_args()
    port = free_port()
    base = f"http://{HOST}:{port}"
    with tempfile.TemporaryDirectory(prefix="dashboard-capture-") as tmp:
        proc = start_gunicorn(port, 1, Path(tmp) / "gunicorn.log")
        try:
            wait_healthy(base, proc)
            deps = {d["output"]: d for d in dependencies(base)}
            seen = record(base)
        finally:
            stop(proc)
    bad = 0
    for item in seen:
        body = item["body"]
        same = rebuilt(deps, body) == body
        bad += (not same) + (item["status"] != 200)
        print(f"{item['status']}  {'same' if same else 'DIFFERENT'}  {body['output'][:70]}")
        if not same:
            print("  browser: " + json.dumps(body)[:600])
            print("  rebuilt: " + json.dumps(rebuilt(deps, body))[:600])
    if args.save:
        args.save.write_text(json.dumps(seen, indent=2) + "\n")
    print(f"{len(seen)} callback bodies recorded, {bad} problem(s)")
    return 0 if seen and not bad else 1


if __name__ == "__main__":
    sys.exit(main())
