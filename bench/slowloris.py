"""Slow clients against the served app and the bare-Dash floor, in one run (loopback only).

N connections (default 200) each send a request head one header line at a time, a few bytes
a second, for `--seconds` (default 60), reconnecting whenever the server drops them (as a real
slowloris does). Meanwhile a probe asks /healthz and /explore (each on a new connection) every
half second. Target (#17): every probe answered within 2 s.

    .venv/bin/python bench/slowloris.py                  # ours and the floor, 200 x 60 s
    .venv/bin/python bench/slowloris.py --only ours --connections 50 --seconds 10
"""

from __future__ import annotations

import argparse
import json
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(ROOT))

import floor  # noqa: E402
import load  # noqa: E402

HOST = "127.0.0.1"
TARGET_S = 2.0


def probe(url: str, timeout: float = 10) -> float | None:
    """Seconds until the whole answer arrived; None if it failed or took over `timeout`."""
    t0 = time.perf_counter()
    try:
        with urllib.request.urlopen(url, timeout=timeout) as resp:  # noqa: S310 (loopback)
            resp.read()
            if resp.status != 200:
                return None
    except OSError:
        return None
    return time.perf_counter() - t0


class Slowloris:
    """`n` sockets, each trickling header bytes; bounded by `seconds`."""

    def __init__(self, port: int, n: int, seconds: float):
        self.port, self.n, self.seconds = port, n, seconds
        self.socks: list[socket.socket | None] = [None] * n
        self.reconnects = 0
        self.bytes_sent = 0

    def _open(self) -> socket.socket | None:
        try:
            s = socket.create_connection((HOST, self.port), timeout=2)
            s.setblocking(False)
            s.send(b"GET /explore HTTP/1.1\r\nHost: 127.0.0.1\r\n")
            return s
        except OSError:
            return None

    def run(self) -> None:
        deadline = time.monotonic() + self.seconds
        tick = 0
        while time.monotonic() < deadline:
            for i in range(self.n):
                s = self.socks[i]
                if s is None:
                    self.socks[i] = self._open()
                    self.reconnects += 1
                    continue
                try:
                    self.bytes_sent += s.send(f"X-a{tick}: b\r\n"[: 3].encode())
                except (BlockingIOError, InterruptedError):
                    pass
                except OSError:  # dropped by the server: come back, as an attacker would
                    s.close()
                    self.socks[i] = None
            tick += 1
            time.sleep(1.0)
        for s in self.socks:
            if s is not None:
                s.close()


def measure(base: str, port: int, n: int, seconds: float) -> dict:
    attack = Slowloris(port, n, seconds)
    thread = threading.Thread(target=attack.run, daemon=True)
    thread.start()
    time.sleep(min(3.0, seconds / 4))  # let the connections pile up
    times: dict[str, list[float | None]] = {"/healthz": [], "/explore": []}
    while thread.is_alive():
        for path in times:
            times[path].append(probe(base + path))
        time.sleep(0.5)
    thread.join()
    out = {"connections": n, "seconds": seconds, "reconnects": attack.reconnects - n}
    for path, got in times.items():
        ok = [t for t in got if t is not None]
        out[path] = {"probes": len(got), "failed_or_over_10s": len(got) - len(ok),
                     "over_2s": sum(1 for t in ok if t > TARGET_S) + len(got) - len(ok),
                     "p50_ms": round(statistics.median(ok) * 1000, 1) if ok else None,
                     "max_ms": round(max(ok) * 1000, 1) if ok else None}
    out["pass"] = all(out[p]["over_2s"] == 0 and out[p]["probes"] > 0 for p in times)
    return out


def start(kind: str, port: int, log: Path) -> subprocess.Popen:
    if kind == "floor":
        argv, _ = floor.serve_argv(floor.APP_SPEC, port)
        cwd = HERE
    else:
        argv = [sys.executable, "-m", "dashboard.serve"]
        cwd = ROOT
    env = {**__import__("os").environ, "DASHBOARD_HOST": HOST, "DASHBOARD_PORT": str(port)}
    with log.open("ab") as fh:
        return subprocess.Popen(argv, cwd=cwd, env=env, stdout=fh, stderr=subprocess.STDOUT)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--connections", type=int, default=200)
    p.add_argument("--seconds", type=float, default=60)
    p.add_argument("--only", choices=["ours", "floor"])
    args = p.parse_args(argv)
    args.seconds = min(args.seconds, 600)  # bounded
    results = {}
    out_dir = HERE / "out"
    out_dir.mkdir(exist_ok=True)
    for kind in [args.only] if args.only else ["floor", "ours"]:
        port = load.free_port()
        proc = start(kind, port, out_dir / f"slowloris-{kind}.log")
        base = f"http://{HOST}:{port}"
        try:
            deadline = time.monotonic() + 120
            while probe(base + "/healthz", 2) is None:
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise SystemExit(f"{kind}: server did not start (see bench/out/)")
                time.sleep(0.3)
            results[kind] = measure(base, port, args.connections, args.seconds)
        finally:
            load.stop(proc, timeout=30)
        r = results[kind]
        print(f"{kind:5}: {r['connections']} slow connections for {r['seconds']:.0f} s "
              f"({r['reconnects']} reconnects after the server dropped them)", flush=True)
        for path in ("/healthz", "/explore"):
            s = r[path]
            print(f"       {path:9} {s['probes']} probes, {s['over_2s']} over 2 s or failed, "
                  f"p50 {s['p50_ms']} ms, max {s['max_ms']} ms", flush=True)
        print(f"       target (every probe within 2 s): {'pass' if r['pass'] else 'FAIL'}",
              flush=True)
    (out_dir / "slowloris.json").write_text(json.dumps(results, indent=2))
    return 0 if all(r["pass"] for k, r in results.items() if k == "ours") else 1


if __name__ == "__main__":
    sys.exit(main())
