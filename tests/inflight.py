"""Loopback sites that record how many requests each has in flight at once.

``InFlightSites(n)`` serves *n* sites, each on its own loopback address
(127.0.0.2 … 127.0.0.<n+1>, one port each), so each is its own domain for
Scrapy.  Every response is held ``hold`` seconds; ``max_in_flight`` maps
each site's origin to the largest number of requests it was answering at
the same moment.  Pages: ``/`` links to ``/p/1`` … ``/p/<pages>``.
Servers run in daemon threads and stop when the ``with`` block ends.
"""

from __future__ import annotations

import threading
import time
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class InFlightSites:
    def __init__(self, n: int, *, pages: int = 5, hold: float = 0.05):
        self.pages = pages
        self.lock = threading.Lock()
        self.in_flight: Counter[str] = Counter()
        self.max_in_flight: Counter[str] = Counter()
        self.hits: Counter[str] = Counter()
        sites = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self):  # noqa: N802 - http.server API
                origin = "%s:%d" % self.server.server_address[:2]
                with sites.lock:
                    sites.in_flight[origin] += 1
                    sites.hits[origin] += 1
                    sites.max_in_flight[origin] = max(sites.max_in_flight[origin], sites.in_flight[origin])
                try:
                    time.sleep(hold)
                    links = "".join(f'<a href="/p/{i}">{i}</a>' for i in range(1, pages + 1))
                    body = (f"<html><body>{links if self.path == '/' else 'page'}</body></html>").encode()
                    self.send_response(200)
                    self.send_header("Content-Type", "text/html; charset=utf-8")
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)
                finally:
                    with sites.lock:
                        sites.in_flight[origin] -= 1

            def log_message(self, *args):
                pass

        class Server(ThreadingHTTPServer):
            daemon_threads = True

            def handle_error(self, request, client_address):
                pass

        self.servers = [Server((f"127.0.0.{i}", 0), Handler) for i in range(2, n + 2)]
        self.origins = ["%s:%d" % s.server_address[:2] for s in self.servers]
        self.threads = [threading.Thread(target=s.serve_forever, args=(0.05,), daemon=True) for s in self.servers]

    def __enter__(self) -> "InFlightSites":
        for thread in self.threads:
            thread.start()
        return self

    def __exit__(self, *exc) -> None:
        for server in self.servers:
            server.shutdown()
            server.server_close()
