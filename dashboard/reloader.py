"""Hot data reloads: when data/ changes, validate the new tables and swap them in whole; if
they fail, keep serving the last good data, log the full report, and say so in /healthz."""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field
from pathlib import Path
from threading import Lock

import validation
from dashboard import state
from dashboard.store import Store
from validation.schemas import TABLES

log = logging.getLogger("dashboard.reload")


def fingerprint(data_dir: Path) -> tuple:
    """What changes when a table is edited or replaced: name, size and modification time."""
    out = []
    for name in TABLES:
        try:
            st = (data_dir / name).stat()
            out.append((name, st.st_size, st.st_mtime_ns))
        except OSError:
            out.append((name, None, None))
    return tuple(out)


@dataclass
class Watcher:
    """Checked at most every `interval` seconds, from request handlers (no extra threads)."""

    data_dir: Path
    interval: float = 5.0
    last_check: float = 0.0
    seen: tuple = ()
    failed_report: str = ""
    failed_at: float = 0.0
    _lock: Lock = field(default_factory=Lock)

    def __post_init__(self):
        self.seen = fingerprint(self.data_dir)

    def maybe_reload(self, now: float | None = None) -> None:
        now = time.monotonic() if now is None else now
        if now - self.last_check < self.interval or not self._lock.acquire(blocking=False):
            return
        try:
            self.last_check = now
            current = fingerprint(self.data_dir)
            if current != self.seen:
                self.seen = current
                self._reload()
        finally:
            self._lock.release()

    def _reload(self) -> None:
        try:
            dataset = validation.load(self.data_dir)
        except validation.ValidationFailed as exc:
            self.failed_report = str(exc)
            self.failed_at = time.time()
            log.error("data in %s failed validation; still serving version %s\n%s",
                      self.data_dir, state.store().version, exc)
            return
        except Exception:  # an unreadable folder must not take the server down
            self.failed_report = "the data folder could not be read"
            self.failed_at = time.time()
            log.exception("could not reload %s; still serving the last good data",
                          self.data_dir)
            return
        old = state.store().version
        state.set_store(Store(dataset))  # one assignment: requests see old or new, never a mix
        self.failed_report = ""
        log.info("reloaded %s: data version %s -> %s", self.data_dir, old, dataset.version)
