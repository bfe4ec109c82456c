"""A news site that misbehaves: the fault-injection mock for reliability tests.

Built on :class:`tests.mocknews.NewsSite` (IranSamaneh markup): the first
``len(FAULTS)`` articles each have one fault; the rest are healthy.  The
RSS feed is malformed, the homepage links every article, the sitemap index
points to a billion-laughs sitemap and a healthy news sitemap.
"""

from __future__ import annotations

import gzip
import socket
import struct
import time
from collections import Counter

from tests.mocknews import NewsSite

#: fault name → does the article eventually succeed?
FAULTS = {
    "burst_500": True,          # 500, 500, then 200 (RETRY_TIMES=2)
    "always_502": False,
    "retry_after_503": True,    # 503 with Retry-After: 1, then 200
    "retry_after_429": True,    # 429 with Retry-After: 1, then 200
    "timeout": False,           # never answers within DOWNLOAD_TIMEOUT
    "slow_body": True,          # dribbles the body over ~1.5 s
    "truncated": False,         # Content-Length promises more than is sent
    "reset": False,             # connection reset without a response
    "lying_charset": True,      # cp1256 bytes labelled utf-8: decoded by evidence (issue 13 K3)
    "redirect_loop": False,
    "gzip_bomb": False,         # 200 MB of zeros, gzip-compressed
    "huge_page": False,         # 50 MB page
}
BOMB = (b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        + b"".join(b'<!ENTITY lol%d "%s">' % (i, b"".join(b"&lol%s;" % (str(i - 1).encode() if i > 1 else b"")
                                                            for _ in range(10))) for i in range(1, 10))
        + b']><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>&lol9;</loc></url></urlset>')


class FaultySite(NewsSite):
    def __init__(self, healthy: int = 20):
        super().__init__("iransamaneh", len(FAULTS) + healthy)
        self.fault_of = {self.articles[i].code: name for i, name in enumerate(FAULTS)}
        self.calls: Counter[str] = Counter()
        self._bomb = None

    def expected_codes(self) -> set[str]:
        return {str(a.code) for a in self.articles if FAULTS.get(self.fault_of.get(a.code, ""), True)}

    def gzip_bomb(self) -> bytes:
        if self._bomb is None:
            self._bomb = gzip.compress(b"\0" * (200 * 1024 * 1024), compresslevel=9)
        return self._bomb

    def route(self, path, query):
        html = "text/html; charset=utf-8"
        if path == "/fa/rss/allnews":  # malformed: unclosed tags, stray bytes
            return "application/rss+xml", self.rss()[:-40] + b"\x00<item><link>"
        if path == "/sitemap.xml":
            return "application/xml", (b'<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/'
                                       b'sitemap/0.9"><sitemap><loc>{base}/bomb.xml</loc></sitemap><sitemap><loc>'
                                       b'{base}/sitemap-news.xml</loc></sitemap></sitemapindex>')
        if path == "/bomb.xml":
            return "application/xml", BOMB
        if path == "/loop":
            return ("status", 302, {"Location": "/loop"}, b"")
        for code, fault in self.fault_of.items():
            if path == self.path(self.by_code[code]):
                self.calls[fault] += 1
                return self.faulty(fault, self.calls[fault], self.by_code[code], html)
        return super().route(path, query)

    def faulty(self, fault, call, article, html):
        page = self.article_html(article)
        if fault == "burst_500":
            return ("status", 500, {}, b"error") if call <= 2 else (html, page)
        if fault == "always_502":
            return ("status", 502, {}, b"bad gateway")
        if fault in ("retry_after_503", "retry_after_429"):
            code = 503 if fault.endswith("503") else 429
            return ("status", code, {"Retry-After": "1"}, b"later") if call == 1 else (html, page)
        if fault == "timeout":
            return ("raw", lambda handler: time.sleep(4))
        if fault == "slow_body":
            return ("raw", lambda handler: _dribble(handler, page))
        if fault == "truncated":
            return ("raw", lambda handler: _truncated(handler, page))
        if fault == "reset":
            return ("raw", _reset)
        if fault == "lying_charset":
            text = page.decode().replace("ی", "ي").replace("ک", "ك")
            return (html, text.encode("cp1256", errors="replace"))
        if fault == "redirect_loop":
            return ("status", 302, {"Location": "/loop"}, b"")
        if fault == "gzip_bomb":
            return ("raw", lambda handler: _send(handler, self.gzip_bomb(), {"Content-Encoding": "gzip"}))
        if fault == "huge_page":
            return ("raw", _huge)
        raise AssertionError(fault)


def _send(handler, body: bytes, headers: dict) -> None:
    handler.send_response(200)
    for name, value in {"Content-Type": "text/html; charset=utf-8", **headers}.items():
        handler.send_header(name, value)
    handler.send_header("Content-Length", str(len(body)))
    handler.end_headers()
    handler.wfile.write(body)


def _dribble(handler, page: bytes) -> None:
    handler.send_response(200)
    handler.send_header("Content-Type", "text/html; charset=utf-8")
    handler.send_header("Content-Length", str(len(page)))
    handler.end_headers()
    step = max(1, len(page) // 5)
    for start in range(0, len(page), step):
        handler.wfile.write(page[start:start + step])
        handler.wfile.flush()
        time.sleep(0.3)


def _truncated(handler, page: bytes) -> None:
    handler.send_response(200)
    handler.send_header("Content-Type", "text/html; charset=utf-8")
    handler.send_header("Content-Length", str(len(page) * 2))
    handler.end_headers()
    handler.wfile.write(page[: len(page) // 2])
    handler.wfile.flush()
    handler.close_connection = True
    handler.connection.shutdown(socket.SHUT_RDWR)


def _reset(handler) -> None:
    handler.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    handler.close_connection = True
    handler.connection.close()


def _huge(handler) -> None:
    size = 50 * 1024 * 1024
    handler.send_response(200)
    handler.send_header("Content-Type", "text/html; charset=utf-8")
    handler.send_header("Content-Length", str(size))
    handler.end_headers()
    chunk = b"<p>" + b"x" * 65530 + b"</p>"
    try:
        for _ in range(size // len(chunk)):
            handler.wfile.write(chunk)
    except OSError:
        pass  # the crawler hangs up once DOWNLOAD_MAXSIZE is exceeded
