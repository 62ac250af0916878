"""gunicorn entry point: `gunicorn dashboard.wsgi:server` (data from DASHBOARD_DATA_DIR)."""

import logging
import sys

import validation
from dashboard.app import create_app

logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
try:
    app = create_app()
except validation.ValidationFailed as exc:  # the report, not a traceback, then a clean stop
    print(f"not starting: {exc}", file=sys.stderr)
    sys.exit(3)  # gunicorn's "worker failed to boot": the master stops instead of retrying
server = app.server
