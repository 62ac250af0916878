"""`python -m dashboard.serve`: check the settings, then run gunicorn with gevent workers.

The data is validated once, by gunicorn's master while it preloads dashboard.wsgi, before the
workers fork; bad data or a bad setting stops it there with one message (dashboard.settings.stop).
"""

from __future__ import annotations

import os
import sys

from dashboard import settings

# Up to 8 KiB of address must reach the app (it answers longer ones with its own 414 page);
# gunicorn's own line limit tops out at 8190 bytes, so its check is off (0: up to 1 MiB) and
# the app's guard is the limit.
REQUEST_LINE_LIMIT = 0


def gunicorn_argv(values: dict) -> list[str]:
    """gunicorn's command line for these settings (gevent: a slow client holds a greenlet,
    not a worker; the keep-alive timeout also bounds the time to send a request head)."""
    get = values.__getitem__
    return [
        "gunicorn", "dashboard.wsgi:server",
        "--config", "python:dashboard.gunicorn_conf",  # fairness hooks
        "--bind", f"{get('DASHBOARD_HOST')}:{get('DASHBOARD_PORT')}",
        "--workers", str(get("DASHBOARD_WORKERS")),
        "--worker-class", "gevent",
        "--worker-connections", str(get("DASHBOARD_WORKER_CONNECTIONS")),
        "--keep-alive", str(get("DASHBOARD_KEEPALIVE_SECONDS")),
        "--limit-request-line", str(REQUEST_LINE_LIMIT),
        "--max-requests", str(get("DASHBOARD_MAX_REQUESTS")),
        # A guard against slow leaks (none is known: the soak and load runs stay flat), not a
        # habit: each recycled worker starts with empty page, view and answer caches.
        "--max-requests-jitter", str(get("DASHBOARD_MAX_REQUESTS") // 10),
        "--forwarded-allow-ips", get("DASHBOARD_FORWARDED_ALLOW_IPS"),
        "--backlog", "2048",
        "--timeout", "60",
        "--graceful-timeout", "10",
        "--no-control-socket",
        "--preload",
        "--access-logfile", "-",
        "--access-logformat", '%(h)s "%(r)s" %(s)s %(b)s %(M)sms',  # method+path in %(r)s
    ]


def main() -> None:
    try:
        values = settings.configure()
    except settings.SettingError as exc:
        settings.stop(str(exc))
    argv = gunicorn_argv(values)
    os.execvp(sys.executable, [sys.executable, "-m", *argv])  # noqa: S606 (fixed argv)


if __name__ == "__main__":
    main()
