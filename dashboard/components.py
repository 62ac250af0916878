"""Small layout pieces shared by pages: graphs with the offline config, source lines, notices."""

from __future__ import annotations

from urllib.parse import urlencode

from dash import dcc, html

from dashboard.app import GRAPH_CONFIG
from dashboard.query import Filters


def graph(figure, id: str | None = None, **kwargs) -> dcc.Graph:
    """Every chart goes through here, so none can fetch map shapes or offer cloud sharing."""
    props = {"figure": figure, "config": GRAPH_CONFIG, **kwargs}
    return dcc.Graph(id=id, **props) if id else dcc.Graph(**props)


def explore_href(filters: Filters) -> str:
    query = urlencode(filters.to_query(), safe=",")
    return "/explore" + (f"?{query}" if query else "")


def source_line(row: dict) -> html.Span:
    """'Publisher, Title (published)' linking to the source; secondary sources say so."""
    parts = [html.A(f"{row['publisher']}, {row['title']}", href=row["url"],
                    target="_blank", rel="noopener noreferrer")]
    if row.get("published"):
        parts.append(f" ({row['published']})")
    if row.get("secondary"):
        parts.append(html.Span(" · secondary source", className="badge-secondary"))
    return html.Span(["Source: ", *parts], className="source-line")


def notices(messages: list[str]) -> html.Div:
    if not messages:
        return html.Div(className="notice-empty")
    return html.Div([html.Strong("Some link parameters were ignored. "),
                     html.Ul([html.Li(m) for m in messages])],
                    className="notice", role="status")
