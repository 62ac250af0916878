"""`python -m dashboard.serve`: gunicorn with host, port and workers from the environment."""

from __future__ import annotations

import os
import sys


def main() -> None:
    # Refuse to start on bad data, with the validation report rather than a worker traceback.
    import validation
    from dashboard.app import data_dir_from_env

    try:
        validation.load(data_dir_from_env())
    except validation.ValidationFailed as exc:
        print(f"not starting: {exc}", file=sys.stderr)
        sys.exit(1)
    host = os.environ.get("DASHBOARD_HOST", "127.0.0.1")
    port = os.environ.get("DASHBOARD_PORT", "8050")
    workers = os.environ.get("DASHBOARD_WORKERS", "2")
    argv = [
        "gunicorn", "dashboard.wsgi:server",
        "--bind", f"{host}:{port}",
        "--workers", workers,
        "--worker-class", "sync",
        "--max-requests", os.environ.get("DASHBOARD_MAX_REQUESTS", "2000"),
        "--max-requests-jitter", "200",
        "--timeout", "60",
        "--no-control-socket",
        "--preload",
        "--access-logfile", "-",
        "--access-logformat", '%(h)s "%(r)s" %(s)s %(b)s %(M)sms',  # method+path in %(r)s
    ]
    os.execvp(sys.executable, [sys.executable, "-m", *argv])  # noqa: S606 (fixed argv)


if __name__ == "__main__":
    main()
