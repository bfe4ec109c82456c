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
"""

from __future__ import annotations

from collections import deque

from scrapy.core.downloader import Downloader as ScrapyDownloader
from scrapy.core.downloader import Slot


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
    def _get_slot(self, request, spider=None):
        key, slot = super()._get_slot(request)
        if not isinstance(slot.queue, ReservingQueue):
            slot.queue = ReservingQueue(slot)
        return key, slot
