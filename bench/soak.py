"""The wall in a browser for a long run: JS heap and DOM nodes over time, console errors.

Headless Chromium shows /briefing?interval=3 (a slide every 3 s); every `--every` seconds the
bench forces a garbage collection and reads Chromium's JSHeapUsedSize and Nodes (CDP
Performance.getMetrics). Target (#17): heap and DOM nodes grow < 25% over ten minutes, and no
console error. Growth is measured from the first sample after one full rotation (warm-up).

    .venv/bin/python bench/soak.py                    # 10 minutes
    .venv/bin/python bench/soak.py --minutes 1 --every 10
"""

from __future__ import annotations

import argparse
import json
import sys
import time

from browser import ARGS, CHROMIUM, HERE, load, start
from playwright.sync_api import sync_playwright

TARGET_GROWTH = 0.25


def sample(cdp) -> dict:
    cdp.send("HeapProfiler.collectGarbage")
    metrics = {m["name"]: m["value"] for m in cdp.send("Performance.getMetrics")["metrics"]}
    return {"heap_mb": round(metrics["JSHeapUsedSize"] / 2**20, 2),
            "nodes": int(metrics["Nodes"]), "listeners": int(metrics["JSEventListeners"])}


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--minutes", type=float, default=10)
    p.add_argument("--every", type=float, default=30)
    p.add_argument("--interval", type=int, default=3, help="seconds per slide")
    args = p.parse_args(argv)
    minutes = min(args.minutes, 120)  # bounded
    out_dir = HERE / "out"
    out_dir.mkdir(exist_ok=True)
    errors: list[str] = []
    samples: list[dict] = []
    proc, base = start("ours", out_dir / "soak-server.log")
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            page = browser.new_page(viewport={"width": 1920, "height": 1080})
            page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
            page.on("pageerror", lambda e: errors.append(str(e)))
            cdp = page.context.new_cdp_session(page)
            cdp.send("Performance.enable")
            page.goto(f"{base}/briefing?interval={args.interval}")
            page.wait_for_selector(".slide.active .wall-number")
            page.wait_for_timeout(args.interval * 7 * 1000)  # one full rotation: warm-up
            t0 = time.monotonic()
            end = t0 + minutes * 60
            while True:
                s = {"t_s": round(time.monotonic() - t0), **sample(cdp),
                     "slide": page.locator(".briefing").get_attribute("data-current")}
                samples.append(s)
                print(f"{s['t_s']:5d} s  heap {s['heap_mb']:7.2f} MB  nodes {s['nodes']:6d}  "
                      f"listeners {s['listeners']:5d}  slide {s['slide']}", flush=True)
                if time.monotonic() >= end:
                    break
                page.wait_for_timeout(min(args.every, max(0.0, end - time.monotonic())) * 1000)
            browser.close()
    finally:
        load.stop(proc)
    first, last = samples[0], samples[-1]
    heap = last["heap_mb"] / first["heap_mb"] - 1
    nodes = last["nodes"] / first["nodes"] - 1
    peak_heap = max(s["heap_mb"] for s in samples) / first["heap_mb"] - 1
    ok = heap < TARGET_GROWTH and nodes < TARGET_GROWTH and not errors
    print(f"over {last['t_s'] / 60:.1f} min at {args.interval} s a slide: heap {heap:+.1%} "
          f"(peak {peak_heap:+.1%}), DOM nodes {nodes:+.1%}, console errors {len(errors)}"
          f"  {'pass' if ok else 'FAIL'} (< {TARGET_GROWTH:.0%}, no error)", flush=True)
    for e in errors[:5]:
        print("  console:", e[:200])
    (out_dir / "soak.json").write_text(json.dumps(
        {"samples": samples, "errors": errors, "heap_growth": heap, "node_growth": nodes},
        indent=2))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
