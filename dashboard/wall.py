"""The briefing wall's settings from its URL: which slides, how long each. Never raises."""

from __future__ import annotations

SLIDE_NAMES = ("ncmec-trend", "ncmec-countries", "ncmec-companies", "arachnid",
               "arachnid-removals", "endorsements", "inhope")
DEFAULT_INTERVAL_S = 20
MIN_INTERVAL_S, MAX_INTERVAL_S = 3, 600


def parse_interval(raw: object) -> int:
    """Seconds between slides; anything odd falls back to the default, silently."""
    text = raw[-1] if isinstance(raw, list) and raw else raw
    try:
        seconds = int(str(text))
    except (TypeError, ValueError):
        return DEFAULT_INTERVAL_S
    return seconds if MIN_INTERVAL_S <= seconds <= MAX_INTERVAL_S else DEFAULT_INTERVAL_S


def parse_slides(raw: object) -> list[str]:
    """Known slide names in the order given; none known -> every slide in the default order."""
    items = raw if isinstance(raw, list) else [raw]
    names = [p.strip() for item in items if isinstance(item, str) for p in item.split(",")]
    chosen = list(dict.fromkeys(n for n in names if n in SLIDE_NAMES))
    return chosen or list(SLIDE_NAMES)
