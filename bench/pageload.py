"""An explorer page load and never-seen views against the bare-Dash floor, in one run.

Issue #17's targets for page loads, measured here against bench/floor.py started in the same
run with the same gunicorn flags (the ratio is what counts: the machine may be busy). Both
servers run side by side and the floor is measured again just before each of our rows: each
ratio is against the floor's run next to it, not against one run at the start.

1. Each server callback an explorer page load runs, for the analyst's link
   (/explore?indicator=...&from=2019&to=2023&geography=CAN,PHL), repeated: Dash's page router
   (the page's layout), update_options (if the page fires it on load) and update_view. The
   heaviest of them must reach >= 0.6x the floor's callback throughput.
2. update_view for 1,700 distinct views nobody asked for yet (two countries and a year range
   each; a separate set warms the workers up first): >= 0.5x the floor's throughput.

Callbacks the page does not fire on load (prevent_initial_call; Dash's router is fired by
dcc.Location as it mounts all the same) are left out of (1) and said to be. wrk drives
perf.CONNECTIONS connections for --seconds each run, after a short warm-up.

Runs are 20 s by default. Both servers recycle each worker every DASHBOARD_MAX_REQUESTS
requests; when that was 2,000, at several hundred requests a second a 10 s run held zero, one
or two recycles of either server, and the ratio moved from 0.35x to 0.94x between two runs of
the same code (2026-12-01). At the default 20,000 a worker is still recycled about once a
row when it answers over 1,000 requests a second (kept answers: the page-load rows).

    .venv/bin/python bench/pageload.py                  # 2 workers, 20 s runs
    .venv/bin/python bench/pageload.py --seconds 40 --json out.json
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))
import load  # noqa: E402 (bench/ has to be on the path first)
import perf  # noqa: E402
from load import UPDATE, Request, ids  # noqa: E402

NEVER_SEEN = 1700
WARM = 200
MIN_PAGE_LOAD_RATIO = 0.6
MIN_NEVER_SEEN_RATIO = 0.5
LOCATION = ["_pages_location.pathname", "_pages_location.search"]


def page_load_requests(deps: list[dict]) -> list[tuple[Request, bool]]:
    """The server callbacks of a page load of the analyst's link, each with whether the
    page fires it on load: a callback with prevent_initial_call waits for a change, except
    Dash's page router, whose dcc.Location sets pathname and search as it mounts."""
    router = load.find_callback(deps, LOCATION[0], kind="inputs")
    options = load.find_callback(deps, f"{ids.GEOGRAPHY}.options")
    view = load.find_callback(deps, f"{ids.CHART}.figure")
    values = {**load.filter_values(perf.VIEW), LOCATION[0]: "/explore",
              LOCATION[1]: "?" + perf.VIEW_QUERY}
    out = []
    for name, dep, changed in (("page router (layout)", router, LOCATION),
                               ("update_options", options, []),
                               ("update_view", view, [])):
        body = load.callback_body(dep, values, changed)
        on_load = dep is router or not dep.get("prevent_initial_call")
        out.append((Request(name, "POST", UPDATE, body), on_load))
    return out


def measure(wrk: perf.Wrk, base: str, master: int, mix: list[Request],
            warm: list[Request] | None = None) -> dict:
    fig = wrk.measure(base, master, mix, warm)
    size = len(load.http(base, mix[0])[1])
    return {**perf.row(mix[0].name, fig, perf.alone_ms(base, mix[:20] if len(mix) > 1
                                                       else mix * 20)), "bytes": size}


def run(args: argparse.Namespace, work: Path, wrk_path: str) -> dict:
    """Both servers up at once; each of our rows is measured right after a run of the floor,
    and its ratio is against that run (the floor's own throughput moved 400-575 req/s between
    runs on this machine: a single floor run at the start made every ratio ride on it)."""
    servers = perf.Servers(work, perf.ROOT, args.workers)
    wrk = perf.Wrk(wrk_path, work, args.seconds, 3)
    out: dict = {"config": {"workers": args.workers, "seconds": args.seconds,
                            "connections": perf.CONNECTIONS}}
    try:
        fproc, fbase, _ = perf.start(servers, "floor")
        fdeps = load.dependencies(fbase)
        body = load.callback_body(fdeps[0], {"choice.value": "b"}, ["choice.value"])
        floor_cb = [Request("floor callback (prebuilt 20-point go.Figure)", "POST", UPDATE, body)]
        perf.verify(fbase, floor_cb)
        proc, base, _ = perf.start(servers, "ours")
        deps = load.dependencies(base)
        floors = []

        def paired(mix: list[Request], warm: list[Request] | None = None) -> dict:
            floors.append(measure(wrk, fbase, fproc.pid, floor_cb))
            row = measure(wrk, base, proc.pid, mix, warm)
            rps = floors[-1]["rps"]
            return {**row, "floor_rps": rps, "ratio": round(row["rps"] / rps, 2) if rps else None}

        out["page_load"] = []
        for req, on_load in page_load_requests(deps):
            perf.verify(base, [req])
            out["page_load"].append({**paired([req]), "on_load": on_load})
        views = perf.real_views(perf.ROOT / "data", NEVER_SEEN + WARM + 20)
        seen = perf._view_requests(deps, views[NEVER_SEEN:])
        never = perf._view_requests(deps, views[:NEVER_SEEN])
        perf.verify(base, never[:3])
        out["never_seen"] = paired(never, seen)
        out["never_seen"]["name"] = f"update_view, {NEVER_SEEN:,} never-seen views"
        middle = sorted(floors, key=lambda r: r["rps"])[len(floors) // 2]
        out["floor"] = {**middle, "runs_rps": [r["rps"] for r in floors],
                        "errors": sum(r["errors"] for r in floors)}
    finally:
        servers.stop_all()
    return out


def report(res: dict) -> bool:
    cfg = res["config"]
    print(f"\n== Explorer page load vs the bare-Dash floor: {cfg['workers']} workers, wrk "
          f"{cfg['connections']} connections x {cfg['seconds']} s, same run ==")
    print(f"  {'callback':<44}{'req/s':>8}{'p50 ms':>8}{'p99 ms':>8}{'alone ms':>9}"
          f"{'bytes':>9}{'floor':>7}{'ratio':>7}  on load")
    rows = [res["floor"], *res["page_load"], res["never_seen"]]
    for r in rows:
        flag = "" if r is res["floor"] or r is res["never_seen"] else (
            "yes" if r["on_load"] else "no (prevent_initial_call)")
        print(f"  {r['name']:<44}{r['rps']:>8}{r['p50_ms']:>8}{r['p99_ms']:>8}"
              f"{r['alone_ms']:>9}{r['bytes']:>9}{r.get('floor_rps', ''):>7}"
              f"{r.get('ratio') or '':>7}  {flag}")
    print("  (the page-load rows repeat one link's requests: after the first, each is answered "
          "from the worker's kept answers, dashboard/memo.py; a view nobody asked for yet is "
          "the never-seen row)")
    print(f"  (floor: the median of its {len(res['floor']['runs_rps'])} runs, "
          f"{', '.join(map(str, res['floor']['runs_rps']))} req/s; each row's ratio is "
          "against the floor run just before it)")
    fired = [r for r in res["page_load"] if r["on_load"]]
    heaviest = min(fired, key=lambda r: r["rps"])
    checks = [(f"heaviest page-load callback >= {MIN_PAGE_LOAD_RATIO}x the floor",
               heaviest["ratio"] >= MIN_PAGE_LOAD_RATIO,
               f"{heaviest['name']}: {heaviest['ratio']}x"),
              (f"{NEVER_SEEN:,} never-seen views >= {MIN_NEVER_SEEN_RATIO}x the floor",
               res["never_seen"]["ratio"] >= MIN_NEVER_SEEN_RATIO,
               f"{res['never_seen']['ratio']}x")]
    errors = sum(r["errors"] for r in rows)
    checks.append(("no errors", errors == 0, f"{errors} errors"))
    print("\nTargets")
    for name, ok, measured in checks:
        print(f"  {'PASS' if ok else 'FAIL':<5} {name:<52} {measured}")
    return all(ok for _, ok, _ in checks)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--seconds", type=int, default=20, help="length of each wrk run")
    p.add_argument("--workers", type=int, default=2)
    p.add_argument("--json", type=Path, metavar="PATH", help="also write the figures as JSON")
    args = p.parse_args(argv)
    wrk_path = load.ensure_wrk()
    if not wrk_path:
        print("wrk is missing: install it with `apt-get install -y wrk`", file=sys.stderr)
        return 2
    other = perf.OtherLoad()
    with tempfile.TemporaryDirectory(prefix="dashboard-pageload-") as tmp:
        t0 = time.perf_counter()
        res = run(args, Path(tmp), wrk_path)
    res["other_load"] = other.share()
    ok = report(res)
    print(f"\n(other processes took {res['other_load']:.0%} of the CPUs meanwhile; "
          f"{time.perf_counter() - t0:.0f} s)")
    if args.json:
        args.json.write_text(json.dumps(res, indent=2) + "\n")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
