"""Every DASHBOARD_* setting, declared once: name, type, default, bounds and meaning.

`load()` parses the environment and checks every value; a bad one raises SettingError, whose
message is one line naming the variable, the value and what is allowed. `python -m
dashboard.serve` prints that line and stops (`stop`, exit 3). Nothing else in dashboard/ or
validation/ reads the environment: they call `get(NAME)`.

`python -m dashboard.settings` prints the README's settings table (a test keeps the two equal).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import NoReturn

ROOT = Path(__file__).resolve().parent.parent
EXIT_NOT_STARTING = 3


class SettingError(ValueError):
    """One bad setting: str() is the one line to print."""


@dataclass(frozen=True)
class Setting:
    name: str
    kind: str  # "int", "float", "bool", "text", "dir", "origins"
    default: object
    help: str
    low: float | None = None
    high: float | None = None
    shown_default: str = ""  # for the README when the default is not a plain value

    def allowed(self) -> str:
        if self.kind in ("int", "float"):
            noun = "a whole number" if self.kind == "int" else "a number"
            return f"{noun} from {_num(self.low)} to {_num(self.high)}"
        return {"bool": "0 or 1", "dir": "an existing folder",
                "origins": "space-separated origins starting with https:// or http://",
                "text": "a non-empty value without spaces"}[self.kind]

    def parse(self, raw: str) -> object:
        value = _PARSERS[self.kind](self, raw.strip())
        if self.kind in ("int", "float") and not self.low <= value <= self.high:
            raise ValueError
        return value


def _num(x: float | None) -> str:
    return f"{x:g}" if isinstance(x, float) else str(x)


def _int(_s: Setting, raw: str) -> int:
    return int(raw)


def _float(_s: Setting, raw: str) -> float:
    value = float(raw)
    if value != value or value in (float("inf"), float("-inf")):
        raise ValueError
    return value


def _bool(_s: Setting, raw: str) -> bool:
    if raw not in ("0", "1"):
        raise ValueError
    return raw == "1"


def _text(_s: Setting, raw: str) -> str:
    if not raw or any(c.isspace() for c in raw):
        raise ValueError
    return raw


def _dir(_s: Setting, raw: str) -> Path:
    path = Path(raw)
    if not path.is_dir():
        raise ValueError
    return path


def _origins(_s: Setting, raw: str) -> tuple[str, ...]:
    origins = tuple(raw.split())
    if any(not o.startswith(("https://", "http://")) or "'" in o or ";" in o for o in origins):
        raise ValueError
    return origins


_PARSERS: dict[str, Callable[[Setting, str], object]] = {
    "int": _int, "float": _float, "bool": _bool, "text": _text, "dir": _dir,
    "origins": _origins}

SETTINGS = (
    Setting("DASHBOARD_DATA_DIR", "dir", ROOT / "data", "folder with the five tables",
            shown_default="`data/`"),
    Setting("DASHBOARD_HOST", "text", "127.0.0.1", "bind address (`make run HOST=…`)"),
    Setting("DASHBOARD_PORT", "int", 8050, "port (`make run PORT=…`)", 1, 65535),
    Setting("DASHBOARD_WORKERS", "int", 2, "worker processes (one per core)", 1, 64),
    Setting("DASHBOARD_WORKER_CONNECTIONS", "int", 1000,
            "open connections a worker holds at once (more wait in the listen queue)",
            10, 100000),
    Setting("DASHBOARD_KEEPALIVE_SECONDS", "int", 5,
            "time a connection has to send a complete request head, and to stay idle "
            "between requests", 1, 300),
    Setting("DASHBOARD_BODY_TIMEOUT_SECONDS", "int", 10,
            "time a client has to send a request body (then 408)", 1, 300),
    Setting("DASHBOARD_MAX_REQUESTS", "int", 20_000,
            "requests before a worker is recycled, with 10% jitter (0: never)", 0, 10_000_000),
    Setting("DASHBOARD_FORWARDED_ALLOW_IPS", "text", "127.0.0.1,::1",
            "proxies whose X-Forwarded-* headers are trusted (comma-separated, `*` for any)"),
    Setting("DASHBOARD_HEALTH_POLL_SECONDS", "int", 30, "how often the wall checks the server",
            1, 3600),
    Setting("DASHBOARD_RELOAD_SECONDS", "float", 5.0,
            "how often a worker looks for changed tables", 0.1, 86400),
    Setting("DASHBOARD_FRAME_ANCESTORS", "origins", (),
            "extra origins allowed to frame the app", shown_default="(none)"),
    Setting("DASHBOARD_DEBUG", "bool", False,
            "`1` turns on Dash's debug tools: never on a shared server", shown_default="`0`"),
)
BY_NAME = {s.name: s for s in SETTINGS}
_values: dict[str, object] | None = None


def load(environ: Mapping[str, str] | None = None) -> dict[str, object]:
    """Parse and check every setting (an empty variable counts as unset)."""
    environ = os.environ if environ is None else environ
    values = {}
    for s in SETTINGS:
        raw = environ.get(s.name, "")
        if raw.strip() == "":
            values[s.name] = s.default
            continue
        try:
            values[s.name] = s.parse(raw)
        except ValueError:
            raise SettingError(f"{s.name}={raw!r} is not allowed: use {s.allowed()}") from None
    return values


def configure(environ: Mapping[str, str] | None = None) -> dict[str, object]:
    """Load the settings for this process (raises SettingError) and keep them."""
    global _values
    _values = load(environ)
    return _values


def get(name: str):
    """One setting's value, loading them all on first use."""
    if _values is None:
        configure()
    return _values[name]


def stop(reason: str) -> NoReturn:
    """The one way the app refuses to start (a bad setting, data that fails validation): the
    reason on stderr, no traceback, exit 3 (gunicorn's "worker failed to boot", so a master
    that did not preload stops too instead of restarting workers)."""
    print(f"not starting: {reason}", file=sys.stderr)
    sys.exit(EXIT_NOT_STARTING)


def markdown_table() -> str:
    rows = ["| variable | default | allowed | meaning |", "|---|---|---|---|"]
    for s in SETTINGS:
        default = s.shown_default or f"`{_num(s.default)}`"
        rows.append(f"| `{s.name}` | {default} | {s.allowed()} | {s.help} |")
    return "\n".join(rows)


if __name__ == "__main__":
    print(markdown_table())
