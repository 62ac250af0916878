"""dashboard.settings: every DASHBOARD_* variable declared once, checked at start; a bad one
stops the app with one line naming it, its value and what is allowed."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path
from unittest import mock

import pytest

from dashboard import serve, settings
from tests.browser.conftest import ROOT, free_port

MALFORMED = [
    ("DASHBOARD_RELOAD_SECONDS", "abc", "a number from 0.1 to 86400"),
    ("DASHBOARD_HEALTH_POLL_SECONDS", "0", "a whole number from 1 to 3600"),
    ("DASHBOARD_PORT", "70000", "a whole number from 1 to 65535"),
    ("DASHBOARD_DEBUG", "yes", "0 or 1"),
    ("DASHBOARD_DATA_DIR", "/no/such/folder", "an existing folder"),
    ("DASHBOARD_FRAME_ANCESTORS", "javascript:alert(1)", "origins starting with https://"),
]


def clean_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("DASHBOARD_")}
    return {**env, "DASHBOARD_PORT": str(free_port()), **extra}


@pytest.mark.parametrize(("name", "value", "allowed"), MALFORMED)
def test_a_malformed_setting_stops_serve_with_one_line(name, value, allowed):
    done = subprocess.run([sys.executable, "-m", "dashboard.serve"], cwd=ROOT, timeout=60,
                          env=clean_env(**{name: value}), capture_output=True, text=True,
                          check=False)
    assert done.returncode == settings.EXIT_NOT_STARTING
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    assert lines[0].startswith(f"not starting: {name}={value!r} is not allowed: use ")
    assert allowed in lines[0]


def test_gunicorn_run_directly_checks_the_settings_too():
    done = subprocess.run([sys.executable, "-m", "gunicorn", "dashboard.wsgi:server", "--bind",
                           f"127.0.0.1:{free_port()}", "--no-control-socket"], cwd=ROOT,
                          timeout=60, env=clean_env(DASHBOARD_RELOAD_SECONDS="abc"),
                          capture_output=True, text=True, check=False)
    assert done.returncode != 0
    assert "not starting: DASHBOARD_RELOAD_SECONDS='abc' is not allowed" in done.stderr
    assert "Traceback" not in done.stderr


def test_values_are_parsed_to_their_types_and_defaults_apply():
    values = settings.load({"DASHBOARD_RELOAD_SECONDS": "0.5", "DASHBOARD_DEBUG": "1",
                            "DASHBOARD_FRAME_ANCESTORS": "https://a.example http://b.example",
                            "DASHBOARD_WORKERS": " "})
    assert values["DASHBOARD_RELOAD_SECONDS"] == 0.5
    assert values["DASHBOARD_DEBUG"] is True
    assert values["DASHBOARD_FRAME_ANCESTORS"] == ("https://a.example", "http://b.example")
    assert values["DASHBOARD_WORKERS"] == 2  # blank counts as unset
    assert values["DASHBOARD_DATA_DIR"] == ROOT / "data"


def test_serve_passes_the_settings_to_gunicorn_and_does_not_validate_the_data():
    """The data is validated once, by the preloading master (dashboard.wsgi), not here too."""
    values = settings.load({"DASHBOARD_WORKERS": "3", "DASHBOARD_KEEPALIVE_SECONDS": "7",
                            "DASHBOARD_WORKER_CONNECTIONS": "500", "DASHBOARD_PORT": "8123"})
    argv = serve.gunicorn_argv(values)
    flags = dict(zip(argv[2::2], argv[3::2], strict=False))
    assert flags["--workers"] == "3" and flags["--keep-alive"] == "7"
    assert flags["--worker-connections"] == "500" and flags["--bind"] == "127.0.0.1:8123"
    assert flags["--worker-class"] == "gevent" and "--preload" in argv
    with mock.patch("validation.load") as load, mock.patch.object(serve.os, "execvp") as ex, \
            mock.patch.dict(os.environ, clean_env()):
        serve.main()
    assert load.call_count == 0 and ex.call_count == 1


def test_readme_settings_table_is_the_declared_one():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert settings.markdown_table() in readme


def test_only_the_settings_module_reads_the_environment():
    readers = [str(p.relative_to(ROOT)) for folder in ("dashboard", "validation")
               for p in sorted((ROOT / folder).rglob("*.py"))
               if re.search(r"os\.environ|getenv", p.read_text(encoding="utf-8"))]
    assert readers == [str(Path("dashboard") / "settings.py")]
