"""Scrapy's downloader with the per-slot concurrency limit enforced at ``DOWNLOAD_DELAY=0``.

Upstream behaviour (Scrapy 2.19, asyncio reactor): ``Downloader._process_queue``
pops queued requests ``while slot.free_transfer_slots() > 0`` and schedules
each download as an asyncio task; the request joins ``slot.transferring``
only when that task first runs.  With a download delay the loop stops after
one request, but with ``DOWNLOAD_DELAY=0`` (or an AutoThrottle delay that
reached 0) nothing changes inside the loop, so it pops the whole queue: every
request the engine handed to that slot starts at once (8 in flight to one
host with ``CONCURRENT_REQUESTS_PER_DOMAIN=1`` in tests/test_e2e_concurrency.py
without this class; up to ``CONCURRENT_REQUESTS``).

Here each slot's queue marks a request as transferring the moment it is
popped, so ``free_transfer_slots()`` is right inside that loop and at most
``CONCURRENT_REQUESTS_PER_DOMAIN`` (or ``_PER_IP``, or the slot's
``DOWNLOAD_SLOTS`` concurrency) requests per slot are in flight.  Enabled
by ``DOWNLOADER = "newsbot.downloader.Downloader"`` in newsbot.settings.

Bounded stop: Scrapy closes a spider (SIGTERM/SIGINT once, CLOSESPIDER_*)
only when every request the engine handed to the downloader is done,
including those still *queued* in a slot: with one request at a time per
domain, 16 queued requests that each hang for ``DOWNLOAD_TIMEOUT`` (30 s)
make a graceful stop last 8 minutes.  :class:`BoundedStop` (an extension)
notices the engine starting to close and sends :data:`STOP_STARTED`; the
downloader then fails the requests still queued (never sent: they are not in
the seen-store and are found again next run) and, ``NEWSBOT_STOP_TIMEOUT``
seconds later (default 10), cancels the downloads still in flight; the
Retry-After middleware stops waiting.  A stop therefore takes at most
``NEWSBOT_STOP_TIMEOUT`` plus the time to process the responses already
received.  Stats: ``newsbot/stop/dropped_queued``,
``newsbot/stop/cancelled_in_flight``.  (Cancelling in-flight downloads needs
the asyncio reactor, Scrapy's default.)
"""

from __future__ import annotations

import asyncio
import logging
from collections import deque

from scrapy import signals
from scrapy.core.downloader import Downloader as ScrapyDownloader
from scrapy.core.downloader import Slot
from scrapy.exceptions import IgnoreRequest
from scrapy.utils.asyncio import call_later, create_looping_call, is_asyncio_available
from twisted.python.failure import Failure

logger = logging.getLogger(__name__)
#: Signal sent once when the engine starts closing the spider (by :class:`BoundedStop`).
STOP_STARTED = object()


class ReservingQueue(deque):
    """A slot's request queue whose ``popleft`` adds the request to ``slot.transferring``.

    ``Downloader._download`` adds it again (a set: no change) and removes it
    when the download ends, as upstream does.
    """

    def __init__(self, slot: Slot):
        super().__init__(slot.queue)
        self.slot = slot

    def popleft(self):
        request, queue_dfd = super().popleft()
        self.slot.transferring.add(request)
        return request, queue_dfd


class Downloader(ScrapyDownloader):
    def __init__(self, crawler):
        super().__init__(crawler)
        self.transfers: dict = {}  # request -> asyncio task of its download
        self.stopping = False
        crawler.signals.connect(self.drop_queued, STOP_STARTED)

    def _get_slot(self, request, spider=None):
        key, slot = super()._get_slot(request)
        if not isinstance(slot.queue, ReservingQueue):
            slot.queue = ReservingQueue(slot)
        return key, slot

    async def _enqueue_request(self, request):
        if self.stopping:  # handed over after the stop began (a retry, a redirect)
            raise IgnoreRequest(f"not sent: stopping ({request.url})")
        return await super()._enqueue_request(request)

    async def _wait_for_download(self, slot, request, queue_dfd):
        if is_asyncio_available():
            self.transfers[request] = asyncio.current_task()
        try:
            await super()._wait_for_download(slot, request, queue_dfd)
        except asyncio.CancelledError:
            slot.transferring.discard(request)
            if not queue_dfd.called:
                queue_dfd.errback(Failure(IgnoreRequest(f"download cancelled at stop: {request.url}")))
        finally:
            self.transfers.pop(request, None)

    def hold_slot(self, request):
        """Keep *request*'s download slot busy until the returned ``release()`` is called.

        Used by the Retry-After wait so that the whole site backs off: the
        slot counts one more transfer (and one more active request, so the
        slot is not garbage-collected during a long wait).
        """
        slot = self.slots.get(request.meta.get(self.DOWNLOAD_SLOT))
        if slot is None:
            return lambda: None
        token = object()
        slot.transferring.add(token)
        slot.active.add(token)

        def release() -> None:
            slot.transferring.discard(token)
            slot.active.discard(token)
            self._process_queue(slot)

        return release

    def drop_queued(self) -> None:
        """Fail every request still waiting in a slot queue (never sent)."""
        self.stopping = True
        dropped = 0
        for slot in self.slots.values():
            while slot.queue:
                request, queue_dfd = deque.popleft(slot.queue)  # not ReservingQueue.popleft
                queue_dfd.errback(Failure(IgnoreRequest(f"not sent: stopping ({request.url})")))
                dropped += 1
        if dropped:
            self.crawler.stats.inc_value("newsbot/stop/dropped_queued", dropped)

    def cancel_transfers(self) -> int:
        """Cancel the downloads in flight; returns how many."""
        tasks = [task for task in self.transfers.values() if task is not None and not task.done()]
        for task in tasks:
            task.cancel()
        if tasks:
            self.crawler.stats.inc_value("newsbot/stop/cancelled_in_flight", len(tasks))
        return len(tasks)


class BoundedStop:
    """Extension: bounds a graceful stop to ``NEWSBOT_STOP_TIMEOUT`` seconds (see module docstring)."""

    CHECK_INTERVAL = 0.5  # seconds between looks at the engine

    def __init__(self, crawler):
        self.crawler = crawler
        self.grace = crawler.settings.getfloat("NEWSBOT_STOP_TIMEOUT", 10)
        self.loop = None
        self.timer = None
        crawler.signals.connect(self.spider_opened, signals.spider_opened)
        crawler.signals.connect(self.spider_closed, signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def spider_opened(self) -> None:
        self.loop = create_looping_call(self.check)
        self.loop.start(self.CHECK_INTERVAL, now=False)

    def check(self) -> None:
        engine = self.crawler.engine
        slot = getattr(engine, "_slot", None)  # Scrapy 2.19: _slot.closing is set once closing began
        if engine.running and (slot is None or slot.closing is None):
            return
        self.stop_loop()
        downloader = engine.downloader
        queued = sum(len(s.queue) for s in downloader.slots.values())
        in_flight = len(getattr(downloader, "transfers", ()))
        self.crawler.signals.send_catch_log(STOP_STARTED)
        if queued or in_flight:
            logger.info("stopping: %d queued downloads dropped, %d in flight get %.0f s to finish "
                        "(NEWSBOT_STOP_TIMEOUT)", queued, in_flight, self.grace)
            self.timer = call_later(self.grace, self.timed_out)

    def timed_out(self) -> None:
        self.timer = None
        cancel = getattr(self.crawler.engine.downloader, "cancel_transfers", None)
        cancelled = cancel() if cancel else 0
        if cancelled:
            logger.warning("stopping: %d downloads still in flight after %.0f s cancelled",
                           cancelled, self.grace)

    def stop_loop(self) -> None:
        if self.loop is not None and self.loop.running:
            self.loop.stop()
        self.loop = None

    def spider_closed(self) -> None:
        self.stop_loop()
        if self.timer is not None:
            self.timer.cancel()
            self.timer = None
