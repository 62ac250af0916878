"""How responses travel: request bodies read under a deadline (a client that trickles its
body gets a 408 instead of holding the worker), and text responses compressed."""

from __future__ import annotations

import io

from dashboard import settings

BODY_METHODS = {"POST", "PUT", "PATCH"}


def _green() -> bool:
    """True inside a gevent worker (gunicorn patched the socket module)."""
    try:
        from gevent import monkey
    except ImportError:
        return False
    return monkey.is_module_patched("socket")


class BodyDeadline:
    """WSGI middleware: read a request's body (up to `max_bytes` + 1) within `seconds` before
    the app sees it; a body that does not arrive in time gets 408. Only under gevent, where a
    timeout can interrupt a read; elsewhere the body passes through as it is."""

    def __init__(self, app, max_bytes: int, seconds: float | None = None):
        self.app = app
        self.max_bytes = max_bytes
        self.seconds = seconds
        self.green: bool | None = None  # known after the fork (gunicorn patches there)

    def __call__(self, environ, start_response):
        if self.green is None:
            self.green = _green()
        if not self.green or environ.get("REQUEST_METHOD") not in BODY_METHODS:
            return self.app(environ, start_response)
        try:
            length = int(environ.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > self.max_bytes:  # Flask answers 413 without reading it
            return self.app(environ, start_response)
        import gevent

        seconds = self.seconds or settings.get("DASHBOARD_BODY_TIMEOUT_SECONDS")
        try:
            with gevent.Timeout(seconds):
                body = environ["wsgi.input"].read(self.max_bytes + 1)
        except gevent.Timeout:
            start_response("408 Request Timeout", [("Content-Type", "text/plain"),
                                                   ("Connection", "close")])
            return [b"The request body did not arrive in time.\n"]
        environ["wsgi.input"] = io.BytesIO(body)
        environ["CONTENT_LENGTH"] = str(len(body))
        environ.pop("HTTP_TRANSFER_ENCODING", None)
        return self.app(environ, start_response)
