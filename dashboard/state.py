"""The one Store the running process serves (set by create_app, read by pages at request time)."""

from __future__ import annotations

from threading import Lock

from dashboard.store import Store

_lock = Lock()
_store: Store | None = None


def set_store(store: Store) -> None:
    global _store
    with _lock:
        _store = store


def store() -> Store:
    if _store is None:
        raise RuntimeError("no data loaded: call dashboard.app.create_app(data_dir) first")
    return _store
