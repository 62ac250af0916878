"""Layout pieces shared by pages: the page frame (header, nav, language switch, footer),
graphs with the offline config, source lines, notices."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Hashable
from urllib.parse import parse_qs, urlencode

from dash import dcc, html
from dash.development.base_component import Component
from flask import has_request_context, request

from dashboard import cache, i18n, ids, memo, state
from dashboard.app import GRAPH_CONFIG
from dashboard.i18n import DEFAULT, lang_of, t
from dashboard.query import Filters

NAV = (("nav.overview", "/"), ("nav.explore", "/explore"), ("nav.sources", "/sources"))
LAYOUT_CACHE = 64  # whole pages (up to ~60 KB each) per worker
_LAYOUTS: cache.Bounded = cache.Bounded(LAYOUT_CACHE)


def request_lang() -> str:
    """The language of the page being served: ?lang= on a page load, or the URL's search
    string inside the router callback's body."""
    if not has_request_context():
        return DEFAULT
    if request.method == "GET":
        return lang_of(request.args.get("lang"))
    body = request.get_json(silent=True)
    inputs = body.get("inputs", []) if isinstance(body, dict) else []
    for item in inputs if isinstance(inputs, list) else []:
        if isinstance(item, dict) and item.get("property") == "search":
            value = item.get("value")
            if isinstance(value, str):
                return lang_of(parse_qs(value.lstrip("?")).get("lang"))
    return DEFAULT


def title(key: str):
    """A page title that follows the page's language."""
    return lambda **_: t(key, request_lang())


def graph(figure, lang: str, id: str | None = None, **kwargs) -> dcc.Graph:
    """Every chart goes through here, so none can fetch map shapes or offer cloud sharing.
    `lang`: the page's language, as its layout was keyed (never re-read from the request: a
    cached page must not carry another request's reading of ?lang=). A `config` adds to the
    shared one (map shapes stay local)."""
    # plotly.js's French locale (bundled in assets/plotly-dashboard.min.js) on French pages:
    # modebar, hovers and date axes in French.
    config = {**GRAPH_CONFIG, "locale": lang, **kwargs.pop("config", {})}
    props = {"figure": figure, "config": config, **kwargs}
    return dcc.Graph(id=id, **props) if id else dcc.Graph(**props)


def query_string(params: dict | None, lang: str) -> str:
    """Filters plus the language (English needs no parameter), lists left comma-separated."""
    query = {**(params or {}), **({"lang": lang} if lang != DEFAULT else {})}
    return urlencode(query, safe=",")


def with_lang(path: str, lang: str, params: dict | None = None) -> str:
    """An in-app address that keeps the language."""
    query = query_string(params, lang)
    return path + (f"?{query}" if query else "")


def explore_href(filters: Filters, lang: str = DEFAULT) -> str:
    return with_lang("/explore", lang, filters.to_query())


def frame(lang: str, path: str, children, params: dict | None = None, store=None) -> html.Div:
    """Header with navigation and the language switch, the page in <main>, and the footer
    (`store`: the snapshot the page was built from; by default the one served now)."""
    store = store or state.store()
    other = i18n.other(lang)
    switch = html.A(t("lang.switch", lang), href=with_lang(path, other, params),
                    id=ids.LANG_SWITCH, lang=other, className="lang-switch",
                    title=t("lang.switch_label", lang))
    nav = [dcc.Link(t(key, lang), href=with_lang(href, lang), className="nav-link")
           for key, href in NAV]
    return html.Div([
        html.A(t("nav.skip", lang), href="#main", className="skip-link"),
        html.Header([
            html.Div([
                dcc.Link(t("site.title", lang), href=with_lang("/", lang), className="site-title"),
                html.Span(t("site.tagline", lang), className="site-tagline"),
            ], className="brand"),
            html.Nav([*nav, switch], className="site-nav", **{"aria-label": t("nav.label", lang)}),
        ], className="site-header"),
        html.Main(children, id="main", className="site-main", tabIndex="-1"),
        html.Footer(html.P([
            t("footer.text", lang, version=store.version, as_of=store.as_of()), " ",
            dcc.Link(t("footer.cite", lang), href=with_lang("/sources", lang) + "#cite"), " · ",
            html.A(t("footer.zip", lang), href=with_lang("/api/dataset.zip", lang)),
        ]), className="site-footer"),
    ], className="page", lang=lang)


def source_line(row: dict, lang: str = DEFAULT) -> html.Span:
    """'Publisher, Title (published)' linking to the source; secondary sources say so."""
    parts = [html.A(f"{row['publisher']}, {row['title']}", href=row["url"],
                    target="_blank", rel="noopener noreferrer")]
    if row.get("published"):
        parts.append(f" ({row['published']})")
    if row.get("secondary"):
        parts.append(html.Span(f" · {t('source.secondary', lang)}", className="badge-secondary"))
    return html.Span([t("source.prefix", lang), *parts], className="source-line")


def notices(messages: list[str], lang: str = DEFAULT) -> html.Div:
    if not messages:
        return html.Div(className="notice-empty")
    return html.Div([html.Strong(t("notice.heading", lang)),
                     html.Ul([html.Li(m) for m in messages])],
                    className="notice", role="status")


def plain(node):
    """A layout as the plain JSON-ready tree Dash would send for it: a cached page is turned
    into it once, so each visit skips Dash's per-component encoding (~60 KB, 3,000 nodes)."""
    if isinstance(node, Component):
        tree = node.to_plotly_json()
        return {**tree, "props": {k: plain(v) for k, v in tree["props"].items()}}
    if isinstance(node, (list, tuple)):
        return [plain(item) for item in node]
    if isinstance(node, dict):
        return {k: plain(v) for k, v in node.items()}
    return node


def cached_layout(page: str, key: Hashable, build: Callable[..., object], store=None) -> dict:
    """A page's layout, built by `build(store)` once per (page, normalised parameters `key`
    (the language among them), data version, day: ages such as "figure more than two years
    old" follow the date) and kept as the plain tree Dash sends."""
    store = store or state.store()  # one snapshot: the key's version is the page's data
    full_key = (page, key, store.version, dt.date.today())
    memo.pure(store.version)  # the router's answer for this page may be kept (dashboard/memo.py)
    return _LAYOUTS.get(full_key, lambda: plain(build(store)))
