"""Downloader middlewares writing what a site spider parses into WARC files.

Two positions, because the bytes to keep and the decision to keep them are
known at different points of Scrapy's response path (high to low priority):
``WarcCaptureMiddleware`` (595, between ``RedirectMiddleware`` 600 and
``HttpCompressionMiddleware`` 590) takes the response as received, still
content-encoded, into ``request.meta``; ``WarcArchiveMiddleware`` (530,
after newsbot's ``WallMiddleware`` 540, which drops CDN challenges and
captcha pages with ``IgnoreRequest``) writes it.  So a wall is never
archived, and what is archived is what the spider's callback receives.

Settings:

* ``NEWSBOT_ARCHIVE_DIR`` (default ``"archive"``, relative to the working
  directory — scrapyd's is its ``jobs``/``items`` parent, see README): root
  of ``<site>/<YYYY-MM-DD>[.<worker>].warc.gz``; empty turns archiving off.
* ``NEWSBOT_ARCHIVE_MAX_BYTES`` (default 1,000,000,000): file size at which
  the next file is begun.
* ``NEWSBOT_ARCHIVE_GZIP_LEVEL`` (default 6): zlib level of each record
  (see :mod:`newsbot.archive.writer` for the measured trade-off).
* ``NEWSBOT_ARCHIVE_DISCOVERY`` (default ``False``): also archive feeds and
  sitemaps (responses to ``parse_feed``/``parse_sitemap``).
* ``NEWSBOT_WORKER_ID`` (set by distributed mode): put in file names so
  workers never share a file.  ``NEWSBOT_RUN_ID``: the crawl run written in
  ``warcinfo`` and ``metadata`` records (a random id when unset).

Archived: 2xx responses whose request callback is the spider's
``parse_article`` (or, with the setting, ``parse_feed``/``parse_sitemap``),
after redirects are followed, bytes as they were before
``HttpCompressionMiddleware`` decoded the body (see :mod:`newsbot.archive`).  Stats:
``newsbot/archive/records`` (pages written), ``newsbot/archive/bytes``
(bytes of the files written), ``newsbot/archive/files``,
``newsbot/archive/errors`` (a disk error is logged once and archiving stops;
the crawl goes on).
"""

from __future__ import annotations

import logging
import uuid
from datetime import datetime, timezone
from http import HTTPStatus
from urllib.parse import urlsplit

from scrapy import signals
from scrapy.exceptions import NotConfigured

from newsbot.archive.writer import DEFAULT_MAX_BYTES, Exchange, WarcFileWriter

logger = logging.getLogger(__name__)
ARTICLE_CALLBACKS = frozenset({"parse_article"})
DISCOVERY_CALLBACKS = frozenset({"parse_feed", "parse_sitemap"})


def _headers(headers) -> list[tuple[str, str]]:
    """Scrapy ``Headers`` → ``[(name, value), …]`` (Latin-1), one pair per value."""
    return [(name.decode("latin-1"), value.decode("latin-1"))
            for name, values in headers.items() for value in values]


def _reason(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return ""


#: ``request.meta`` key holding the captured exchange between the two middlewares.
CAPTURED = "_newsbot_archive_exchange"


class WarcCaptureMiddleware:
    """Priority 595: keeps the wanted responses as received, for :class:`WarcArchiveMiddleware`."""

    def __init__(self, crawler):
        self.crawler = crawler
        self.callbacks = ARTICLE_CALLBACKS | (
            DISCOVERY_CALLBACKS if crawler.settings.getbool("NEWSBOT_ARCHIVE_DISCOVERY") else frozenset())

    @classmethod
    def from_crawler(cls, crawler):
        if not crawler.settings.get("NEWSBOT_ARCHIVE_DIR", "archive"):
            raise NotConfigured("NEWSBOT_ARCHIVE_DIR is empty")
        return cls(crawler)

    def wanted(self, request, response) -> bool:
        callback = request.callback
        name = callback if isinstance(callback, str) else getattr(callback, "__name__", None)
        return (200 <= response.status < 300 and name in self.callbacks
                and hasattr(self.crawler.spider, "profile") and request.method != "HEAD")

    def process_response(self, request, response, spider=None):
        if not self.wanted(request, response):
            return response
        request_headers = _headers(request.headers)
        if not any(name.lower() == "host" for name, _ in request_headers):
            request_headers.insert(0, ("Host", urlsplit(request.url).netloc))
        response_headers = [("X-Archive-Orig-Transfer-Encoding", value)
                            if name.lower() == "transfer-encoding" else (name, value)
                            for name, value in _headers(response.headers)]
        request.meta[CAPTURED] = Exchange(
            url=response.url, method=request.method, request_headers=request_headers,
            request_body=request.body, protocol=response.protocol or "HTTP/1.1",
            status=response.status, reason=_reason(response.status),
            response_headers=response_headers, body=response.body,
            fetched_at=datetime.now(timezone.utc))
        return response


class WarcArchiveMiddleware:
    """Priority 530: writes the exchange captured at 595 (see module docstring for settings)."""

    def __init__(self, crawler, directory: str):
        settings = crawler.settings
        self.crawler, self.directory = crawler, directory
        self.max_bytes = settings.getint("NEWSBOT_ARCHIVE_MAX_BYTES", DEFAULT_MAX_BYTES)
        self.gzip_level = settings.getint("NEWSBOT_ARCHIVE_GZIP_LEVEL", 6)
        self.worker = settings.get("NEWSBOT_WORKER_ID") or ""
        self.run_id = settings.get("NEWSBOT_RUN_ID") or uuid.uuid4().hex
        self.writer: WarcFileWriter | None = None
        self.failed = False
        crawler.signals.connect(self.spider_closed, signal=signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler):
        directory = crawler.settings.get("NEWSBOT_ARCHIVE_DIR", "archive")
        if not directory:
            raise NotConfigured("NEWSBOT_ARCHIVE_DIR is empty")
        return cls(crawler, directory)

    def process_response(self, request, response, spider=None):
        exchange = request.meta.pop(CAPTURED, None)
        if exchange is None or self.failed:
            return response
        writer = self.writer
        if writer is None:
            writer = self.writer = WarcFileWriter(
                self.directory, self.crawler.spider.name, worker=self.worker,
                run_id=self.run_id, max_bytes=self.max_bytes, gzip_level=self.gzip_level)
        stats = self.crawler.stats
        files = len(writer.files)
        try:
            before = writer.handle.tell() if writer.handle and len(writer.files) else 0
            path = writer.write(exchange)
        except OSError as exc:
            self.failed = True
            stats.inc_value("newsbot/archive/errors")
            logger.error("archive: cannot write to %s: %s; archiving stopped for this run",
                         self.directory, exc)
            return response
        if len(writer.files) != files:
            before = 0
            stats.inc_value("newsbot/archive/files")
            logger.info("archive: writing %s", path)
        stats.inc_value("newsbot/archive/records")
        stats.inc_value("newsbot/archive/bytes", writer.handle.tell() - before)
        return response

    def spider_closed(self, spider=None) -> None:
        if self.writer is not None:
            self.writer.close()
