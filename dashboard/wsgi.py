"""gunicorn entry point: `gunicorn dashboard.wsgi:server` (data from DASHBOARD_DATA_DIR)."""

from dashboard.app import create_app

app = create_app()
server = app.server
