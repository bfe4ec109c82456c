"""Scrapy glue of the seen-store: filter known article requests, record exports."""

from __future__ import annotations

import logging
from typing import AsyncIterator

from scrapy import Request, signals
from scrapy.exceptions import NotConfigured

from newsbot.core.identity import lookup_keys
from newsbot.exitcodes import EXIT_FAILED, request_exit
from newsbot.state import close_store, store_for

logger = logging.getLogger(__name__)
#: Request.meta key holding an article request's seen-store keys.
META_KEYS = "newsbot_seen_keys"


class SeenFilterMiddleware:
    """Async spider middleware: drops requests for articles already exported.

    Only requests that carry ``meta["newsbot_seen_keys"]`` (set by the
    spider on article links) are checked; listings and feeds always pass.
    """

    def __init__(self, crawler):
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    async def process_spider_output(self, response, result, spider=None) -> AsyncIterator:
        store = store_for(self.crawler)
        async for entry in result:
            if store is not None and isinstance(entry, Request) and entry.meta.get(META_KEYS):
                site, keys = entry.meta[META_KEYS]
                if store.known(site, keys):
                    self.crawler.stats.inc_value("newsbot/seen/skipped")
                    continue
                self.crawler.stats.inc_value("newsbot/seen/new")
            yield entry


class SeenRecorder:
    """Extension: records an article in the seen-store once it was exported.

    Items the JSON Lines writer found already written (by an earlier run
    that crashed before recording them) reach ``item_scraped`` too and are
    recorded; an item the writer could not write is dropped and is not.
    """

    def __init__(self, crawler):
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler):
        if not crawler.settings.getbool("NEWSBOT_SEEN_ENABLED", True):
            raise NotConfigured  # seen-store off: nothing to record (no args: no warning logged)
        recorder = cls(crawler)
        crawler.signals.connect(recorder.item_scraped, signal=signals.item_scraped)
        crawler.signals.connect(recorder.spider_closed, signal=signals.spider_closed)
        return recorder

    def record(self, item) -> None:
        store = store_for(self.crawler)
        site = getattr(item, "site", None)
        if store is None or not site:
            return
        try:
            store.add(site, lookup_keys(item), item.url)
        except Exception as exc:  # sqlite3/redis errors: disk full, I/O error, lost connection
            # The item is written; the next run fetches it again and the writer finds it there.
            stats = self.crawler.stats
            stats.inc_value("newsbot/seen/record_failed")
            request_exit(stats, EXIT_FAILED, "seen_store_not_updated")
            if stats.get_value("newsbot/seen/record_failed") == 1:
                logger.error("seen-store: could not record %s %s (%s: %s); further failures are only counted",
                             site, lookup_keys(item)[0], type(exc).__name__, exc)

    def item_scraped(self, item, response=None, spider=None):
        self.record(item)

    def spider_closed(self, spider, reason):
        close_store(self.crawler)
