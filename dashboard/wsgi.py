"""gunicorn entry point: `gunicorn dashboard.wsgi:server` (settings from dashboard.settings).

Loading it checks the settings and validates the data once (with --preload, in the master
before the workers fork); either failing stops the process through settings.stop."""

import contextlib
import ctypes
import gc
import logging

import pyarrow

import validation
from dashboard import delivery, security, settings
from dashboard.app import create_app

logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
try:
    settings.configure()
    app = create_app()
except (settings.SettingError, validation.ValidationFailed) as exc:  # one line or the report
    settings.stop(str(exc))
server = app.server
server.wsgi_app = delivery.BodyDeadline(server.wsgi_app, security.MAX_BODY_BYTES)


def _settle() -> None:
    """After loading (gunicorn --preload runs this once, in the master, before forking):
    return the memory the parsing freed to the system, and move everything loaded so far out
    of the garbage collector's sight (full collections stay short; pages stay shared)."""
    gc.collect()
    pyarrow.default_memory_pool().release_unused()  # Arrow's allocator keeps freed pages
    with contextlib.suppress(OSError, AttributeError):  # not glibc: nothing to trim
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    gc.freeze()


_settle()
