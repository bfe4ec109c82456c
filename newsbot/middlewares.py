"""Downloader middlewares."""

from __future__ import annotations

import logging
import re
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime

from twisted.internet import reactor
from twisted.internet.defer import CancelledError, Deferred
from twisted.internet.task import deferLater

from scrapy import signals
from scrapy.utils.asyncio import call_later
from scrapy.utils.defer import maybe_deferred_to_future

from newsbot.downloader import STOP_STARTED

logger = logging.getLogger(__name__)


_DELTA_SECONDS = re.compile(r"[0-9]{1,12}")  # ASCII only: str.isdigit() accepts "²" and "٣"


def retry_after_seconds(value: bytes | str | None, *, now: datetime | None = None) -> float | None:
    """Seconds to wait from a ``Retry-After`` header (RFC 9110: delta-seconds or HTTP-date).

    Returns ``None`` for a value that is neither (superscript or non-ASCII
    digits, garbage, an out-of-range date); never raises.
    """
    if not value:
        return None
    text = value.decode("latin-1") if isinstance(value, bytes) else value
    text = text.strip()
    if _DELTA_SECONDS.fullmatch(text):
        return float(text)
    try:
        when = parsedate_to_datetime(text)
    except (TypeError, ValueError, OverflowError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    return max(0.0, (when - (now or datetime.now(timezone.utc))).total_seconds())


class RetryAfterMiddleware:
    """Honours ``Retry-After`` on 429/503 before Scrapy's RetryMiddleware retries.

    Scrapy retries at once (scrapy#3849); this waits the time the server
    asked for, capped by ``NEWSBOT_RETRY_AFTER_MAX`` seconds (a longer wait
    is cut to the cap).  The wait holds the request's download slot
    (``newsbot.downloader.Downloader.hold_slot``), so the whole site backs
    off, as the server asked.  A stop ends the wait at once
    (``newsbot/retry_after/cut_by_stop``).  Must sit after (a higher
    number than) RetryMiddleware's 550 so it sees the response first.
    """

    CODES = (429, 503)

    def __init__(self, crawler):
        self.crawler = crawler
        self.cap = crawler.settings.getfloat("NEWSBOT_RETRY_AFTER_MAX", 300)
        self.waits: set[Deferred] = set()
        self.holds: dict = {}  # request -> release() of its held download slot
        crawler.signals.connect(self.stop_waiting, STOP_STARTED)
        crawler.signals.connect(self.response_downloaded, signals.response_downloaded)

    def response_downloaded(self, response, request, spider=None) -> None:
        """Hold the slot *before* the downloader frees it for the site's next request."""
        if response.status not in self.CODES or request.meta.get("dont_retry"):
            return
        delay = retry_after_seconds(response.headers.get(b"Retry-After"))
        hold = getattr(self.crawler.engine.downloader, "hold_slot", None)
        if delay is None or hold is None or request in self.holds:
            return
        release = hold(request)
        expiry = call_later(min(delay, self.cap) + 5, self.release, request)  # never held for ever
        self.holds[request] = (release, expiry)

    def release(self, request) -> None:
        release, expiry = self.holds.pop(request, (None, None))
        if release is not None:
            try:
                expiry.cancel()
            except Exception:  # noqa: BLE001 - already fired (this call came from it)
                pass
            release()

    def stop_waiting(self) -> None:
        """A stop began (newsbot.downloader.BoundedStop): end every wait now."""
        for wait in list(self.waits):
            wait.cancel()

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    async def process_response(self, request, response, spider=None):
        if response.status not in self.CODES or request.meta.get("dont_retry"):
            return response
        delay = retry_after_seconds(response.headers.get(b"Retry-After"))
        if delay is None:
            self.release(request)
            return response
        delay = min(delay, self.cap)
        stats = self.crawler.stats
        stats.inc_value("newsbot/retry_after/waits")
        stats.inc_value("newsbot/retry_after/seconds", int(delay))
        logger.info("%s answered %d with Retry-After; waiting %.1f s", request.url, response.status, delay)
        wait = deferLater(reactor, delay, lambda: None)
        self.waits.add(wait)
        try:
            await maybe_deferred_to_future(wait)
        except CancelledError:
            stats.inc_value("newsbot/retry_after/cut_by_stop")
        finally:
            self.waits.discard(wait)
            self.release(request)
        return response
