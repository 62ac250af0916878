"""Performance benchmark of the dashboard against a bare Dash floor, in one command.

    .venv/bin/python bench/perf.py [--quick] [--sizes 10000,100000,1000000] [--json out.json]

Everything runs on loopback, on this machine, one server at a time (wrk shares the CPUs with
gunicorn, as it would on a one-box deployment). Every server is started the way `make run`
starts ours: `python -m dashboard.serve` (gunicorn with gevent workers and --preload, which
validates the data once); the floor (bench/floor.py) gets the very same gunicorn flags and
worker count.

1. callbacks: wrk, 4 connections, 15 s each (after a 3 s warm-up), on the real data/:
   the floor's callback (a prebuilt 20-point go.Figure) and its 20-row CSV route, then the
   explorer's main filter callback (update_view) for the analyst's view, with the exact body
   Chromium POSTs (recorded by bench/capture.py), and /api/extract.csv for the same filters.
   Requests/s and p50/p99, and ours as ratios to the floor.
2. cold start: process start -> first 200 on /, ours and the floor, median of 3.
3. browser: headless Debian Chromium (Playwright), navigation start -> first chart with data
   drawn (first `g.trace` inside a `.main-svg`), on the floor's page, on the analyst's view
   /explore?indicator=ncmec_cybertipline_reports&from=2019&to=2023&geography=CAN,PHL and on
   /briefing; a fresh browser context (empty cache) per load, interleaved, median of 5.
4. scale: for each size, bench/synth.py writes a valid data folder of N observations; then
   start-up (read + validate, and building the Store) in a fresh process, cold start to the
   first 200, the filter callback (one synthetic indicator, a year range, two geographies)
   both repeated (cache hit) and varied over 1,500 distinct filters (cache miss), the extract
   route (varied), and the VmRSS / peak (VmHWM) / PSS of the gunicorn master and workers.
   A wrk run lasts longer where requests are slow (about 12 of them sent alone, up to 90 s),
   and after every run the script waits until the workers are idle again.
   When a target at the largest size fails, the filter callback is profiled (cProfile).

It prints a summary table with PASS/FAIL per target. Exit code 0 when every target that was
measured passes, 1 otherwise, 2 when the benchmark could not run.

    --quick                5 s wrk runs, 2 browser runs, sizes 10000,100000
    --only callbacks,coldstart,browser,scale
    --app-root DIR         benchmark another checkout of the app (the floor stays this one)
    --also-root DIR        browser section: also time another checkout's pages (repeatable)
    --wait-idle SECONDS    before each section, wait until other processes leave the CPUs idle
                           (the summary reports how much CPU other processes took anyway)
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import json
import math
import os
import random
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlencode

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path.insert(0, str(BENCH))
import floor  # noqa: E402 (bench/ has to be on the path first)
import load  # noqa: E402
import synth  # noqa: E402
from load import UPDATE, Request, ids  # noqa: E402

HOST = "127.0.0.1"
NCMEC = "ncmec_cybertipline_reports"
VIEW = {"ind": [NCMEC], "from": 2019, "to": 2023, "geo": ["CAN", "PHL"]}
VIEW_QUERY = f"indicator={NCMEC}&from=2019&to=2023&geography=CAN,PHL"
EXPLORE_LINK = f"/explore?{VIEW_QUERY}"
CONNECTIONS = 4
DEFAULT_SIZES = (10_000, 100_000, 1_000_000)
VARIED, WARM_SET, ALONE_SET = 1500, 200, 40
# Targets (from the issue).
MIN_RPS_RATIO = 0.60
MAX_P99_RATIO = 3.0
MAX_FIRST_CHART_RATIO = 1.1
BIG = 1_000_000
MAX_P50_MS_AT_BIG = 100.0
MAX_RSS_MB_AT_BIG = 600.0
MAX_STARTUP_S_AT_BIG = 15.0
MAX_GROWTH_SLOPE = 1.1  # log-log slope against rows; 1.0 is linear, a little noise allowed
# Values of the update_view inputs/states that bench/load.py's filter_values does not set (the
# page language, ...), as Chromium sent them: the scale runs' bodies reuse them.
EXTRA_VALUES: dict[str, object] = {}

# A new page: record when the first .main-svg, and the first drawn trace, enter the document
# (performance.now() counts from navigation start). Init scripts are exempt from the CSP.
OBSERVER = """(() => {
  const b = window.__bench = {svg: null, trace: null, paint: null};
  const check = () => {
    if (b.svg === null && document.querySelector('.main-svg')) { b.svg = performance.now(); }
    if (b.trace === null && document.querySelector('.main-svg g.trace')) {
      b.trace = performance.now();
      requestAnimationFrame(() => { b.paint = performance.now(); });
      obs.disconnect();
    }
  };
  const obs = new MutationObserver(check);
  obs.observe(document, {childList: true, subtree: true});
})();"""
PAGE_FIGURES = """() => {
  const res = performance.getEntriesByType('resource');
  const js = res.filter(r => r.name.split('?')[0].endsWith('.js'));
  return {svg: window.__bench.svg, trace: window.__bench.trace, paint: window.__bench.paint,
          js_kb: Math.round(js.reduce((a, r) => a + (r.decodedBodySize || 0), 0) / 1024),
          js_files: js.length};
}"""

# Start-up in a fresh process: read + validate, then build the Store (what create_app does).
STARTUP_CODE = r"""
import json, resource, sys, time
t0 = time.perf_counter()
import validation
from dashboard.store import Store
t1 = time.perf_counter()
dataset = validation.load(sys.argv[1])
t2 = time.perf_counter()
store = Store(dataset)
t3 = time.perf_counter()
rss = next(int(l.split()[1]) for l in open("/proc/self/status") if l.startswith("VmRSS:"))
print("STARTUP " + json.dumps({"import_s": t1 - t0, "load_validate_s": t2 - t1,
      "store_s": t3 - t2, "rss_kib": rss,
      "peak_kib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}))
"""

# The filter callback in-process (Flask test client, the full Dash request path), timed and
# then profiled with cProfile: where a cache-missing call spends its time.
PROFILE_CODE = r"""
import cProfile, io, json, pstats, statistics, sys, time
sys.path.insert(0, sys.argv[3])
from load import callback_body, filter_values, find_callback
from dashboard.app import create_app
app = create_app(sys.argv[1])
client = app.server.test_client()
client.get("/explore")
deps = client.get("/_dash-dependencies").get_json()
view = find_callback(deps, sys.argv[4])
extra = json.loads(sys.argv[5])
bodies = [callback_body(view, {**extra, **filter_values(f)}, []) for f in json.loads(sys.argv[2])]
def post(body):
    r = client.post("/_dash-update-component", json=body)
    assert r.status_code == 200, r.status_code
    return len(r.data)
post(bodies[0]); post(bodies[1])
times, sizes = [], []
for body in bodies[2:12]:
    t = time.perf_counter(); sizes.append(post(body)); times.append(time.perf_counter() - t)
prof = cProfile.Profile()
prof.enable()
for body in bodies[12:22]:
    post(body)
prof.disable()
out = io.StringIO()
st = pstats.Stats(prof, stream=out)
st.sort_stats("cumulative").print_stats(28)
st.sort_stats("tottime").print_stats(14)
ours = []
for (file, line, name), (cc, nc, tt, ct, callers) in st.stats.items():
    if "/dashboard/" in file or "/validation/" in file:
        ours.append((ct / 10, tt / 10, f"{file.split('/')[-2]}/{file.split('/')[-1]}:{name}"))
ours.sort(reverse=True)
print("PROFILE " + json.dumps({"ms_per_call": [round(t * 1000, 1) for t in times],
      "bytes": statistics.median(sizes),
      "ours": [[round(c * 1000, 1), round(t * 1000, 1), n] for c, t, n in ours[:16]]}))
print(out.getvalue())
"""


# -- processes ---------------------------------------------------------------------------------
class Servers:
    """Every server this run starts, stopped on exit (Ctrl-C and SIGTERM included)."""

    def __init__(self, work: Path, app_root: Path, workers: int):
        self.work, self.app_root, self.workers = work, app_root, workers
        self.running: list[subprocess.Popen] = []
        self.count = 0

    def _popen(self, argv: list[str], cwd: Path, env: dict, name: str) -> subprocess.Popen:
        self.count += 1
        log = self.work / f"{self.count:02d}-{name}.log"
        with log.open("ab") as fh:
            proc = subprocess.Popen(argv, cwd=cwd, env=env, stdout=fh, stderr=subprocess.STDOUT)
        proc.log_path = log  # type: ignore[attr-defined]
        self.running.append(proc)
        return proc

    def ours(self, port: int, data_dir: Path, app_root: Path | None = None) -> subprocess.Popen:
        env = {**os.environ, "DASHBOARD_HOST": HOST, "DASHBOARD_PORT": str(port),
               "DASHBOARD_WORKERS": str(self.workers), "DASHBOARD_DATA_DIR": str(data_dir)}
        return self._popen([sys.executable, "-m", "dashboard.serve"], app_root or self.app_root,
                           env, "ours")

    def floor(self, port: int) -> subprocess.Popen:
        argv, _ = floor.serve_argv(floor.APP_SPEC, port, self.workers, HOST)
        # It runs from bench/ with serve.py's flags, whose --config names a dashboard module.
        path = os.pathsep.join(p for p in (str(ROOT), os.environ.get("PYTHONPATH", "")) if p)
        return self._popen(argv, BENCH, {**os.environ, "PYTHONPATH": path}, "floor")

    def stop(self, proc: subprocess.Popen) -> None:
        load.stop(proc, timeout=30)
        if proc in self.running:
            self.running.remove(proc)

    def log_tail(self, chars: int = 1500) -> str:
        """The end of the last server log (when a section fails, the server may say why)."""
        logs = sorted(self.work.glob("*.log"))
        if not logs:
            return ""
        text = logs[-1].read_text(errors="replace")
        # access-log lines say little; keep the rest (tracebacks, gunicorn's own messages)
        lines = [ln for ln in text.splitlines() if '" 200 ' not in ln]
        return f"\n  --- {logs[-1].name} (tail, 200s left out) ---\n  " + "\n  ".join(
            "\n".join(lines)[-chars:].splitlines())

    def stop_all(self) -> None:
        for proc in list(self.running):
            self.stop(proc)


def get(url: str, timeout: float = 30) -> tuple[int, bytes]:
    req = urllib.request.Request(url)  # noqa: S310 (loopback URL built here)
    try:
        with urllib.request.urlopen(req, timeout=timeout) as resp:  # noqa: S310
            return resp.status, resp.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read()


def wait_200(base: str, proc: subprocess.Popen, timeout: float, path: str = "/") -> float:
    """Poll until `path` answers 200; the moment it did (perf_counter)."""
    deadline = time.perf_counter() + timeout
    while time.perf_counter() < deadline:
        if proc.poll() is not None:
            tail = Path(proc.log_path).read_text(errors="replace")[-2000:]  # type: ignore
            raise RuntimeError(f"server exited with {proc.returncode}:\n{tail}")
        try:
            if get(base + path, timeout=10)[0] == 200:
                return time.perf_counter()
        except OSError:
            pass
        time.sleep(0.02)
    raise RuntimeError(f"{base}{path} gave no 200 within {timeout:.0f} s")


def start(servers: Servers, kind: str, data_dir: Path | None = None, timeout: float = 600,
          app_root: Path | None = None) -> tuple[subprocess.Popen, str, float]:
    """Start a server; (process, base URL, seconds from process start to the first 200 on /)."""
    port = load.free_port()
    base = f"http://{HOST}:{port}"
    t0 = time.perf_counter()
    data_dir = data_dir or (app_root or servers.app_root) / "data"
    proc = servers.floor(port) if kind == "floor" else servers.ours(port, data_dir, app_root)
    t1 = wait_200(base, proc, timeout)
    return proc, base, t1 - t0


# -- other work on the machine ------------------------------------------------------------------
def _processes() -> dict[int, tuple[int, int]]:
    """pid -> (parent pid, CPU ticks used so far)."""
    out = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            with contextlib.suppress(OSError, IndexError, ValueError):
                f = (entry / "stat").read_text().rsplit(")", 1)[1].split()
                out[int(entry.name)] = (int(f[1]), int(f[11]) + int(f[12]))
    return out


def _foreign(procs: dict[int, tuple[int, int]]) -> dict[int, int]:
    """CPU ticks of every process that is not this script or one of its descendants."""
    me, out = os.getpid(), {}
    for pid, (_, ticks) in procs.items():
        p, seen = pid, 0
        while p not in (0, 1, me) and seen < 64:
            p, seen = procs.get(p, (0, 0))[0], seen + 1
        if p != me:
            out[pid] = ticks
    return out


class OtherLoad:
    """How much CPU other processes (tests, builds, other servers) took while we measured."""

    def __init__(self):
        self.t0, self.before = time.perf_counter(), _foreign(_processes())

    def share(self) -> float:
        """Their CPU use since construction, as a fraction of the machine's CPUs."""
        after = _foreign(_processes())
        ticks = sum(t - self.before.get(pid, 0) for pid, t in after.items()
                    if t >= self.before.get(pid, 0))
        seconds = ticks / os.sysconf("SC_CLK_TCK")
        return round(seconds / ((time.perf_counter() - self.t0) * (os.cpu_count() or 1)), 3)


def wait_idle(limit: float, quiet: float = 0.10) -> float:
    """Wait (up to `limit` s) until other processes use under `quiet` of the CPUs for 5 s."""
    t0 = time.perf_counter()
    while time.perf_counter() - t0 < limit:
        probe = OtherLoad()
        time.sleep(5)
        if probe.share() < quiet:
            break
    return round(time.perf_counter() - t0)


# -- memory ----------------------------------------------------------------------------------
def proc_memory(pid: int) -> dict:
    out = {"pid": pid}
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(("VmRSS:", "VmHWM:")):
                out[line.split(":")[0].lower() + "_kib"] = int(line.split()[1])
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                out["pss_kib"] = int(line.split()[1])
    except OSError:
        pass
    return out


def server_memory(master: int) -> dict:
    workers = [proc_memory(pid) for pid in load.worker_pids(master)]
    return {"master": proc_memory(master), "workers": workers}


def mem_summary(mem: dict) -> dict:
    procs = [mem["master"], *mem["workers"]]
    mib = 1 / 1024
    return {
        "master_rss_mib": round(mem["master"].get("vmrss_kib", 0) * mib, 1),
        "max_worker_rss_mib": round(max((w.get("vmrss_kib", 0) for w in mem["workers"]),
                                        default=0) * mib, 1),
        "max_rss_mib": round(max(p.get("vmrss_kib", 0) for p in procs) * mib, 1),
        "max_hwm_mib": round(max(p.get("vmhwm_kib", 0) for p in procs) * mib, 1),
        "pss_total_mib": round(sum(p.get("pss_kib", 0) for p in procs) * mib, 1),
        "processes": len(procs),
    }


# -- wrk -------------------------------------------------------------------------------------
class Wrk:
    def __init__(self, path: str, work: Path, seconds: int, warm: int):
        self.path, self.work, self.seconds, self.warm = path, work, seconds, warm
        self.n = 0

    def run(self, base: str, mix: list[Request], seconds: int) -> dict:
        self.n += 1
        mix_file = self.work / f"mix-{self.n:03d}.txt"
        load.write_mix(mix, mix_file)
        argv = [self.path, "-t1", f"-c{CONNECTIONS}", f"-d{seconds}s", "--timeout=30s",
                "-s", str(load.LUA), base + "/", "--", str(mix_file)]
        done = subprocess.run(argv, capture_output=True, text=True, timeout=seconds + 120,
                              check=False)
        for line in done.stdout.splitlines():
            if line.startswith("BENCH_RESULT "):
                return load.figures(json.loads(line.removeprefix("BENCH_RESULT ")))
        raise RuntimeError(f"wrk gave no result (exit {done.returncode}): {done.stderr[-500:]}")

    def measure(self, base: str, master: int, mix: list[Request],
                warm_mix: list[Request] | None = None, seconds: int | None = None) -> dict:
        """A warm-up run, then the measured run; after each, wait until the workers have
        finished what wrk left in flight (slow requests outlive wrk's connections), so no run
        queues behind the one before."""
        if self.warm:
            self.run(base, warm_mix or mix, self.warm)
            drain(master)
        fig = self.run(base, mix, seconds or self.seconds)
        fig["drain_s"] = drain(master)
        return fig


def cpu_ticks(pids: list[int]) -> int:
    total = 0
    for pid in pids:
        with contextlib.suppress(OSError, IndexError, ValueError):
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])  # utime + stime
    return total


def drain(master: int, timeout: float = 300) -> float:
    """Seconds until the gunicorn workers are idle (under 30 ms of CPU in 0.5 s)."""
    t0 = time.perf_counter()
    pids = load.worker_pids(master)
    before = cpu_ticks(pids)
    while time.perf_counter() - t0 < timeout:
        time.sleep(0.5)
        now = cpu_ticks(pids)
        if now - before <= 3:
            break
        before = now
    return round(time.perf_counter() - t0, 1)


def verify(base: str, mix: list[Request]) -> None:
    for req in mix:
        status, body, _ = load.http(base, req, timeout=120)
        why = load.check_response(req, status, body)
        if why:
            raise RuntimeError(f"{req.name}: {why}")


def alone_ms(base: str, mix: list[Request]) -> float:
    """Median time of each request sent alone (one client, warm server)."""
    times = [load.http(base, req, timeout=120)[2] for req in mix]
    return round(statistics.median(times) * 1000, 1)


def row(name: str, fig: dict, alone: float | None = None) -> dict:
    lat = fig["latency_ms"]
    bad = fig["error_total"]
    return {"name": name, "rps": fig["requests_per_s"], "p50_ms": lat["p50"], "alone_ms": alone,
            "p99_ms": lat["p99"], "requests": fig["requests"], "errors": bad,
            "statuses": fig["statuses"], "seconds": fig["seconds"],
            "drain_s": fig.get("drain_s")}


# -- 1. callbacks on the real data ---------------------------------------------------------------
def real_update_view_body(base: str, deps: list[dict]) -> tuple[dict, str]:
    """The update_view body Chromium POSTs for the analyst's link (bench/capture.py records it);
    rebuilt with load.callback_body if the browser cannot be driven."""
    view = load.find_callback(deps, f"{ids.CHART}.figure")
    rebuilt = load.callback_body(view, load.filter_values(VIEW), [])
    try:
        import capture

        seen = capture.record(base)
    except Exception as exc:  # no Chromium, or the page changed: say so and go on
        return rebuilt, f"rebuilt (capture failed: {type(exc).__name__}: {str(exc)[:120]})"
    for item in seen:
        body = item["body"]
        if body.get("output") == view["output"]:
            if item["status"] != 200:
                raise RuntimeError(f"Chromium's update_view call got {item['status']}")
            same = "same as" if body == rebuilt else "differs from"
            covered = load.filter_values(VIEW)
            for d in [*body.get("inputs", []), *body.get("state", [])]:
                key = f"{d.get('id')}.{d.get('property')}" if isinstance(d, dict) else ""
                if key and key not in covered:
                    EXTRA_VALUES[key] = d.get("value")
            return body, f"recorded from Chromium (status 200; {same} load.callback_body)"
    return rebuilt, "rebuilt (Chromium sent no update_view call)"


def section_callbacks(servers: Servers, wrk: Wrk) -> dict:
    out: dict = {}
    proc, base, _ = start(servers, "floor")
    try:
        deps = load.dependencies(base)
        dep = deps[0]
        body = load.callback_body(dep, {"choice.value": "b"}, ["choice.value"])
        cb = [Request("floor callback", "POST", UPDATE, body)]
        ex = [Request("floor extract", "GET", "/api/extract.csv")]
        verify(base, cb + ex)
        out["floor_callback"] = row("floor callback (prebuilt 20-point go.Figure)",
                                    wrk.measure(base, proc.pid, cb), alone_ms(base, cb * 20))
        out["floor_extract"] = row("floor CSV route (prebuilt 20 rows)",
                                   wrk.measure(base, proc.pid, ex), alone_ms(base, ex * 20))
        out["floor_memory"] = mem_summary(server_memory(proc.pid))
    finally:
        servers.stop(proc)
    proc, base, _ = start(servers, "ours")
    try:
        deps = load.dependencies(base)
        body, origin = real_update_view_body(base, deps)
        out["body_origin"] = origin
        cb = [Request("update_view CAN,PHL 2019-2023", "POST", UPDATE, body)]
        ex = [Request("extract CAN,PHL 2019-2023", "GET", f"/api/extract.csv?{VIEW_QUERY}")]
        verify(base, cb + ex)
        out["response_bytes"] = {"callback": len(load.http(base, cb[0])[1]),
                                 "extract": len(load.http(base, ex[0])[1])}
        out["ours_callback"] = row("ours update_view, analyst's view",
                                   wrk.measure(base, proc.pid, cb), alone_ms(base, cb * 20))
        out["ours_extract"] = row("ours /api/extract.csv, same filters",
                                  wrk.measure(base, proc.pid, ex), alone_ms(base, ex * 20))
        # The same callback for views nobody asked for yet (no cache can answer them).
        views = real_views(servers.app_root / "data", VARIED + WARM_SET + 20)
        varied = _view_requests(deps, views[:VARIED])
        verify(base, varied[:3])
        out["ours_callback_varied"] = row(
            f"ours update_view, {VARIED:,} distinct views",
            wrk.measure(base, proc.pid, varied, _view_requests(deps, views[VARIED:-20])),
            alone_ms(base, _view_requests(deps, views[-20:])))
        out["ours_memory"] = mem_summary(server_memory(proc.pid))
    finally:
        servers.stop(proc)
    for key, floor_key in (("ours_callback", "floor_callback"), ("ours_extract", "floor_extract"),
                           ("ours_callback_varied", "floor_callback")):
        f, o = out[floor_key], out[key]
        o["rps_ratio"] = round(o["rps"] / f["rps"], 3) if f["rps"] else None
        o["p99_ratio"] = round(o["p99_ms"] / f["p99_ms"], 2) if f["p99_ms"] else None
    return out


def real_views(data_dir: Path, count: int) -> list[dict]:
    """`count` distinct analyst views on the real NCMEC figures: two countries and a year range
    each (every country NCMEC lists, 2019-2023), in a fixed shuffled order."""
    with (data_dir / "observations.csv").open(newline="", encoding="utf-8") as fh:
        geos = sorted({r["geography"] for r in csv.DictReader(fh)
                       if r["indicator_id"] == NCMEC and r["breakdown"] == "total"
                       and r["geography"] != "WLD"})
    years = [(a, b) for a in range(2019, 2024) for b in range(a, 2024)]
    views = [{"ind": [NCMEC], "from": y[0], "to": y[1], "geo": [geos[i], geos[i + step]]}
             for step in range(1, len(geos)) for i in range(len(geos) - step) for y in years]
    random.Random(5).shuffle(views)  # noqa: S311 (a reproducible order)
    if len(views) < count:
        raise RuntimeError(f"only {len(views)} distinct views in {data_dir}")
    return views[:count]


# -- 2. cold start ---------------------------------------------------------------------------------
def section_coldstart(servers: Servers, runs: int) -> dict:
    times: dict[str, list[float]] = {"floor": [], "ours": []}
    for _ in range(runs):
        for kind in ("floor", "ours"):
            proc, _, seconds = start(servers, kind)
            servers.stop(proc)
            times[kind].append(round(seconds, 3))
    med = {k: round(statistics.median(v), 3) for k, v in times.items()}
    return {"runs": times, "median_s": med, "ratio": round(med["ours"] / med["floor"], 2)}


# -- 3. browser ------------------------------------------------------------------------------------
def section_browser(servers: Servers, runs: int, also: list[Path]) -> dict:
    """The floor's page, /explore (analyst's view) and /briefing; with --also-root, the same two
    pages of other checkouts too, in the same interleaved runs."""
    from capture import ARGS, CHROMIUM
    from playwright.sync_api import sync_playwright

    fproc, fbase, _ = start(servers, "floor")
    oproc, obase, _ = start(servers, "ours")
    procs = [fproc, oproc]
    pages = {"floor": fbase + "/", "explore": obase + EXPLORE_LINK, "briefing": obase + "/briefing"}
    labels = {"floor": "floor /", "explore": "ours /explore?" + VIEW_QUERY,
              "briefing": "ours /briefing"}
    for i, root in enumerate(also, 1):
        proc, base, _ = start(servers, "ours", app_root=root)
        procs.append(proc)
        pages[f"explore@{i}"], pages[f"briefing@{i}"] = base + EXPLORE_LINK, base + "/briefing"
        labels[f"explore@{i}"] = f"{root} /explore (analyst's view)"
        labels[f"briefing@{i}"] = f"{root} /briefing"
    samples: dict[str, list[dict]] = {k: [] for k in pages}
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            try:
                for url in pages.values():  # one unmeasured load each: server warm-up
                    _load_page(browser, url)
                for _ in range(runs):
                    for name, url in pages.items():
                        try:
                            samples[name].append(_load_page(browser, url))
                        except Exception as exc:
                            raise RuntimeError(f"{labels[name]}: {exc}") from exc
            finally:
                browser.close()
    finally:
        for proc in procs:
            servers.stop(proc)
    out: dict = {"runs": runs, "pages": {}}
    for name, rows in samples.items():
        out["pages"][name] = {
            "url": labels[name],
            "first_chart_ms": round(statistics.median(r["trace"] for r in rows)),
            "first_svg_ms": round(statistics.median(r["svg"] for r in rows)),
            "paint_ms": round(statistics.median(r["paint"] or r["trace"] for r in rows)),
            "js_kb": rows[-1]["js_kb"], "js_files": rows[-1]["js_files"],
            "samples_ms": [round(r["trace"]) for r in rows],
        }
    fl = out["pages"]["floor"]["first_chart_ms"]
    for name in out["pages"]:
        out["pages"][name]["ratio"] = round(out["pages"][name]["first_chart_ms"] / fl, 2)
    return out


def _load_page(browser, url: str) -> dict:
    ctx = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        ctx.add_init_script(OBSERVER)
        page = ctx.new_page()
        page.goto(url, wait_until="commit")
        # a function, not an expression: an expression would be eval'd, which the CSP refuses
        page.wait_for_function("() => window.__bench && window.__bench.trace !== null",
                               timeout=90_000)
        page.wait_for_timeout(100)  # let the rAF after the first trace run
        return page.evaluate(PAGE_FIGURES)
    finally:
        ctx.close()


# -- 4. scale --------------------------------------------------------------------------------------
def startup(app_root: Path, data_dir: Path) -> dict:
    done = subprocess.run([sys.executable, "-c", STARTUP_CODE, str(data_dir)], cwd=app_root,
                          capture_output=True, text=True, timeout=1800, check=False)
    for line in done.stdout.splitlines():
        if line.startswith("STARTUP "):
            return json.loads(line.removeprefix("STARTUP "))
    raise RuntimeError(f"start-up measurement failed:\n{done.stderr[-2000:]}")


def _view_requests(deps: list[dict], filters: list[dict]) -> list[Request]:
    view = load.find_callback(deps, f"{ids.CHART}.figure")
    return [Request(f"update_view {f['geo']} {f['from']}-{f['to']}", "POST", UPDATE,
                    load.callback_body(view, {**EXTRA_VALUES, **load.filter_values(f)}, []))
            for f in filters]


def _extract_requests(filters: list[dict]) -> list[Request]:
    out = []
    for f in filters:
        q = urlencode({"indicator": ",".join(f["ind"]), "from": f["from"], "to": f["to"],
                       "geography": ",".join(f["geo"])}, safe=",")
        out.append(Request(f"extract {f['geo']}", "GET", f"/api/extract.csv?{q}"))
    return out


def section_scale_one(servers: Servers, wrk: Wrk, rows: int, work: Path) -> dict:
    data_dir = work / f"synth-{rows}"
    t0 = time.perf_counter()
    shape = synth.write(rows, data_dir)
    out: dict = {"rows": rows, "synth_s": round(time.perf_counter() - t0, 1),
                 "shape": f"{shape.real:,} real + {len(shape.geographies)} geographies x "
                          f"{len(shape.companies)} companies x {shape.months} months",
                 "csv_mib": round((data_dir / "observations.csv").stat().st_size / 2**20, 1)}
    out["startup"] = startup(servers.app_root, data_dir)
    filters = synth.view_filters(shape, VARIED + WARM_SET + ALONE_SET)
    if len(filters) < VARIED + WARM_SET + ALONE_SET:
        raise RuntimeError(f"only {len(filters)} distinct filters at {rows:,} rows")
    measured = filters[:VARIED]
    warm = filters[VARIED:VARIED + WARM_SET]
    alone = filters[VARIED + WARM_SET:]
    fixed = {"ind": [synth.INDICATOR], "from": synth.VIEW_YEARS[0], "to": synth.VIEW_YEARS[1],
             "geo": list(synth.VIEW_GEOS)}
    proc, base, cold = start(servers, "ours", data_dir, timeout=1800)
    out["cold_start_s"] = round(cold, 2)
    try:
        deps = load.dependencies(base)
        repeat = _view_requests(deps, [fixed])
        varied = _view_requests(deps, measured)
        verify(base, repeat + varied[:3])
        out["callback_bytes"] = len(load.http(base, repeat[0], timeout=120)[1])
        out["alone_callback_ms"] = alone_ms(base, _view_requests(deps, alone[:10]))
        out["alone_extract_ms"] = alone_ms(base, _extract_requests(alone[10:20]))
        # Long enough for about 20 requests or more when they are slow (up to 90 s a run).
        cb_s = max(wrk.seconds, min(90, math.ceil(out["alone_callback_ms"] * 12 / 1000)))
        ex_s = max(wrk.seconds, min(90, math.ceil(out["alone_extract_ms"] * 12 / 1000)))
        out["callback_repeat"] = row("update_view, same filter (cached query)",
                                     wrk.measure(base, proc.pid, repeat, seconds=cb_s))
        out["callback_varied"] = row("update_view, 1,500 distinct filters",
                                     wrk.measure(base, proc.pid, varied,
                                                 _view_requests(deps, warm), seconds=cb_s))
        out["extract_varied"] = row("extract, 1,500 distinct filters",
                                    wrk.measure(base, proc.pid, _extract_requests(measured),
                                                _extract_requests(warm), seconds=ex_s))
        out["wrk_seconds"] = {"callback": cb_s, "extract": ex_s}
        out["memory"] = mem_summary(server_memory(proc.pid))
        out["memory_detail"] = server_memory(proc.pid)
    finally:
        servers.stop(proc)
    out["profile_filters"] = alone[:22]
    return out


def profile(app_root: Path, data_dir: Path, filters: list[dict]) -> dict:
    argv = [sys.executable, "-c", PROFILE_CODE, str(data_dir), json.dumps(filters), str(BENCH),
            f"{ids.CHART}.figure", json.dumps(EXTRA_VALUES)]
    done = subprocess.run(argv, cwd=app_root, capture_output=True, text=True, timeout=1800,
                          check=False)
    for i, line in enumerate(done.stdout.splitlines()):
        if line.startswith("PROFILE "):
            result = json.loads(line.removeprefix("PROFILE "))
            result["pstats"] = "\n".join(done.stdout.splitlines()[i + 1:])
            return result
    raise RuntimeError(f"profile failed:\n{done.stderr[-2000:]}")


def slope(points: list[tuple[int, float]]) -> float | None:
    """The largest log-log slope between consecutive sizes (1.0 = linear in rows)."""
    pts = [(n, v) for n, v in points if v and v > 0]
    if len(pts) < 2:
        return None
    return round(max(math.log(b[1] / a[1]) / math.log(b[0] / a[0])
                     for a, b in zip(pts, pts[1:], strict=False)), 2)


def section_scale(servers: Servers, wrk: Wrk, sizes: list[int], work: Path) -> dict:
    runs = []
    for rows in sizes:
        print(f"  scale: {rows:,} observations...", flush=True)
        runs.append(section_scale_one(servers, wrk, rows, work))
    growth = {
        "callback service time (alone)": slope([(r["rows"], r["alone_callback_ms"])
                                                for r in runs]),
        "callback p50 (varied, 4 clients)": slope([(r["rows"], r["callback_varied"]["p50_ms"])
                                                   for r in runs]),
        "extract p50 (varied, 4 clients)": slope([(r["rows"], r["extract_varied"]["p50_ms"])
                                                  for r in runs]),
        "max process RSS": slope([(r["rows"], r["memory"]["max_rss_mib"]) for r in runs]),
        "load + validate": slope([(r["rows"], r["startup"]["load_validate_s"]) for r in runs]),
        "cold start": slope([(r["rows"], r["cold_start_s"]) for r in runs]),
    }
    return {"runs": runs, "growth_slope": growth}


# -- summary ---------------------------------------------------------------------------------------
def targets(res: dict) -> list[tuple[str, str, str]]:
    """(target, measured, PASS | FAIL | n/a)."""
    out = []

    def add(name, ok, measured):
        out.append((name, measured, "n/a" if ok is None else ("PASS" if ok else "FAIL")))

    cb = res.get("callbacks")
    if cb:
        fl = cb["floor_callback"]
        for key, what in (("ours_callback", "analyst's view, repeated"),
                          ("ours_callback_varied", "distinct views, cache miss")):
            o = cb[key]
            add(f"callback req/s >= {MIN_RPS_RATIO:.0%} of the floor ({what})",
                o["rps_ratio"] >= MIN_RPS_RATIO,
                f"{o['rps_ratio']:.0%} ({o['rps']} vs {fl['rps']} req/s)")
            add(f"callback p99 <= {MAX_P99_RATIO:g}x the floor's ({what})",
                o["p99_ratio"] <= MAX_P99_RATIO,
                f"{o['p99_ratio']}x ({o['p99_ms']} vs {fl['p99_ms']} ms)")
        errors = sum(v["errors"] for v in cb.values() if isinstance(v, dict) and "errors" in v)
        add("no errors, every response 200", errors == 0, f"{errors} errors")
    else:
        add("callback throughput and p99 vs the floor", None, "not run")
    br = res.get("browser")
    if br:
        e = br["pages"]["explore"]
        add(f"first chart on the analyst's /explore <= {MAX_FIRST_CHART_RATIO}x the floor's",
            e["ratio"] <= MAX_FIRST_CHART_RATIO,
            f"{e['ratio']}x ({e['first_chart_ms']} vs "
            f"{br['pages']['floor']['first_chart_ms']} ms)")
    else:
        add("first chart on /explore vs the floor", None, "not run")
    sc = res.get("scale")
    big = next((r for r in (sc or {}).get("runs", []) if r["rows"] == BIG), None)
    if big:
        p50 = big["callback_varied"]["p50_ms"]
        add(f"1M: filter callback p50 < {MAX_P50_MS_AT_BIG:g} ms (4 clients, cache miss)",
            p50 < MAX_P50_MS_AT_BIG, f"{p50} ms (alone {big['alone_callback_ms']} ms; "
                                     f"cached {big['callback_repeat']['p50_ms']} ms)")
        mem = {k: v * 1.048576 for k, v in big["memory"].items() if k.endswith("_mib")}  # MB
        add(f"1M: process memory < {MAX_RSS_MB_AT_BIG:g} MB (largest VmRSS)",
            mem["max_rss_mib"] < MAX_RSS_MB_AT_BIG,
            f"{mem['max_rss_mib']:.0f} MB (peak VmHWM {mem['max_hwm_mib']:.0f} MB, PSS total "
            f"{mem['pss_total_mib']:.0f} MB)")
        st = big["startup"]
        add(f"1M: start-up (load + validate) < {MAX_STARTUP_S_AT_BIG:g} s",
            st["load_validate_s"] < MAX_STARTUP_S_AT_BIG,
            f"{st['load_validate_s']:.1f} s (+ Store {st['store_s']:.1f} s; process start to "
            f"first 200: {big['cold_start_s']:.1f} s)")
    else:
        add("1M targets (p50, memory, start-up)", None, "1,000,000 not among --sizes")
    if sc and len(sc["runs"]) > 1:
        worst = {k: v for k, v in sc["growth_slope"].items() if v is not None}
        name, value = max(worst.items(), key=lambda kv: kv[1])
        add(f"growth no worse than linear in rows (log-log slope <= {MAX_GROWTH_SLOPE})",
            value <= MAX_GROWTH_SLOPE, f"steepest: {name} {value}")
    else:
        add("growth no worse than linear", None, "needs two sizes or more")
    return out


def print_summary(res: dict) -> None:
    cfg = res["config"]
    print(f"\n== Performance summary: {cfg['cpus']} CPUs, {cfg['workers']} gunicorn sync "
          f"workers (--preload; flags from {cfg['flags_from']}), wrk {CONNECTIONS} connections "
          f"x {cfg['seconds']} s ==")
    cb = res.get("callbacks")
    if cb:
        print(f"\nCallbacks and extract on the real data (same run as the floor; callback body "
              f"{cb['body_origin']})")
        if cfg.get("extra_values"):
            print(f"  (update_view bodies everywhere also carry {cfg['extra_values']}, as Chromium "
                  "sent them)")
        print(f"  {'endpoint':<46}{'req/s':>8}{'p50 ms':>9}{'p99 ms':>9}{'alone ms':>10}"
              f"{'errors':>8}{'req/s ratio':>13}{'p99 ratio':>11}")
        for key in ("floor_callback", "ours_callback", "ours_callback_varied", "floor_extract",
                    "ours_extract"):
            r = cb[key]
            ratios = ("", "") if key.startswith("floor") else (
                f"{r['rps_ratio']:.2f}", f"{r['p99_ratio']:.2f}")
            print(f"  {r['name']:<46}{r['rps']:>8}{r['p50_ms']:>9}{r['p99_ms']:>9}"
                  f"{r['alone_ms']:>10}{r['errors']:>8}{ratios[0]:>13}{ratios[1]:>11}")
        print("  (alone ms = median of 20 requests sent one at a time: the service time without "
              "queueing)")
        print(f"  response sizes: callback {cb['response_bytes']['callback']:,} B, extract "
              f"{cb['response_bytes']['extract']:,} B; memory after: floor max RSS "
              f"{cb['floor_memory']['max_rss_mib']} MiB, ours {cb['ours_memory']['max_rss_mib']}"
              " MiB")
    cs = res.get("coldstart")
    if cs:
        print("\nCold start: process start -> first 200 on / (median of "
              f"{len(cs['runs']['ours'])})")
        print(f"  floor {cs['median_s']['floor']:.2f} s   ours {cs['median_s']['ours']:.2f} s   "
              f"ratio {cs['ratio']}   (runs: floor {cs['runs']['floor']}, ours "
              f"{cs['runs']['ours']})")
    br = res.get("browser")
    if br:
        print(f"\nBrowser: navigation start -> first chart with data drawn (headless Chromium, "
              f"fresh context, median of {br['runs']})")
        print(f"  {'page':<74}{'chart ms':>9}{'.main-svg':>10}{'JS KiB':>8}{'ratio':>7}")
        for p in br["pages"].values():
            print(f"  {p['url'][:73]:<74}{p['first_chart_ms']:>9}{p['first_svg_ms']:>10}"
                  f"{p['js_kb']:>8}{p.get('ratio', ''):>7}   runs {p['samples_ms']}")
    sc = res.get("scale")
    if sc:
        print("\nScale: synthetic data (real rows + one monthly indicator); filter = one "
              "indicator, 2 geographies, a year range")
        print(f"  {'rows':>9}{'load+valid':>11}{'Store':>7}{'cold':>7}{'cb alone':>9}"
              f"{'cb cached p50/p99':>18}{'cb varied p50/p99 rps':>23}"
              f"{'extract p50/p99 rps':>21}{'RSS master/worker':>19}{'HWM':>7}{'PSS':>7}")
        for r in sc["runs"]:
            st, m = r["startup"], r["memory"]
            c, v, e = r["callback_repeat"], r["callback_varied"], r["extract_varied"]
            print(f"  {r['rows']:>9,}{st['load_validate_s']:>10.1f}s{st['store_s']:>6.1f}s"
                  f"{r['cold_start_s']:>6.1f}s{r['alone_callback_ms']:>7.0f}ms"
                  f"{c['p50_ms']:>9}/{c['p99_ms']:<8}"
                  f"{v['p50_ms']:>9}/{v['p99_ms']:<7}{v['rps']:>6}"
                  f"{e['p50_ms']:>8}/{e['p99_ms']:<7}{e['rps']:>6}"
                  f"{m['master_rss_mib']:>10.0f}/{m['max_worker_rss_mib']:<5.0f}MiB"
                  f"{m['max_hwm_mib']:>6.0f}{m['pss_total_mib']:>7.0f}")
        print("  (times in ms unless marked; cb alone = one client, cache miss; RSS/HWM/PSS in "
              "MiB; HWM = peak VmRSS of any process; PSS summed over master + workers)")
        for r in sc["runs"]:
            errors = sum(r[k]["errors"] for k in ("callback_repeat", "callback_varied",
                                                  "extract_varied"))
            n = "/".join(str(r[k]["requests"]) for k in ("callback_repeat", "callback_varied",
                                                          "extract_varied"))
            print(f"  {r['rows']:>9,}: {r['shape']}; observations.csv {r['csv_mib']} MiB; "
                  f"requests measured (cached/varied/extract) {n} in "
                  f"{r['wrk_seconds']['callback']}/{r['wrk_seconds']['callback']}/"
                  f"{r['wrk_seconds']['extract']} s; "
                  f"callback response {r['callback_bytes']:,} B; start-up child peak "
                  f"{r['startup']['peak_kib'] / 1024:.0f} MiB; errors {errors}")
        if len(sc["runs"]) > 1:
            print("  growth, log-log slope vs rows (1.0 = linear): " + ", ".join(
                f"{k} {v}" for k, v in sc["growth_slope"].items()))
        prof = sc.get("profile")
        if prof:
            print(f"\nProfile of the filter callback at {prof['rows']:,} rows (in-process, "
                  f"Flask test client, cache miss): {statistics.median(prof['ms_per_call']):.0f}"
                  f" ms per call unprofiled, response {prof['bytes']:,.0f} B")
            print(f"  {'cumulative ms':>14}{'own ms':>8}  function (per call, under cProfile)")
            for c, t, n in prof["ours"]:
                print(f"  {c:>14}{t:>8}  {n}")
    other = res.get("other_load", {})
    if other:
        busy = any(v > 0.10 for v in other.values())
        print("\nOther processes' CPU use during each section (share of all CPUs): " + ", ".join(
            f"{k} {v:.0%}" for k, v in other.items()) + (
            "  WARNING: the machine was busy with other work; figures are disturbed" if busy
            else ""))
    print("\nTargets")
    for name, measured, verdict in targets(res):
        print(f"  {verdict:<5} {name:<72} {measured}")
    for section, err in res.get("errors", {}).items():
        print(f"  ERROR {section}: {err}")


# -- main ------------------------------------------------------------------------------------------
def parse_args(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--quick", action="store_true", help="5 s runs, 2 browser runs, no 1M")
    p.add_argument("--sizes", help="observations per scale run (10000,100000,1000000)")
    p.add_argument("--json", type=Path, metavar="PATH", help="also write every figure as JSON")
    p.add_argument("--only", default="callbacks,coldstart,browser,scale",
                   help="sections to run (callbacks,coldstart,browser,scale)")
    p.add_argument("--seconds", type=int, help="length of each wrk run (15; quick 5)")
    p.add_argument("--runs", type=int, help="browser loads per page (5; quick 2)")
    p.add_argument("--workers", type=int,
                   default=int(os.environ.get("DASHBOARD_WORKERS", "2")),
                   help="gunicorn workers for ours and the floor (DASHBOARD_WORKERS or 2)")
    p.add_argument("--app-root", type=Path, default=ROOT, help="checkout of the app to measure")
    p.add_argument("--also-root", type=Path, action="append", default=[], metavar="DIR",
                   help="browser section: also time /explore and /briefing of this checkout "
                        "(repeatable), e.g. a trial of a smaller plotly.js bundle")
    p.add_argument("--wait-idle", type=float, default=0, metavar="SECONDS",
                   help="before each section, wait (up to this long) until other processes "
                        "leave the CPUs idle")
    p.add_argument("--profile", choices=("auto", "always", "never"), default="auto",
                   help="profile the filter callback at the largest size (auto: if a target "
                        "there fails)")
    args = p.parse_args(argv)
    args.seconds = args.seconds or (5 if args.quick else 15)
    args.runs = args.runs or (2 if args.quick else 5)
    default = DEFAULT_SIZES[:2] if args.quick else DEFAULT_SIZES
    args.sizes = [int(s) for s in args.sizes.split(",")] if args.sizes else list(default)
    args.only = set(args.only.split(","))
    args.app_root = args.app_root.resolve()
    return args


def _raise_on_sigterm(signum, frame):
    raise SystemExit(f"stopped by signal {signum}")


def run(args: argparse.Namespace, work: Path, wrk_path: str) -> dict:
    servers = Servers(work, args.app_root, args.workers)
    wrk = Wrk(wrk_path, work, args.seconds, 2 if args.quick else 3)
    _, flags_from = floor.serve_argv(floor.APP_SPEC, load.free_port(), args.workers)
    res: dict = {"config": {"cpus": os.cpu_count(), "workers": args.workers,
                            "seconds": args.seconds, "connections": CONNECTIONS,
                            "flags_from": flags_from, "app_root": str(args.app_root),
                            "sizes": args.sizes, "quick": args.quick},
                 "errors": {}, "other_load": {}}
    sections = [
        ("callbacks", lambda: section_callbacks(servers, wrk)),
        ("coldstart", lambda: section_coldstart(servers, 3)),
        ("browser", lambda: section_browser(servers, args.runs, args.also_root)),
        ("scale", lambda: section_scale(servers, wrk, args.sizes, work)),
    ]
    try:
        for name, fn in sections:
            if name not in args.only:
                continue
            if args.wait_idle:  # before every section: other work comes and goes
                waited = wait_idle(args.wait_idle)
                if waited > 5:
                    print(f"  (waited {waited} s for other work to finish)", flush=True)
            print(f"[{time.strftime('%H:%M:%S')}] {name}...", flush=True)
            other = OtherLoad()
            try:
                res[name] = fn()
            except Exception as exc:  # one broken section must not lose the others' figures
                res["errors"][name] = f"{type(exc).__name__}: {exc}"[:3000] + servers.log_tail()
                print(f"  {name} could not run: {res['errors'][name]}", flush=True)
            res["other_load"][name] = other.share()
        sc = res.get("scale")
        if sc and args.profile != "never":
            largest = sc["runs"][-1]
            failing = [t for t in targets(res) if t[2] == "FAIL" and t[0].startswith(("1M",
                                                                                     "growth"))]
            if args.profile == "always" or failing:
                print(f"[{time.strftime('%H:%M:%S')}] profiling the filter callback at "
                      f"{largest['rows']:,} rows...", flush=True)
                try:
                    prof = profile(args.app_root, work / f"synth-{largest['rows']}",
                                   largest["profile_filters"])
                    prof["rows"] = largest["rows"]
                    sc["profile"] = prof
                except (RuntimeError, subprocess.SubprocessError) as exc:
                    res["errors"]["profile"] = str(exc)[:3000]
    finally:
        servers.stop_all()
    res["config"]["extra_values"] = dict(EXTRA_VALUES)
    return res


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    signal.signal(signal.SIGTERM, _raise_on_sigterm)
    wrk_path = load.ensure_wrk()
    if not wrk_path:
        print("wrk is missing: install it with `apt-get install -y wrk`", file=sys.stderr)
        return 2
    if args.wait_idle:
        print(f"before each section, waiting for other processes to leave the CPUs idle (up to "
              f"{args.wait_idle:.0f} s each)", flush=True)
    t0 = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="dashboard-perf-") as tmp:
        try:
            res = run(args, Path(tmp), wrk_path)
        except KeyboardInterrupt:
            print("interrupted: every server stopped", file=sys.stderr)
            return 130
    res["config"]["total_s"] = round(time.perf_counter() - t0, 1)
    print_summary(res)
    print(f"\n(total {res['config']['total_s'] / 60:.1f} min)")
    if args.json:
        with contextlib.suppress(KeyError):
            res["scale"]["profile"]["pstats"] = res["scale"]["profile"]["pstats"][:20000]
        args.json.write_text(json.dumps(res, indent=2, default=str) + "\n")
        print(f"figures written to {args.json}")
    verdicts = [v for _, _, v in targets(res)]
    if res["errors"] and not any(k in res for k in ("callbacks", "browser", "scale",
                                                    "coldstart")):
        return 2
    return 1 if "FAIL" in verdicts or res["errors"] else 0


if __name__ == "__main__":
    sys.exit(main())
