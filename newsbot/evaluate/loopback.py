"""A tiny loopback web site served exactly as a case's ``routes.json`` says.

``routes.json`` maps each URL path to ``{"file": ..., "type": ...}`` and,
optionally, ``"encoding"`` (sent as ``Content-Encoding``), ``"status"``
(default 200) and ``"headers"`` (more headers).  The file's bytes are sent
unchanged, with exactly those headers plus ``Content-Length``; no
``Content-Encoding`` unless listed (shared/cases/README.md).  Any other path
is a 404.  The server binds 127.0.0.1 on a free port, runs in a daemon
thread and stops when the ``with`` block ends.
"""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

__all__ = ["RouteSite", "load_routes"]


def load_routes(site_dir: Path) -> dict[str, dict]:
    """The routes of *site_dir*/routes.json, each with its file's bytes under ``body``.

    Raises ``ValueError`` when the file is missing, not a JSON object, or a
    route has no readable file or no ``type``.
    """
    path = site_dir / "routes.json"
    try:
        routes = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise ValueError(f"unreadable {path}: {exc}") from None
    if not isinstance(routes, dict) or not routes:
        raise ValueError(f"{path}: expected a non-empty JSON object of routes")
    out = {}
    for url_path, spec in routes.items():
        if not isinstance(spec, dict) or "file" not in spec or "type" not in spec:
            raise ValueError(f"{path}: route {url_path!r} needs 'file' and 'type'")
        try:
            body = (site_dir / spec["file"]).read_bytes()
        except OSError as exc:
            raise ValueError(f"{path}: route {url_path!r}: {exc}") from None
        out[url_path] = dict(spec, body=body)
    return out


class RouteSite:
    """``with RouteSite(routes) as base_url:`` serves *routes* on 127.0.0.1."""

    def __init__(self, routes: dict[str, dict]):
        self.routes = routes
        self.requests: list[str] = []
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    def __enter__(self) -> str:
        site = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802 (http.server's name)
                path = urlsplit(self.path).path
                site.requests.append(path)
                spec = site.routes.get(path)
                if spec is None:
                    self.send_response(404)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                self.send_response(int(spec.get("status", 200)))
                self.send_header("Content-Type", spec["type"])
                if spec.get("encoding"):
                    self.send_header("Content-Encoding", spec["encoding"])
                for name, value in (spec.get("headers") or {}).items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(spec["body"])))
                self.end_headers()
                self.wfile.write(spec["body"])

            def log_message(self, *args):  # quiet
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    def __exit__(self, *exc) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)
