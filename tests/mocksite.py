"""A loopback HTTP server for end-to-end tests and benchmarks.

Bound to 127.0.0.1 on a free port, runs in a daemon thread, records every
request (path with query) and stops when the ``with`` block ends.  Routes
are a dict ``path -> (content type, body)`` or a callable
``router(path, query) -> (content type, body) | None``; a router may also
return ``("status", code, headers, body)`` or ``("raw", fn)`` where
``fn(handler)`` writes whatever bytes it likes (faults).  ``{base}`` in a body is
replaced by the server's own base URL.
"""

from __future__ import annotations

import threading
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Callable
from urllib.parse import parse_qs, unquote, urlsplit

Route = tuple[str, bytes]


class MockSite:
    def __init__(self, routes: dict[str, Route] | Callable[[str, dict], Route | None]):
        self.router = routes if callable(routes) else (lambda path, query: routes.get(path))
        self.hits: Counter[str] = Counter()
        self.lock = threading.Lock()
        site = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self):  # noqa: N802 - http.server API
                parts = urlsplit(self.path)
                path = unquote(parts.path)
                with site.lock:
                    site.hits[path + ("?" + parts.query if parts.query else "")] += 1
                route = site.router(path, {k: v[0] for k, v in parse_qs(parts.query).items()})
                if route is None:
                    self.send_error(404)
                    return
                if route[0] == "raw":  # ("raw", fn(handler)): the route writes the response itself
                    route[1](self)
                    return
                status, headers = 200, {}
                if route[0] == "status":  # ("status", code, headers, body)
                    _, status, headers, body = route
                    content_type = "text/plain"
                else:
                    content_type, body = route
                body = body.replace(b"{base}", site.base_url.encode())
                self.send_response(status)
                for name, value in headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        class Server(ThreadingHTTPServer):
            def handle_error(self, request, client_address):
                pass  # a client that went away (killed crawler, timeout) is not a test failure

        self.server = Server(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.base_url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def hits_under(self, prefix: str) -> int:
        """Requests whose path starts with *prefix*."""
        with self.lock:
            return sum(n for path, n in self.hits.items() if path.startswith(prefix))

    def reset_hits(self) -> None:
        with self.lock:
            self.hits.clear()

    def __enter__(self) -> "MockSite":
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=10)
