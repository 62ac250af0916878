"""gunicorn entry point: `gunicorn dashboard.wsgi:server` (data from DASHBOARD_DATA_DIR)."""

import contextlib
import ctypes
import gc
import logging
import sys

import pyarrow

import validation
from dashboard.app import create_app

logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
try:
    app = create_app()
except validation.ValidationFailed as exc:  # the report, not a traceback, then a clean stop
    print(f"not starting: {exc}", file=sys.stderr)
    sys.exit(3)  # gunicorn's "worker failed to boot": the master stops instead of retrying
server = app.server


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
