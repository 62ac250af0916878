"""Shared fixtures: the real data, loaded once; the app, created once per test process."""

from __future__ import annotations

from pathlib import Path

import pytest

import validation
from dashboard.store import Store

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"


@pytest.fixture(scope="session")
def dataset():
    return validation.load(DATA)


@pytest.fixture(scope="session")
def store(dataset):
    return Store(dataset)


@pytest.fixture(scope="session")
def app():
    """One Dash app per process: Dash pages register their callbacks globally."""
    from dashboard.app import create_app

    return create_app(DATA)


@pytest.fixture()
def client(app):
    return app.server.test_client()
