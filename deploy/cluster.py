"""`make cluster`: nginx on http://127.0.0.1:8050 in front of two app instances on ports of
their own (8051, 8052), all stopped together by Ctrl-C.

nginx (Debian's package) buffers clients, serves the content-hashed static files itself
(precompressed, exported by `python -m dashboard.delivery build --export`), balances the
instances and passes over a dead one. The functions here are what tests/deploy/ drives too.

    .venv/bin/python deploy/cluster.py                       # 8050 -> 8051, 8052
    .venv/bin/python deploy/cluster.py --port 9000 --instances 9001 9002 9003
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import string
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TEMPLATE = Path(__file__).resolve().parent / "nginx.conf.template"
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
RUN = ROOT / ".cache" / "cluster"
BROTLI = Path("/usr/lib/nginx/modules/ngx_http_brotli_static_module.so")


def write_config(run: Path, listen: str, instances: list[int], static: Path) -> Path:
    for sub in ("body", "proxy", "fastcgi", "uwsgi", "scgi"):
        (run / "tmp" / sub).mkdir(parents=True, exist_ok=True)
    upstreams = "\n        ".join(
        f"server 127.0.0.1:{p} max_fails=1 fail_timeout=3s;" for p in instances)
    text = string.Template(TEMPLATE.read_text()).safe_substitute(
        run=run, listen=listen, upstreams=upstreams, static=static,
        # Debian's libnginx-mod-http-brotli-static; without it nginx serves the .gz files
        modules=f"load_module {BROTLI};" if BROTLI.exists() else "",
        brotli="brotli_static on;" if BROTLI.exists() else "")
    conf = run / "nginx.conf"
    conf.write_text(text)
    return conf


def export_static(static: Path, log) -> None:
    """The hashed static files and their .br/.gz, as nginx serves them."""
    shutil.rmtree(static, ignore_errors=True)
    subprocess.run([sys.executable, "-m", "dashboard.delivery", "build", "--export", str(static)],
                   cwd=ROOT, check=True, stdout=log, stderr=subprocess.STDOUT)


def start_instance(port: int, log_path: Path, **env: str) -> subprocess.Popen:
    """One app instance (`python -m dashboard.serve`, one worker) in a process group of its
    own, so it can be stopped, or killed outright, whole."""
    environ = {**os.environ, "DASHBOARD_PORT": str(port), "DASHBOARD_HOST": "127.0.0.1",
               "DASHBOARD_WORKERS": env.pop("workers", "1"), **env}
    with log_path.open("ab") as log:
        return subprocess.Popen([sys.executable, "-m", "dashboard.serve"], cwd=ROOT, env=environ,
                                stdout=log, stderr=subprocess.STDOUT, start_new_session=True)


def start_nginx(conf: Path, log_path: Path) -> subprocess.Popen:
    with log_path.open("ab") as log:
        return subprocess.Popen([NGINX, "-c", str(conf), "-p", str(conf.parent)], cwd=ROOT,
                                stdout=log, stderr=subprocess.STDOUT, start_new_session=True)


def wait_up(url: str, procs: list[subprocess.Popen], seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        for p in procs:
            if p.poll() is not None:
                raise RuntimeError(f"{p.args[0]} exited with {p.returncode}")
        try:
            with urllib.request.urlopen(url + "/healthz", timeout=2) as r:  # noqa: S310
                if r.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"{url} did not answer in {seconds:.0f} s")


def stop(proc: subprocess.Popen | None, sig: int = signal.SIGTERM, timeout: float = 20) -> None:
    """Stop a process group (an instance's gunicorn master and workers, or nginx)."""
    if proc is None or proc.poll() is not None:
        return
    try:
        os.killpg(proc.pid, sig)
        proc.wait(timeout=timeout)
    except (ProcessLookupError, subprocess.TimeoutExpired):
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=5)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8050)
    p.add_argument("--instances", type=int, nargs="+", default=[8051, 8052])
    args = p.parse_args(argv)
    if not Path(NGINX).exists():
        print("nginx is missing: apt-get install nginx libnginx-mod-http-brotli-static",
              file=sys.stderr)
        return 1
    RUN.mkdir(parents=True, exist_ok=True)
    with (RUN / "build.log").open("ab") as log:
        export_static(RUN / "static", log)
    conf = write_config(RUN, f"{args.host}:{args.port}", args.instances, RUN / "static")
    procs: list[subprocess.Popen] = []

    def shutdown(*_):
        for proc in reversed(procs):
            stop(proc)
        sys.exit(0)

    signal.signal(signal.SIGTERM, shutdown)
    try:
        for port in args.instances:
            procs.append(start_instance(port, RUN / f"instance-{port}.log"))
        procs.append(start_nginx(conf, RUN / "nginx.log"))
        for port in args.instances:
            wait_up(f"http://127.0.0.1:{port}", procs)
        wait_up(f"http://{args.host}:{args.port}", procs)
        print(f"cluster: nginx on http://{args.host}:{args.port} -> instances on "
              f"{', '.join(map(str, args.instances))} (logs in {RUN}); Ctrl-C stops all",
              flush=True)
        while all(p.poll() is None for p in procs[-1:]):
            time.sleep(1)
        return 1
    except KeyboardInterrupt:
        return 0
    finally:
        for proc in reversed(procs):
            stop(proc)


if __name__ == "__main__":
    sys.exit(main())
