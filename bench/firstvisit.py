"""Bytes over the wire for a first visit (empty cache), ours against the bare-Dash floor.

Headless Chromium opens the analyst's view and the wall, waits for the chart and for the
network to go quiet, and adds up every response's encoded size (headers included) as the
browser's network layer saw them. Targets (#17): analyst view <= 1,200 KB, wall <= 700 KB.

    .venv/bin/python bench/firstvisit.py
"""

from __future__ import annotations

import json
import sys

from browser import ARGS, CHROMIUM, HERE, load, start
from playwright.sync_api import sync_playwright

ANALYST = "/explore?indicator=ncmec_cybertipline_reports&from=2019&to=2023&geography=CAN,PHL"
PAGES = {"ours": {"analyst view": (ANALYST, 1200), "wall": ("/briefing", 700)},
         "floor": {"floor page": ("/", None)}}


def visit(browser, url: str) -> dict:
    context = browser.new_context()  # a fresh profile: nothing cached
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    sizes: dict[str, int] = {}
    urls: dict[str, str] = {}
    cdp.on("Network.responseReceived", lambda e: urls.__setitem__(e["requestId"],
                                                                  e["response"]["url"]))
    cdp.on("Network.loadingFinished",
           lambda e: sizes.__setitem__(e["requestId"], int(e["encodedDataLength"])))
    page.goto(url)
    page.wait_for_selector(".js-plotly-plot .main-svg", timeout=60000)
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(500)
    context.close()
    biggest = sorted(((n, urls.get(r, r)) for r, n in sizes.items()), reverse=True)[:5]
    return {"requests": len(sizes), "kb": round(sum(sizes.values()) / 1024, 1),
            "largest": [(round(n / 1024, 1), u.split("?")[0].rsplit("/", 1)[-1])
                        for n, u in biggest]}


def main() -> int:
    out_dir = HERE / "out"
    out_dir.mkdir(exist_ok=True)
    results: dict = {}
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        for kind, pages in PAGES.items():
            proc, base = start(kind, out_dir / f"firstvisit-{kind}.log")
            try:
                for name, (path, target) in pages.items():
                    visit(browser, base + path)  # warm the server's caches, not the browser's
                    r = visit(browser, base + path)
                    r["target_kb"] = target
                    results[f"{kind}: {name}"] = r
                    verdict = "" if target is None else (
                        "  pass" if r["kb"] <= target else "  FAIL") + f" (<= {target} KB)"
                    print(f"{kind:5} {name:13} {r['kb']:8.1f} KB in {r['requests']} responses"
                          f"{verdict}", flush=True)
                    print("      largest: " + ", ".join(f"{u} {k} KB" for k, u in r["largest"]),
                          flush=True)
            finally:
                load.stop(proc)
        browser.close()
    (out_dir / "firstvisit.json").write_text(json.dumps(results, indent=2))
    return 0 if all(r["kb"] <= r["target_kb"] for r in results.values() if r["target_kb"]) else 1


if __name__ == "__main__":
    sys.exit(main())
