"""A loopback HTTP server that serves a small news site from fixtures.

Bound to 127.0.0.1 on a free port, runs in a daemon thread, records every
request path, and stops when the ``with`` block ends.  ``{base}`` in a
served body is replaced by the server's own base URL.
"""

from __future__ import annotations

import threading
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import unquote, urlsplit


class MockSite:
    """``routes``: path → (content type, body bytes)."""

    def __init__(self, routes: dict[str, tuple[str, bytes]]):
        self.routes = dict(routes)
        self.hits: Counter[str] = Counter()
        site = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802 - http.server API
                path = unquote(urlsplit(self.path).path)
                site.hits[path] += 1
                route = site.routes.get(path)
                if route is None:
                    self.send_error(404)
                    return
                content_type, body = route
                body = body.replace(b"{base}", site.base_url.encode())
                self.send_response(200)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.base_url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> "MockSite":
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=10)
