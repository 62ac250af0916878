"""The chart-image renderer as a child process: one per server worker, started on the first
image and kept. gunicorn's gevent workers patch threads and sockets, and kaleido's browser
(an asyncio loop driving chromium) cannot run inside them; a plain Python process beside the
worker can. Protocol: one JSON request per line on stdin ({"fig", "fmt", "width",
"height"}), one JSON answer per line on stdout ({"body": base64} or {"error": text})."""

from __future__ import annotations

import base64
import json
import sys


def main() -> int:
    from dashboard.images import Renderer

    renderer = Renderer()
    try:
        for line in sys.stdin:
            try:
                ask = json.loads(line)
                body = renderer.render(ask["fig"], ask["fmt"], ask["width"], ask["height"])
                answer = {"body": base64.b64encode(body).decode("ascii")}
            except Exception as exc:  # reported to the worker, which answers 503
                answer = {"error": f"{type(exc).__name__}: {str(exc)[:200]}"}
            sys.stdout.write(json.dumps(answer) + "\n")
            sys.stdout.flush()
    finally:
        renderer.stop()  # closes chromium when the worker goes (stdin ends)
    return 0


if __name__ == "__main__":
    sys.exit(main())
