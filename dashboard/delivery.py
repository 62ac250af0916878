"""How responses travel: request bodies read under a deadline (a client that trickles its
body gets a 408 instead of holding the worker), and text responses compressed."""

from __future__ import annotations

import gzip
import hashlib
import io
import mimetypes
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

import brotli
from flask import Response, request

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
        import gevent

        try:
            length = int(environ.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > self.max_bytes:  # Flask answers 413 without reading it
            return self.app(environ, start_response)
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


# -- compression ---------------------------------------------------------------------------
COMPRESSIBLE = ("text/", "application/json", "application/javascript", "image/svg+xml",
                "application/geo+json")
NOT_COMPRESSED = ("text/event-stream",)  # must reach the client as it is written
MIN_BYTES = 512
DYNAMIC_BR_QUALITY = 4  # per response: fast; static files get 11 once (`build`)
STATIC_BR_QUALITY = 11
GZIP_LEVEL = 6
YEAR = 31_536_000
BUILD_DIR = Path(__file__).resolve().parent.parent / ".cache" / "static"
SHORT = 3600  # files whose address carries no content hash (map shapes, lazy chunks)


def choose_encoding(accept: str | None) -> str | None:
    """"br", "gzip" or None, from an Accept-Encoding header (q=0 refuses)."""
    offered: dict[str, float] = {}
    for part in (accept or "").lower().split(","):
        name, _, params = part.strip().partition(";")
        q = 1.0
        if params.strip().startswith("q="):
            try:
                q = float(params.strip()[2:])
            except ValueError:
                q = 0.0
        offered[name.strip()] = q
    for name in ("br", "gzip"):
        if offered.get(name, offered.get("*", 0.0)) > 0:
            return name
    return None


def encode(body: bytes, encoding: str, static: bool = False) -> bytes:
    if encoding == "br":  # 11 takes ~4 s a MB: files past 2 MB (unused AG Grid chunks) get 9
        quality = (STATIC_BR_QUALITY if len(body) <= 2_000_000 else 9) if static else \
            DYNAMIC_BR_QUALITY
        return brotli.compress(body, quality=quality)
    return gzip.compress(body, compresslevel=9 if static else GZIP_LEVEL, mtime=0)


def compressible(mimetype: str | None) -> bool:
    return bool(mimetype) and mimetype.startswith(COMPRESSIBLE) and \
        not mimetype.startswith(NOT_COMPRESSED)


def compress_response(resp: Response) -> Response:
    """after_request: brotli or gzip for text bodies held whole; streamed responses, partial
    and empty ones, and those already encoded pass as they are. Vary: Accept-Encoding on
    every response whose body could have been compressed."""
    if not compressible(resp.mimetype) or resp.status_code in (204, 206, 304) \
            or resp.direct_passthrough or resp.is_streamed:
        return resp
    resp.vary.add("Accept-Encoding")
    if "Content-Encoding" in resp.headers or (resp.content_length or 0) < MIN_BYTES:
        return resp
    encoding = choose_encoding(request.headers.get("Accept-Encoding"))
    if encoding is None:
        return resp
    resp.set_data(encode(resp.get_data(), encoding))
    resp.headers["Content-Encoding"] = encoding
    etag, weak = resp.get_etag()
    if etag and not weak:  # another representation of the same content
        resp.set_etag(etag, weak=True)
    return resp


# -- static files: content-hashed addresses, precompressed, cached for a year ---------------
FINGERPRINTED = re.compile(
    r'((?:src|href)=")(/(?:assets|_dash-component-suites)/[^"?]+)(?:\?m=[\d.]+)?(")')


@dataclass
class StaticFile:
    path: Path
    sha: str
    mimetype: str
    cache: dict[str, bytes] = field(default_factory=dict)

    def body(self, encoding: str | None, cache_dir: Path | None) -> bytes:
        key = encoding or "identity"
        if key not in self.cache:
            raw = self.path.read_bytes()
            if encoding is None:
                self.cache[key] = raw
            else:
                built = cache_dir / f"{self.sha}.{SUFFIX[encoding]}" if cache_dir else None
                if built is not None and built.is_file():
                    self.cache[key] = built.read_bytes()
                else:  # not built ahead (`python -m dashboard.delivery build`): quick level
                    self.cache[key] = encode(raw, encoding)
        return self.cache[key]


SUFFIX = {"br": "br", "gzip": "gz"}


class Statics:
    """Serves /assets/ and /_dash-component-suites/ files: an address whose fingerprint is
    the file's content hash is cached for a year (immutable); others for an hour. Bodies are
    precompressed (from `cache_dir` when built there) and held in memory once asked for."""

    def __init__(self, dash_app, assets: Path, cache_dir: Path | None = None):
        self.dash_app = dash_app
        self.assets = assets.resolve()
        self.cache_dir = cache_dir
        self.files: dict[Path, StaticFile] = {}

    def file(self, path: Path) -> StaticFile:
        if path not in self.files:
            sha = hashlib.sha256(path.read_bytes()).hexdigest()[:16]
            mimetype = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
            self.files[path] = StaticFile(path, sha, mimetype)
        return self.files[path]

    def locate(self, url: str) -> tuple[Path, str] | None:
        """The file behind an address and the fingerprint it carried ("" if none)."""
        if url.startswith("/assets/"):
            rel, fingerprint = _unfingerprint(url[len("/assets/"):])
            path = (self.assets / rel).resolve()
            if not path.is_relative_to(self.assets):
                return None
        elif url.startswith("/_dash-component-suites/"):
            namespace, _, rest = url[len("/_dash-component-suites/"):].partition("/")
            rel, fingerprint = _unfingerprint(rest)
            if rel not in self.dash_app.registered_paths.get(namespace, ()) or \
                    namespace not in sys.modules:
                return None
            path = Path(sys.modules[namespace].__file__).parent / rel
        else:
            return None
        return (path, fingerprint) if path.is_file() and path.suffix != ".map" else None

    def hashed_url(self, url: str) -> str:
        """The address of the file behind `url`, fingerprinted with its content hash."""
        found = self.locate(url)
        if found is None:
            return url
        sha = self.file(found[0]).sha
        head, _, name = url.rpartition("/")
        stem, ext = name.split(".", 1)
        if found[1]:  # Dash's own fingerprint (version and mtime): keep the stem before it
            stem = name.split(".")[0]
            ext = ".".join(p for p in name.split(".")[1:] if not FINGERPRINT.match(p))
        return f"{head}/{stem}.v0m{sha}.{ext}"

    def rewrite_index(self, page: str) -> str:
        return FINGERPRINTED.sub(lambda m: m[1] + self.hashed_url(m[2]) + m[3], page)

    def response(self) -> Response | None:
        """before_request: the file's response, or None to let Dash and Flask answer."""
        if request.method not in ("GET", "HEAD"):
            return None
        found = self.locate(request.path)
        if found is None:
            return None
        f = self.file(found[0])
        immutable = found[1] == f"v0m{f.sha}"
        encoding = choose_encoding(request.headers.get("Accept-Encoding")) \
            if compressible(f.mimetype) else None
        resp = Response(f.body(encoding, self.cache_dir), mimetype=f.mimetype)
        if encoding:
            resp.headers["Content-Encoding"] = encoding
        if compressible(f.mimetype):
            resp.vary.add("Accept-Encoding")
        resp.set_etag(f"{f.sha}-{encoding or 'identity'}")
        resp.headers["Cache-Control"] = (f"public, max-age={YEAR}, immutable" if immutable
                                         else f"public, max-age={SHORT}")
        return resp.make_conditional(request)


FINGERPRINT = re.compile(r"^v[\w-]+m[0-9a-fA-F]+$")


def _unfingerprint(rel: str) -> tuple[str, str]:
    """"dir/name.v1_0m12ab.min.js" -> ("dir/name.min.js", "v1_0m12ab")."""
    head, _, name = rel.rpartition("/")
    parts = name.split(".")
    if len(parts) > 2 and FINGERPRINT.match(parts[1]):
        name = ".".join([parts[0], *parts[2:]])
        return (f"{head}/{name}" if head else name), parts[1]
    return rel, ""


def install(dash_app, assets: Path, cache_dir: Path | None) -> Statics:
    """Static files first, compression last (after the security headers are set)."""
    statics = Statics(dash_app, assets, cache_dir)
    server = dash_app.server
    server.before_request_funcs.setdefault(None, []).insert(0, statics.response)
    server.after_request(compress_response)
    return statics


# -- ahead of time: `python -m dashboard.delivery build [--export DIR]` ----------------------
def every_static_file(dash_app) -> dict[str, Path]:
    """Hashed address -> file, for every asset and component-suite file the app can serve."""
    client = dash_app.server.test_client()
    for path in ("/", "/briefing"):  # renders the index: Dash registers its resource paths
        client.get(path)
    statics: Statics = dash_app.statics
    urls = [f"/assets/{p.relative_to(statics.assets).as_posix()}"
            for p in sorted(statics.assets.rglob("*")) if p.is_file()]
    urls += [f"/_dash-component-suites/{ns}/{rel}"
             for ns, rels in sorted(dash_app.registered_paths.items()) for rel in sorted(rels)]
    out = {}
    for url in urls:
        found = statics.locate(url)
        if found is not None:
            out[statics.hashed_url(url)] = found[0]
            out[url] = found[0]  # lazy chunks and map shapes are asked for by plain name
    return out


def build(export: Path | None = None) -> int:
    """Brotli 11 and gzip 9 of every static text file into BUILD_DIR (by content hash, so a
    second run only checks); with `export`, also the files under their addresses (hashed and
    plain) with .br/.gz beside them, for nginx to serve itself."""
    import shutil

    from dashboard.app import create_app

    app = create_app()
    BUILD_DIR.mkdir(parents=True, exist_ok=True)
    made = 0
    files = every_static_file(app)
    for url, path in files.items():
        f = app.statics.file(path)
        encodings = list(SUFFIX) if compressible(f.mimetype) else []
        for enc in encodings:
            target = BUILD_DIR / f"{f.sha}.{SUFFIX[enc]}"
            if not target.is_file():
                target.write_bytes(encode(path.read_bytes(), enc, static=True))
                made += 1
        if export is not None:
            dest = export / url.lstrip("/")
            dest.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, dest)
            for enc in encodings:
                shutil.copyfile(BUILD_DIR / f"{f.sha}.{SUFFIX[enc]}", f"{dest}.{SUFFIX[enc]}")
    print(f"static: {len(files)} addresses, {made} files compressed into {BUILD_DIR}"
          + (f", exported to {export}" if export else ""))
    return 0


if __name__ == "__main__":
    import argparse

    parser = argparse.ArgumentParser(description="Precompress the static files.")
    parser.add_argument("command", choices=["build"])
    parser.add_argument("--export", type=Path, help="also write them here, for nginx")
    args = parser.parse_args()
    try:
        settings.configure()
    except settings.SettingError as exc:
        settings.stop(str(exc))
    sys.exit(build(args.export))
