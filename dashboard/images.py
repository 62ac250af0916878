"""Every explorer view as an image: /api/chart.svg and /api/chart.png.

The chart is the explorer's own (dashboard.figures.build on the same query), with what a
picture needs to stand on its own drawn into it: the title, the unit, the sources, the as-of
date, the site's name, the view's address and the data version, in the page's language.

Plotly's static export (kaleido 1.x driving Debian's chromium) draws it. One headless browser
per worker process, started on the first image and closed when the process exits; at most
RENDERS images drawn at once per process, RENDER_TIMEOUT seconds each, QUEUE more waiting
(beyond that: 503). Nothing is fetched from the network: the page kaleido loads holds the
plotly.js of the Python package, plotly.js's French locale and the app's own world map shapes,
all from local files, and MathJax is off. Images are cached per view, size, language and data
version.
"""

from __future__ import annotations

import asyncio
import atexit
import base64
import copy
import json
import logging
import os
import shutil
import subprocess
import sys
import tempfile
import threading
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode

import plotly

from dashboard import charts, formatting, i18n
from dashboard.i18n import t
from dashboard.query import Filters
from dashboard.store import Store

log = logging.getLogger("dashboard.images")
for _name in ("kaleido", "choreographer", "logistro"):  # one line per tab and render otherwise
    logging.getLogger(_name).setLevel(logging.WARNING)

HERE = Path(__file__).resolve().parent
PLOTLY_JS = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"
LOCALE_FR = HERE / "plotlyjs" / "plotly-locale-fr.js"
TOPOJSON = HERE / "assets" / "topojson"
FORMATS = {"svg": "image/svg+xml", "png": "image/png"}
WIDTH, HEIGHT = 1200, 750  # defaults, in CSS pixels (a PNG is this size)
MIN_WIDTH, MAX_WIDTH = 600, 2400
MIN_HEIGHT, MAX_HEIGHT = 400, 1600
OWN_PARAMS = ("width", "height")
RENDERS = 2  # browser tabs per process: images drawn at once
QUEUE = 8  # requests allowed to wait for a tab; more get 503
RENDER_TIMEOUT = 20.0  # seconds for one image (gunicorn's worker timeout is 30)
START_TIMEOUT = 30.0
CACHE_SIZE = 48  # images per process (a PNG is ~100-300 kB)
FOOTER_LINE = 20  # px per footer line
SOURCES_SHOWN = 3


class BadSize(ValueError):
    """A width or height that is not a whole number within bounds."""


class Busy(RuntimeError):
    """More image requests than the process will queue."""


class RenderFailed(RuntimeError):
    """The browser did not draw the image in time, or failed."""


def size(raw: list[str] | None, name: str, default: int, low: int, high: int) -> int:
    values = [v for v in (raw or []) if v != ""]
    if not values:
        return default
    text = values[-1]
    if not text.isdigit() or not low <= int(text) <= high:
        raise BadSize(f"Parameter '{name}': '{text[:20]}' is not a whole number of pixels "
                      f"from {low} to {high}.")
    return int(text)


def url_for(filters: Filters, lang: str = i18n.DEFAULT, fmt: str = "png",
            query: str | None = None) -> str:
    """The image address of an explorer view, for the explorer's "Download image" button
    (the same parameters as the view's own address; `query`: that address's query string,
    when the caller has it already)."""
    if query is None:
        params = {**filters.to_query(), **({"lang": lang} if lang != i18n.DEFAULT else {})}
        query = urlencode(params, safe=",")
    return f"/api/chart.{fmt}" + (f"?{query}" if query else "")


def view_address(filters: Filters, lang: str, base: str) -> str:
    query = urlencode({**filters.to_query(), **({"lang": lang} if lang != "en" else {})},
                      safe=",")
    return f"{base.rstrip('/')}/explore" + (f"?{query}" if query else "")


# -- the figure -------------------------------------------------------------------------------

@dataclass(frozen=True)
class Caption:
    title: str
    unit: str
    sources: str
    as_of: str
    view: str


def caption(store: Store, filters: Filters, lang: str, base: str) -> Caption:
    built = charts.build(store, filters, lang)
    df, chart = built.rows, built.plan
    shown = chart.frame if not chart.frame.empty else df
    names = list(dict.fromkeys(shown[i18n.localized("indicator_name", lang)]))
    title = ", ".join(names[:2]) + (" …" if len(names) > 2 else "")
    units = list(dict.fromkeys(shown["unit"]))
    unit = t("image.unit", lang, unit=", ".join(formatting.unit_label(u, lang) for u in units))
    cited = []
    for sid in dict.fromkeys(shown["source_id"]):
        src = store.source(sid)
        cited.append(f"{formatting.short_publisher(i18n.source_text(src, 'publisher', lang))}:"
                     f" {i18n.source_text(src, 'title', lang)}")
    sources = "; ".join(cited[:SOURCES_SHOWN])
    if len(cited) > SOURCES_SHOWN:
        sources = t("image.sources_more", lang, sources=sources, n=len(cited) - SOURCES_SHOWN)
    return Caption(
        title=title if names else t("fig.no_match", lang),
        unit=unit if units else "",
        sources=t("source.prefix", lang) + sources if cited else "",
        as_of=t("image.as_of", lang, as_of=formatting.date_text(store.as_of(), lang),
                version=store.version),
        view=t("image.view", lang, site=t("site.title", lang),
               address=view_address(filters, lang, base)),
    )


def _clip(text: str, width: int, size_px: int) -> str:
    """Keep a footer line on one line: about 0.55 em per character."""
    limit = max(40, int(width / (size_px * 0.55)))
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _wrap(text: str, width: int, size_px: int, lines: int = 2) -> str:
    """A title on at most `lines` lines (<br> between), clipped with … beyond."""
    limit = max(30, int(width / (size_px * 0.6)))
    out, words = [], text.split()
    while words and len(out) < lines:
        line = words.pop(0)
        while words and len(line) + 1 + len(words[0]) <= limit:
            line += " " + words.pop(0)
        out.append(line)
    if words:
        out[-1] = _clip(out[-1] + " " + " ".join(words), width, int(size_px * 1.1))
    return "<br>".join(out)


def image_figure(store: Store, filters: Filters, lang: str, width: int, height: int,
                 base: str) -> dict:
    """The explorer's figure for these filters, with its caption drawn in."""
    fig = copy.deepcopy(charts.build(store, filters, lang).figure)
    cap = caption(store, filters, lang, base)
    layout = fig["layout"]
    layout.pop("height", None)
    layout.pop("width", None)
    font = layout.get("font", {}).get("size", 14)
    small = max(11, font - 2)
    lines = [line for line in (cap.sources, cap.as_of, cap.view) if line]
    footer = FOOTER_LINE * len(lines) + 16
    own = layout.get("margin", {})
    legend = 0
    if layout.get("showlegend", True) and sum(1 for d in fig["data"]
                                              if d.get("showlegend", True)) > 1:
        legend = 28 * min(3, 1 + len(fig["data"]) // 4)
    title = _wrap(layout.get("title", {}).get("text") or cap.title, width - 32, font + 6)
    rows = title.count("<br>") + 1
    layout["title"] = {"text": f"<b>{title}</b>", "x": 0, "xanchor": "left", "xref": "container",
                       "pad": {"l": 16}, "y": 1 - 14 / height, "yanchor": "top",
                       "yref": "container",
                       "font": {"size": font + 6},
                       "subtitle": {"text": cap.unit, "font": {"size": font}}}
    axis_room = 56 if "geo" not in layout else 8
    left = max(own.get("l", 64), 16)
    labels = [str(y) for d in fig["data"] if d.get("orientation") == "h" for y in d.get("y", [])]
    if labels:  # ranked bars: room for the longest name, so the margin is known
        tick = layout.get("yaxis", {}).get("tickfont", {}).get("size", font)
        left = max(left, int(max(map(len, labels)) * tick * 0.62) + 24)
    layout["margin"] = {**own, "t": 72 + (font + 10) * rows, "b": axis_room + legend + footer,
                        "l": left, "r": max(own.get("r", 24), 24)}
    if legend:
        layout["legend"] = {**layout.get("legend", {}), "yref": "container",
                            "y": (footer + 4) / height, "yanchor": "bottom", "x": 16 / width,
                            "xref": "container", "xanchor": "left"}
    layout["annotations"] = [*layout.get("annotations", []),
                             *_footer(lines, axis_room + legend, layout["margin"]["l"], width,
                                      small)]
    for trace in fig["data"]:
        if trace.get("type") == "choropleth" and "colorbar" in trace:
            trace["colorbar"] = {**trace["colorbar"], "len": 0.9, "y": 0.5, "yanchor": "middle"}
    fig["config"] = {"locale": lang}
    return fig


def _footer(lines: list[str], below_plot: int, left: int, width: int, size: int) -> list[dict]:
    """The caption's lines (sources, as-of, the view's address) under the plot, one each."""
    return [{"text": _clip(line, width - 32, size), "showarrow": False,
             "xref": "paper", "yref": "paper", "x": 0, "y": 0, "xanchor": "left",
             "yanchor": "top", "align": "left",
             "yshift": -(below_plot + 8 + FOOTER_LINE * i), "xshift": -(left - 16),
             "font": {"size": size, "color": "#57606a"}}
            for i, line in enumerate(lines)]


# -- the browser ------------------------------------------------------------------------------

def _page_files(folder: Path) -> list[Path]:
    """Scripts the export page loads after plotly.js: map shapes (plotly.js reads
    window.PlotlyGeoAssets before any network) and the French locale."""
    geo = folder / "geo-assets.js"
    shapes = {p.stem: p.read_text(encoding="utf-8") for p in sorted(TOPOJSON.glob("*.json"))}
    body = ",".join(f'"{name}":{text}' for name, text in shapes.items())
    geo.write_text(f"window.PlotlyGeoAssets={{topojson:{{{body}}}}};", encoding="utf-8")
    locale = folder / "plotly-locale-fr.js"
    shutil.copyfile(LOCALE_FR, locale)
    return [geo, locale]


class Renderer:
    """One headless chromium (kaleido) per process, with RENDERS tabs, on its own event loop
    thread; thread-safe; rebuilt after a fork (gunicorn workers) or a crash."""

    def __init__(self, renders: int = RENDERS, queue: int = QUEUE,
                 timeout: float = RENDER_TIMEOUT):
        self.renders, self.timeout = renders, timeout
        self._slots = threading.BoundedSemaphore(renders + queue)
        self._lock = threading.Lock()
        self._pid: int | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._kaleido = None
        self._folder: Path | None = None
        self._thread: threading.Thread | None = None

    @property
    def running(self) -> bool:
        return self._kaleido is not None and self._pid == os.getpid()

    def page(self, folder: Path):
        from kaleido import PageGenerator

        return PageGenerator(plotly=str(PLOTLY_JS), mathjax=False,
                             others=[str(p) for p in _page_files(folder)])

    def _start(self) -> None:
        from kaleido import Kaleido

        self._folder = Path(tempfile.mkdtemp(prefix="dashboard-images-"))
        loop = asyncio.new_event_loop()
        thread = threading.Thread(target=loop.run_forever, name="kaleido", daemon=True)
        thread.start()
        kaleido = Kaleido(n=self.renders, timeout=self.timeout,
                          page_generator=self.page(self._folder))
        try:
            asyncio.run_coroutine_threadsafe(kaleido.open(), loop).result(START_TIMEOUT)
        except BaseException:
            loop.call_soon_threadsafe(loop.stop)
            raise
        self._loop, self._kaleido, self._thread, self._pid = loop, kaleido, thread, os.getpid()
        atexit.register(self.stop)
        log.info("chart images: browser started (pid %s)", os.getpid())

    def stop(self) -> None:
        """Close the browser (and its chromium processes) if this process started it."""
        with self._lock:
            if self._kaleido is None or self._pid != os.getpid():
                return
            loop, kaleido = self._loop, self._kaleido
            self._kaleido = None
            try:
                asyncio.run_coroutine_threadsafe(kaleido.close(), loop).result(START_TIMEOUT)
            except Exception:
                log.exception("chart images: closing the browser failed")
            loop.call_soon_threadsafe(loop.stop)
            if self._thread is not None:
                self._thread.join(5)
            if self._folder is not None:
                shutil.rmtree(self._folder, ignore_errors=True)

    def render(self, fig: dict, fmt: str, width: int, height: int) -> bytes:
        if not self._slots.acquire(blocking=False):
            raise Busy("too many image requests waiting")
        try:
            with self._lock:
                if not self.running:
                    self._kaleido = None  # a fork's copy is not ours to close
                    self._start()
                loop, kaleido = self._loop, self._kaleido
            opts = {"format": fmt, "width": width, "height": height, "scale": 1}
            future = asyncio.run_coroutine_threadsafe(kaleido.calc_fig(fig, opts=opts), loop)
            try:
                return future.result(self.timeout + 5)
            except TimeoutError as exc:
                future.cancel()
                raise RenderFailed("timed out") from exc
            except Exception as exc:
                log.exception("chart images: rendering failed")
                raise RenderFailed(str(exc)[:200]) from exc
        finally:
            self._slots.release()


class ChildRenderer:
    """Images drawn by a child process (dashboard/render.py), for servers whose workers are
    gevent's, where kaleido's asyncio browser cannot run: one child per image, RENDERS at
    once, QUEUE more waiting (then Busy), each bounded by a timeout; the child closes its
    chromium before it ends. Slower than the in-process browser (a few seconds to start),
    which the per-view cache absorbs."""

    def __init__(self, renders: int = RENDERS, queue: int = QUEUE,
                 timeout: float = RENDER_TIMEOUT):
        self.timeout = timeout
        self._slots = threading.BoundedSemaphore(renders + queue)
        self._running = threading.BoundedSemaphore(renders)

    def render(self, fig: dict, fmt: str, width: int, height: int) -> bytes:
        if not self._slots.acquire(blocking=False):
            raise Busy("too many image requests waiting")
        try:
            ask = {"fig": fig, "fmt": fmt, "width": width, "height": height}
            with self._running:
                done = subprocess.run(  # gevent's subprocess: other requests go on meanwhile
                    [sys.executable, "-m", "dashboard.render"], input=json.dumps(ask) + "\n",
                    capture_output=True, text=True, timeout=self.timeout + START_TIMEOUT,
                    cwd=str(Path(__file__).resolve().parents[1]), check=False)
            answer = json.loads(done.stdout.splitlines()[0] if done.stdout.strip()
                                else '{"error": "the renderer gave no answer"}')
            if "error" in answer:
                raise RenderFailed(answer["error"])
            return base64.b64decode(answer["body"])
        except subprocess.TimeoutExpired as exc:
            raise RenderFailed("timed out") from exc
        except (OSError, ValueError) as exc:
            raise RenderFailed(str(exc)[:200]) from exc
        finally:
            self._slots.release()


def _under_gevent() -> bool:
    """Decided per call: gunicorn's gevent worker patches after the app is imported."""
    monkey = sys.modules.get("gevent.monkey")
    return monkey is not None and monkey.is_module_patched("threading")


RENDERER = Renderer()  # in this process: the test client, `python -m dashboard`, sync workers
CHILD_RENDERER = ChildRenderer()  # beside a gevent worker
_cache: OrderedDict[tuple, bytes] = OrderedDict()
_cache_lock = threading.Lock()


def chart(store: Store, filters: Filters, lang: str, fmt: str, width: int, height: int,
          base: str) -> bytes:
    """The image of one view, from the cache or drawn."""
    key = (fmt, filters, lang, width, height, store.version, base)
    with _cache_lock:
        if key in _cache:
            _cache.move_to_end(key)
            return _cache[key]
    fig = image_figure(store, filters, lang, width, height, base)
    body = (CHILD_RENDERER if _under_gevent() else RENDERER).render(fig, fmt, width, height)
    with _cache_lock:
        _cache[key] = body
        while len(_cache) > CACHE_SIZE:
            _cache.popitem(last=False)
    return body
