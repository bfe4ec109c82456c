"""Seed start requests once per run, and keep idle workers while others work."""

from __future__ import annotations

import logging
import time

from scrapy import signals
from scrapy.exceptions import DontCloseSpider
from twisted.internet.task import LoopingCall

from newsbot.distributed.coordination import coordinator_for

logger = logging.getLogger(__name__)


class SeedOnceMiddleware:
    """Spider middleware: only the run's first worker yields the start requests.

    The others start with the shared queue (fed by the seeder) — this avoids
    scrapy-redis's ``RedisSpider``, whose start URLs only arrive through the
    idle-polling path, and keeps spiders plain.
    """

    def __init__(self, crawler):
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    async def process_start(self, start):
        coordinator = coordinator_for(self.crawler)
        if coordinator.claim_seeding():
            coordinator.touch()
            logger.info("worker %s seeds run %s", coordinator.worker, coordinator.run)
            self.crawler.stats.set_value("newsbot/redis/seeder", 1)
            async for entry in start:
                yield entry
        else:
            logger.info("worker %s joins run %s (already seeded)", coordinator.worker, coordinator.run)

    async def process_spider_output(self, response, result, spider=None):
        async for entry in result:
            yield entry


class WorkerPresence:
    """Extension: heartbeat every few seconds; don't close while the run is alive.

    An idle worker stays while another worker reports itself busy, while the
    run is not seeded yet, or until the whole run has made no progress for
    ``NEWSBOT_REDIS_IDLE_GRACE`` seconds (5): heartbeats are a few seconds
    old at worst, and a busy worker may be about to enqueue more requests.
    """

    INTERVAL = 2.0

    def __init__(self, crawler):
        self.crawler = crawler
        self.loop = LoopingCall(self.beat)
        self.grace = crawler.settings.getfloat("NEWSBOT_REDIS_IDLE_GRACE", 5.0)
        self.last_touch = 0.0

    @classmethod
    def from_crawler(cls, crawler):
        presence = cls(crawler)
        crawler.signals.connect(presence.opened, signal=signals.spider_opened)
        crawler.signals.connect(presence.idle, signal=signals.spider_idle)
        crawler.signals.connect(presence.closed, signal=signals.spider_closed)
        crawler.signals.connect(presence.progress, signal=signals.response_received)
        return presence

    def progress(self, *args, **kwargs) -> None:
        now = time.monotonic()
        if now - self.last_touch > 0.5:
            self.last_touch = now
            coordinator_for(self.crawler).touch()

    def busy(self) -> bool:
        engine = self.crawler.engine
        return bool(engine and (engine.downloader.active or engine.scraper.slot and engine.scraper.slot.active))

    def beat(self) -> None:
        busy = self.busy()
        coordinator_for(self.crawler).heartbeat(busy)
        if not busy:
            self.wake_engine()

    def wake_engine(self) -> None:
        """Ask an idle engine to poll the shared queue now, not at its next 5 s heartbeat.

        Uses the engine slot's ``nextcall`` (internal to Scrapy 2.19); when it
        is missing the worker simply polls at Scrapy's own pace.
        """
        slot = getattr(self.crawler.engine, "_slot", None)
        nextcall = getattr(slot, "nextcall", None)
        if nextcall is not None and self.crawler.engine._slot.scheduler.has_pending_requests():
            nextcall.schedule()

    def opened(self, spider):
        self.loop.start(self.INTERVAL, now=True)

    def idle(self, spider):
        coordinator = coordinator_for(self.crawler)
        coordinator.heartbeat(False)
        if coordinator.others_busy() or not coordinator.seeded() or coordinator.quiet_for() < self.grace:
            raise DontCloseSpider("another worker is still crawling this run")

    def closed(self, spider, reason):
        if self.loop.running:
            self.loop.stop()
        coordinator_for(self.crawler).leave()
