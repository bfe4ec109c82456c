"""Scrapy glue of the seen-store: filter known and rejected article requests,
record exports and rejections."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta, timezone
from typing import AsyncIterator

from scrapy import Request, signals
from scrapy.exceptions import NotConfigured

from newsbot.core.identity import lookup_keys
from newsbot.exitcodes import EXIT_FAILED, request_exit
from newsbot.state import REJECT_REASONS, REJECT_RETRY_AFTER, close_store, store_for

logger = logging.getLogger(__name__)
#: Request.meta key holding an article request's seen-store keys.
META_KEYS = "newsbot_seen_keys"


class SeenFilterMiddleware:
    """Async spider middleware: drops requests for articles already exported.

    Only requests that carry ``meta["newsbot_seen_keys"]`` (set by the
    spider on article links) are checked; listings and feeds always pass.
    A link already exported is skipped (``newsbot/seen/skipped``); one whose
    page was rejected and whose retry-after time has not come is skipped too
    (``newsbot/seen/skipped_rejected``).
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
                if store.rejected(site, keys, datetime.now(timezone.utc)):
                    self.crawler.stats.inc_value("newsbot/seen/skipped_rejected")
                    continue
                self.crawler.stats.inc_value("newsbot/seen/new")
            yield entry


class SeenRecorder:
    """Extension: records an article in the seen-store once it was exported.

    Items the JSON Lines writer found already written (by an earlier run
    that crashed before recording them) reach ``item_scraped`` too and are
    recorded; an item the writer could not write is dropped and is not.

    An item dropped with a rejection reason in :data:`newsbot.state.REJECT_REASONS`
    records its link's keys (the request's ``newsbot_seen_keys``) as rejected
    until now + ``NEWSBOT_REJECT_RETRY_AFTER`` seconds (counted
    ``newsbot/seen/rejected_recorded``); 0 records nothing.
    """

    def __init__(self, crawler):
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler):
        if not crawler.settings.getbool("NEWSBOT_SEEN_ENABLED", True):
            raise NotConfigured  # seen-store off: nothing to record (no args: no warning logged)
        recorder = cls(crawler)
        crawler.signals.connect(recorder.item_scraped, signal=signals.item_scraped)
        crawler.signals.connect(recorder.item_dropped, signal=signals.item_dropped)
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

    def item_dropped(self, item, response=None, exception=None, spider=None):
        rejection = getattr(item, "rejection", None)
        request = getattr(response, "request", None)
        seen_keys = request.meta.get(META_KEYS) if request is not None else None
        if not rejection or rejection[0] not in REJECT_REASONS or not seen_keys:
            return
        delay = self.crawler.settings.getfloat("NEWSBOT_REJECT_RETRY_AFTER", REJECT_RETRY_AFTER)
        store = store_for(self.crawler)
        if delay <= 0 or store is None:
            return
        site, keys = seen_keys
        try:
            store.reject(site, keys, rejection[0], datetime.now(timezone.utc) + timedelta(seconds=delay))
        except Exception as exc:  # sqlite3/redis errors: the page is only fetched (and rejected) once more
            logger.warning("seen-store: could not record the rejection of %s (%s: %s)",
                           request.url, type(exc).__name__, exc)
            return
        self.crawler.stats.inc_value("newsbot/seen/rejected_recorded")

    def spider_closed(self, spider, reason):
        close_store(self.crawler)
