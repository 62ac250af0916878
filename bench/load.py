"""Load test: the gunicorn-served dashboard under concurrent clients, on loopback only.

What it measures. It starts the server as `make run` does (`python -m dashboard.serve`, N
workers, recycling off) on 127.0.0.1 at a free port, waits for /healthz, checks that
every request of the mix answers 200, warms the workers up with the same mix (10 s), then
drives them with wrk (32 connections for 60 s by default) through a rotating mix of:

- pages: GET /, /explore, /sources, /briefing (and /_dash-layout, /_dash-dependencies, which
  every page load fetches), the page-router callback for each page;
- the explorer's callbacks (update_options and update_view) for several filter states
  (indicators, years, geographies, breakdowns), built from the app's own /_dash-dependencies
  exactly as the browser sends them (`bench/capture.py` checks that against Chromium);
- CSV extracts (/api/extract.csv), /healthz and a static asset under /assets/.

It prints total requests, requests/s, errors (socket errors plus responses other than
2xx/3xx), p50/p95/p99 latency, each worker's RSS (VmRSS) before and after the run, and
PASS/FAIL against the targets: zero errors and no worker growing more than 10%. Exit code 0
on PASS, 1 on FAIL, 2 if it could not run. Everything it starts is stopped on exit, Ctrl-C
included.

Run it from the checkout (needs Debian's wrk: `apt-get install -y wrk`; as root the script
installs it itself):

    .venv/bin/python bench/load.py                      # 32 clients, 60 s, 2 workers
    .venv/bin/python bench/load.py --clients 8 --seconds 20 --workers 4 --json out.json
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from dashboard import ids  # noqa: E402 (the checkout's root has to be on the path first)

LUA = Path(__file__).with_name("mix.lua")
HOST = "127.0.0.1"
MAX_ERRORS = 0
MAX_GROWTH_PCT = 10.0
WARMUP_SECONDS = 10
UPDATE = "/_dash-update-component"
NCMEC = "ncmec_cybertipline_reports"
ARACHNID = ("arachnid_notifications", "arachnid_removals")
IWF = ("iwf_reports_assessed", "iwf_reports_confirmed")

PAGES = ("/", "/explore", "/sources", "/briefing")
# (pathname, search) as the browser's location holds them: what the page router receives.
ROUTES = (
    ("/", ""),
    ("/explore", f"?indicator={NCMEC}&from=2019&to=2023&geography=CAN,PHL"),
    ("/explore", ""),
    ("/sources", ""),
    ("/briefing", "?interval=30&slides=ncmec-trend,arachnid,endorsements"),
)
EXTRACTS = (
    f"indicator={NCMEC}&from=2019&to=2023&geography=CAN,PHL",
    f"indicator={NCMEC}&geography=WLD&breakdown=total",
    f"indicator={NCMEC}&from=2023&to=2023",
    f"indicator={','.join(ARACHNID)}",
)
# Explorer filter states, as a shared link opens them: name -> component values.
VIEWS = {
    "CAN,PHL 2019-2023": {"ind": [NCMEC], "from": 2019, "to": 2023, "geo": ["CAN", "PHL"]},
    "world total": {"ind": [NCMEC], "geo": ["WLD"], "bd": ["total"]},
    "countries 2022 (map)": {"ind": [NCMEC], "from": 2022, "to": 2022, "bd": ["total"]},
    "companies 2023 (bars)": {"ind": [NCMEC], "from": 2023, "to": 2023, "geo": ["WLD"]},
    "Arachnid + milestones": {"ind": list(ARACHNID), "milestones": 1},
    "IWF 2015-": {"ind": list(IWF), "from": 2015},
}
# update_options: indicator selection plus the geographies already chosen.
OPTION_STATES = {
    "NCMEC, CAN,PHL": {"ind": [NCMEC], "geo": ["CAN", "PHL"]},
    "Arachnid": {"ind": list(ARACHNID)},
    "all indicators": {"ind": []},
}


@dataclass(frozen=True)
class Request:
    name: str
    method: str
    path: str
    body: dict | None = None


# -- gunicorn ----------------------------------------------------------------------------------
def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def start_gunicorn(port: int, workers: int, log_path: Path) -> subprocess.Popen:
    """The server as `make run` starts it (dashboard.serve: gevent workers, --preload), with
    worker recycling off so the same workers are measured before and after."""
    argv = [sys.executable, "-m", "dashboard.serve"]
    env = {**os.environ, "DASHBOARD_HOST": HOST, "DASHBOARD_PORT": str(port),
           "DASHBOARD_WORKERS": str(workers), "DASHBOARD_MAX_REQUESTS": "0"}
    with log_path.open("ab") as log:  # the child keeps its own copy of the descriptor
        return subprocess.Popen(argv, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)


def wait_healthy(base: str, proc: subprocess.Popen, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"gunicorn exited with {proc.returncode} before answering")
        try:
            if http(base, Request("healthz", "GET", "/healthz"))[0] == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"gunicorn did not answer /healthz within {seconds:.0f} s")


def stop(proc: subprocess.Popen | None, timeout: float = 20) -> None:
    if proc is None or proc.poll() is not None:
        return
    proc.terminate()
    try:
        proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(timeout=timeout)


def worker_pids(master: int) -> list[int]:
    """The master's children, read from /proc (field 4 of /proc/PID/stat is the parent)."""
    pids = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        if int(stat.rsplit(")", 1)[1].split()[1]) == master:
            pids.append(int(entry.name))
    return sorted(pids)


def rss_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise RuntimeError(f"no VmRSS for pid {pid}")


def memory(master: int) -> dict[int, int]:
    return {pid: rss_kib(pid) for pid in worker_pids(master)}


# -- HTTP ----------------------------------------------------------------------------------------
def http(base: str, req: Request, timeout: float = 30) -> tuple[int, bytes, float]:
    """(status, body, seconds) for one request; HTTP errors are returned, not raised."""
    data = None if req.body is None else json.dumps(req.body).encode()
    headers = {} if data is None else {"Content-Type": "application/json"}
    url = base + req.path  # always http://127.0.0.1:PORT/...
    r = urllib.request.Request(url, data=data, method=req.method, headers=headers)  # noqa: S310
    start = time.perf_counter()
    try:
        with urllib.request.urlopen(r, timeout=timeout) as resp:  # noqa: S310 (loopback URL)
            status, body = resp.status, resp.read()
    except urllib.error.HTTPError as exc:
        status, body = exc.code, exc.read()
    return status, body, time.perf_counter() - start


def dependencies(base: str) -> list[dict]:
    status, body, _ = http(base, Request("deps", "GET", "/_dash-dependencies"))
    if status != 200:
        raise RuntimeError(f"/_dash-dependencies answered {status}")
    return json.loads(body)


# -- callback bodies ----------------------------------------------------------------------------
def split_output(output: str) -> list[dict]:
    """'..a.x...b.y..' (several outputs) or 'a.x' -> [{'id': 'a', 'property': 'x'}, ...]."""
    names = output[2:-2].split("...") if output.startswith("..") else [output]
    return [
        dict(zip(("id", "property"), n.split("@")[0].rsplit(".", 1), strict=True)) for n in names
    ]


def find_callback(deps: list[dict], target: str, kind: str = "outputs") -> dict:
    """The server-side callback with `target` ('id.property') among its outputs or inputs."""
    for dep in deps:
        deps_of = split_output(dep["output"]) if kind == "outputs" else dep["inputs"]
        if dep["clientside_function"] is None and any(
            f"{d['id']}.{d['property']}" == target for d in deps_of
        ):
            return dep
    raise RuntimeError(f"no server callback with {target} among its {kind}")


def callback_body(dep: dict, values: dict[str, object], changed: list[str]) -> dict:
    """The JSON the Dash renderer POSTs for `dep`, given component values by 'id.property'."""

    def filled(items):
        return [{**d, "value": values.get(f"{d['id']}.{d['property']}")} for d in items]

    outputs = split_output(dep["output"])
    body = {
        "output": dep["output"],
        "outputs": outputs if dep["output"].startswith("..") else outputs[0],
        "inputs": filled(dep["inputs"]),
        "changedPropIds": changed,
        "parsedChangedPropsIds": changed,
    }
    if dep["state"]:
        body["state"] = filled(dep["state"])
    return body


def filter_values(view: dict) -> dict[str, object]:
    return {
        f"{ids.INDICATOR}.value": view.get("ind", []),
        f"{ids.YEAR_FROM}.value": view.get("from"),
        f"{ids.YEAR_TO}.value": view.get("to"),
        f"{ids.GEOGRAPHY}.value": view.get("geo", []),
        f"{ids.BREAKDOWN}.value": view.get("bd", []),
        f"{ids.SOURCE}.value": view.get("src", []),
        f"{ids.MILESTONES}.n_clicks": view.get("milestones", 0),  # a toggle: odd = on
        f"{ids.SOURCE_KINDS}.value": view.get("kinds", ["primary", "secondary"]),
        f"{ids.LANG_STORE}.data": view.get("lang", "en"),
    }


def callback_requests(deps: list[dict]) -> list[Request]:
    router = find_callback(deps, "_pages_location.pathname", kind="inputs")
    view = find_callback(deps, f"{ids.CHART}.figure")
    options = find_callback(deps, f"{ids.GEOGRAPHY}.options")
    location = ["_pages_location.pathname", "_pages_location.search"]
    out = [
        Request(
            f"POST router {p}{s[:24]}",
            "POST",
            UPDATE,
            callback_body(router, {location[0]: p, location[1]: s}, location),
        )
        for p, s in ROUTES
    ]
    out += [
        Request(
            f"POST update_options {name}",
            "POST",
            UPDATE,
            callback_body(options, filter_values(v), []),
        )
        for name, v in OPTION_STATES.items()
    ]
    out += [
        Request(
            f"POST update_view {name}", "POST", UPDATE, callback_body(view, filter_values(v), [])
        )
        for name, v in VIEWS.items()
    ]
    return out


def request_mix(deps: list[dict]) -> list[Request]:
    """Pages, callbacks and extracts interleaved, so every stretch of the run mixes them."""
    gets = [Request(f"GET {p}", "GET", p) for p in PAGES]
    gets += [
        Request("GET /_dash-layout", "GET", "/_dash-layout"),
        Request("GET /_dash-dependencies", "GET", "/_dash-dependencies"),
        Request("GET /healthz", "GET", "/healthz"),
        Request("GET /assets/style.css", "GET", "/assets/style.css"),
    ]
    gets += [Request(f"GET extract {q[:40]}", "GET", f"/api/extract.csv?{q}") for q in EXTRACTS]
    posts = callback_requests(deps)
    mix = []
    for i in range(max(len(gets), len(posts))):
        mix += [*gets[i : i + 1], *posts[i : i + 1]]
    return mix


def check_response(req: Request, status: int, body: bytes) -> str | None:
    """Why a response is not what a browser needs, or None if it is."""
    if status != 200:
        return f"HTTP {status}: {body[:200]!r}"
    if req.path == UPDATE:
        answer = json.loads(body).get("response")
        if not answer:
            return f"no 'response' in the callback answer: {body[:200]!r}"
        if ids.TABLE in answer and not answer[ids.TABLE].get("rowData"):
            return "the explorer's table came back empty (filter values not understood?)"
    return None


def verify(base: str, mix: list[Request]) -> None:
    problems = []
    for req in mix:
        status, body, _ = http(base, req)
        why = check_response(req, status, body)
        if why:
            problems.append(f"  {req.name}: {why}")
    if problems:
        raise RuntimeError("requests of the mix failed before the run:\n" + "\n".join(problems))


def single_client_latency(base: str, mix: list[Request], repeats: int = 3) -> list[dict]:
    """Each request alone on a warm server: median time and size, to spot the slow ones."""
    rows = []
    for req in mix:
        times, size = [], 0
        for _ in range(repeats):
            _, body, seconds = http(base, req)
            times.append(seconds)
            size = len(body)
        rows.append(
            {"name": req.name, "ms": round(statistics.median(times) * 1000, 1), "bytes": size}
        )
    return rows


def write_mix(mix: list[Request], path: Path) -> None:
    lines = [f"{r.method}\t{r.path}\t{'' if r.body is None else json.dumps(r.body)}" for r in mix]
    path.write_text("\n".join(lines) + "\n")


# -- wrk -------------------------------------------------------------------------------------------
def ensure_wrk() -> str | None:
    """wrk's path; as root, Debian's wrk is installed first if missing. None if unavailable."""
    if shutil.which("wrk") or os.geteuid() != 0:
        return shutil.which("wrk")
    print("wrk is missing: installing Debian's wrk (apt-get install -y wrk)", flush=True)
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    install = ["apt-get", "install", "-y", "-qq", "wrk"]
    if subprocess.run(install, env=env, check=False).returncode != 0:
        subprocess.run(["apt-get", "update", "-qq"], env=env, check=False)
        subprocess.run(install, env=env, check=False)
    return shutil.which("wrk")


def run_wrk(wrk: str, base: str, mix_file: Path, args: argparse.Namespace, seconds: int) -> dict:
    threads = max(1, min(args.threads, args.clients))
    argv = [
        wrk,
        f"-t{threads}",
        f"-c{args.clients}",
        f"-d{seconds}s",
        f"--timeout={args.timeout}s",
        "-s",
        str(LUA),
        base + "/",
        "--",
        str(mix_file),
    ]
    done = subprocess.run(argv, capture_output=True, text=True, timeout=seconds + 60, check=False)
    for line in done.stdout.splitlines():
        if line.startswith("BENCH_RESULT "):
            return json.loads(line.removeprefix("BENCH_RESULT "))
    raise RuntimeError(
        f"wrk gave no result (exit {done.returncode}):\n{done.stdout}\n{done.stderr}"
    )


# -- summary ---------------------------------------------------------------------------------
def growth(before: dict[int, int], after: dict[int, int]) -> list[dict]:
    rows = []
    for pid in sorted(set(before) | set(after)):
        b, a = before.get(pid), after.get(pid)
        pct = None if not (a and b) else round((a - b) * 100 / b, 1)
        rows.append({"pid": pid, "rss_before_kib": b, "rss_after_kib": a, "growth_pct": pct})
    return rows


def verdict(run: dict, workers: list[dict]) -> tuple[bool, list[str]]:
    reasons = []
    if run["error_total"] > MAX_ERRORS:
        reasons.append(f"{run['error_total']} errors (target {MAX_ERRORS})")
    if run["requests"] == 0:
        reasons.append("no request completed")
    for w in workers:
        if w["growth_pct"] is None:
            reasons.append(f"worker {w['pid']} was replaced during the run")
        elif w["growth_pct"] > MAX_GROWTH_PCT:
            reasons.append(
                f"worker {w['pid']} grew {w['growth_pct']}% (target <= {MAX_GROWTH_PCT:g}%)"
            )
    return not reasons, reasons


def figures(raw: dict) -> dict:
    seconds = raw["duration_us"] / 1e6
    socket_errors = sum(v for k, v in raw["errors"].items() if k != "status")
    return {
        "requests": raw["requests"],
        "seconds": round(seconds, 2),
        "requests_per_s": round(raw["requests"] / seconds, 1) if seconds else 0.0,
        "bytes": raw["bytes"],
        "socket_errors": socket_errors,
        "http_errors": raw["errors"]["status"],
        "error_total": socket_errors + raw["errors"]["status"],
        "errors": raw["errors"],
        "statuses": raw["statuses"],
        "latency_ms": {k: round(v / 1000, 1) for k, v in raw["latency_us"].items()},
    }


def mib(kib: int | None) -> str:
    return "gone" if kib is None else f"{kib / 1024:.1f} MiB"


def print_summary(result: dict) -> None:
    run, cfg = result["run"], result["config"]
    lat = run["latency_ms"]
    e = run["errors"]
    print(
        f"\n== Load test: {cfg['clients']} clients, {cfg['seconds']} s, "
        f"{cfg['workers']} gunicorn workers, {cfg['mix_size']} requests in the mix =="
    )
    print(
        f"requests      {run['requests']:,} in {run['seconds']} s "
        f"({run['requests_per_s']} req/s, {run['bytes'] / 1e6:.1f} MB)"
    )
    print(
        f"errors        {run['error_total']} (socket: connect {e['connect']}, read {e['read']}, "
        f"write {e['write']}, timeout {e['timeout']}; non-2xx/3xx: {e['status']})"
    )
    print(f"statuses      {json.dumps(run['statuses'], sort_keys=True)}")
    print(
        f"latency       p50 {lat['p50']} ms   p95 {lat['p95']} ms   p99 {lat['p99']} ms   "
        f"max {lat['max']} ms   mean {lat['mean']} ms"
    )
    host = result["host"]
    print(
        f"host          {host['cpus']} CPUs; 1-min load average {host['loadavg_1m'][0]:.2f} "
        f"before the test, {host['loadavg_1m'][1]:.2f} at the end (wrk shares the CPUs)"
    )
    warm = result["warmup"]
    print(
        f"warm-up       {warm['requests']:,} requests in {warm['seconds']} s, "
        f"{warm['error_total']} errors"
    )
    for w in result["workers"]:
        pct = "n/a" if w["growth_pct"] is None else f"{w['growth_pct']:+.1f}%"
        print(
            f"worker {w['pid']:<7}RSS {mib(w['rss_before_kib'])} -> "
            f"{mib(w['rss_after_kib'])} ({pct})"
        )
    print("slowest alone (median of 3, warm, one client):")
    for row in sorted(result["single_client"], key=lambda r: -r["ms"])[:6]:
        print(f"  {row['ms']:>8.1f} ms  {row['bytes']:>9,} B  {row['name']}")
    if result["server_log_tail"]:
        print("gunicorn log (tail):", *result["server_log_tail"], sep="\n  ")
    status = "PASS" if result["pass"] else "FAIL: " + "; ".join(result["fail_reasons"])
    print(
        f"result        {status} (targets: {MAX_ERRORS} errors, "
        f"memory growth <= {MAX_GROWTH_PCT:g}% per worker)"
    )


# -- main --------------------------------------------------------------------------------------
def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--clients", type=int, default=32, help="concurrent connections (32)")
    p.add_argument("--seconds", type=int, default=60, help="length of the measured run (60)")
    p.add_argument("--workers", type=int, default=2, help="gunicorn workers (2)")
    p.add_argument("--threads", type=int, default=2, help="wrk threads (2)")
    p.add_argument("--warmup", type=int, default=WARMUP_SECONDS, help="warm-up seconds (10)")
    p.add_argument(
        "--timeout",
        type=int,
        default=10,
        help="seconds before wrk counts a request as a timeout error (10)",
    )
    p.add_argument("--json", type=Path, metavar="PATH", help="also write the figures as JSON")
    return p.parse_args(argv)


def measure(args: argparse.Namespace, wrk: str, work: Path) -> dict:
    load_before = os.getloadavg()[0]
    port = free_port()
    base = f"http://{HOST}:{port}"
    proc = start_gunicorn(port, args.workers, work / "gunicorn.log")
    try:
        wait_healthy(base, proc)
        mix = request_mix(dependencies(base))
        verify(base, mix)
        write_mix(mix, work / "mix.txt")
        print(
            f"gunicorn pid {proc.pid} on {base}; {len(mix)} requests in the mix, all 200. "
            f"Warming up for {args.warmup} s...",
            flush=True,
        )
        warm = figures(run_wrk(wrk, base, work / "mix.txt", args, args.warmup))
        single = single_client_latency(base, mix)
        before = memory(proc.pid)
        print(f"Measuring: {args.clients} clients for {args.seconds} s...", flush=True)
        run = figures(run_wrk(wrk, base, work / "mix.txt", args, args.seconds))
        after = memory(proc.pid)
    finally:
        stop(proc)
    log = (work / "gunicorn.log").read_text(errors="replace").splitlines()
    workers = growth(before, after)
    ok, reasons = verdict(run, workers)
    return {
        "config": {
            "clients": args.clients,
            "seconds": args.seconds,
            "workers": args.workers,
            "threads": args.threads,
            "timeout_s": args.timeout,
            "mix_size": len(mix),
            "mix": [r.name for r in mix],
        },
        "host": {"cpus": os.cpu_count(), "loadavg_1m": [load_before, os.getloadavg()[0]]},
        "warmup": warm,
        "run": run,
        "workers": workers,
        "single_client": single,
        "pass": ok,
        "fail_reasons": reasons,
        "server_log_tail": log[-40:] if run["error_total"] or warm["error_total"] else [],
    }


def _raise_on_sigterm(signum, frame):
    raise SystemExit(f"stopped by signal {signum}")


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    signal.signal(signal.SIGTERM, _raise_on_sigterm)  # so `finally` stops gunicorn and wrk
    wrk = ensure_wrk()
    if not wrk:
        print("wrk is missing: install it with `sudo apt-get install -y wrk`", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory(prefix="dashboard-load-") as tmp:
        try:
            result = measure(args, wrk, Path(tmp))
        except KeyboardInterrupt:
            print("interrupted: gunicorn and wrk stopped", file=sys.stderr)
            return 130
        except (RuntimeError, OSError) as exc:
            log = Path(tmp, "gunicorn.log")
            tail = log.read_text(errors="replace")[-3000:] if log.exists() else ""
            print(
                f"load test could not run: {exc}\n--- gunicorn log (tail) ---\n{tail}",
                file=sys.stderr,
            )
            return 2
    print_summary(result)
    if args.json:
        args.json.write_text(json.dumps(result, indent=2) + "\n")
        print(f"figures written to {args.json}")
    return 0 if result["pass"] else 1


if __name__ == "__main__":
    sys.exit(main())
