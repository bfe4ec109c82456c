"""Seed start requests once per run, and keep idle workers while others work."""

from __future__ import annotations

import logging
import time

from scrapy import signals
from scrapy.exceptions import DontCloseSpider
from redis.exceptions import RedisError
from scrapy.utils.defer import deferred_from_coro
from twisted.internet.task import LoopingCall

from newsbot.distributed.coordination import coordinator_for
from newsbot.exitcodes import EXIT_FAILED, request_exit

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
    """Extension: heartbeat, prompt wake-up, prompt close, and a bounded stop on Redis loss.

    Every ``NEWSBOT_REDIS_POLL`` seconds (0.25) a worker

    * refreshes its heartbeat (``busy``/``idle``, at least every 2 s and at
      once when its state changes; the scheduler marks it ``busy`` before it
      takes a request from the shared queue);
    * when idle, asks its engine to look at the shared queue again, so work
      pushed by another worker is taken within a poll, and the idle check
      below runs within a poll too;
    * checks that Redis still knows the run: a Redis restarted empty,
      flushed or evicted has lost the queue and fingerprints, so the worker
      stops (reason ``redis_run_lost``);
    * tolerates Redis being unreachable for ``NEWSBOT_REDIS_LOST_TIMEOUT``
      seconds (30), then stops (reason ``redis_unreachable``).

    Both stops ask for exit status 1 (``newsbot.exitcodes``); what was not
    exported is not in the seen-store, so the next run fetches it.

    An idle worker closes when the run is done: the run was seeded, the
    shared queue is empty, no other live worker is ``busy``, and no worker
    received a response for ``NEWSBOT_REDIS_IDLE_GRACE`` seconds (1) — a
    worker that is ``busy`` has taken a request and may still enqueue links.
    """

    def __init__(self, crawler):
        self.crawler = crawler
        settings = crawler.settings
        self.poll = settings.getfloat("NEWSBOT_REDIS_POLL", 0.25)
        self.grace = settings.getfloat("NEWSBOT_REDIS_IDLE_GRACE", 1.0)
        self.lost_timeout = settings.getfloat("NEWSBOT_REDIS_LOST_TIMEOUT", 30.0)
        self.loop = LoopingCall(self.tick)
        self.last_touch = 0.0
        self.down_since: float | None = None
        self.stopping = False

    @classmethod
    def from_crawler(cls, crawler):
        presence = cls(crawler)
        crawler.signals.connect(presence.opened, signal=signals.spider_opened)
        crawler.signals.connect(presence.idle, signal=signals.spider_idle)
        crawler.signals.connect(presence.closed, signal=signals.spider_closed)
        crawler.signals.connect(presence.progress, signal=signals.response_received)
        return presence

    @property
    def coordinator(self):
        return coordinator_for(self.crawler)

    def progress(self, *args, **kwargs) -> None:
        now = time.monotonic()
        if now - self.last_touch > 0.5:
            self.last_touch = now
            self.guarded(self.coordinator.touch)

    def busy(self) -> bool:
        engine = self.crawler.engine
        return bool(engine and (engine.downloader.active or engine.scraper.slot and engine.scraper.slot.active))

    def guarded(self, call, *args):
        """Run a Redis call; track how long Redis has been unreachable. ``None`` on failure."""
        try:
            result = call(*args)
        except RedisError as exc:
            now = time.monotonic()
            if self.down_since is None:
                self.down_since = now
                logger.warning("redis: unreachable (%s); stopping in %.0f s unless it comes back",
                               exc, self.lost_timeout)
            elif now - self.down_since >= self.lost_timeout:
                self.stop("redis_unreachable", f"Redis unreachable for {now - self.down_since:.0f} s")
            return None
        if self.down_since is not None:
            logger.warning("redis: reachable again after %.1f s", time.monotonic() - self.down_since)
            self.down_since = None
        return result

    def tick(self) -> None:
        if self.stopping:
            return
        busy = self.busy()
        self.guarded(self.coordinator.mark, busy)
        if self.down_since is not None:
            return
        if self.coordinator.joined and self.guarded(self.coordinator.run_lost):
            self.stop("redis_run_lost", "Redis lost this run (restarted empty, flushed or evicted)")
            return
        if not busy:
            self.wake_engine()

    def wake_engine(self) -> None:
        """Ask an idle engine to look at the shared queue (and run its idle check) now.

        Uses the engine slot's ``nextcall`` (internal to Scrapy 2.19); when it
        is missing the worker falls back to Scrapy's own 5 s heartbeat.
        """
        slot = getattr(self.crawler.engine, "_slot", None)
        nextcall = getattr(slot, "nextcall", None)
        if nextcall is not None:
            nextcall.schedule()

    def stop(self, reason: str, message: str) -> None:
        if self.stopping:
            return
        self.stopping = True
        logger.error("redis: %s; this worker stops (exit status 1). The next run fetches what was "
                     "not exported.", message)
        request_exit(self.crawler.stats, EXIT_FAILED, reason)
        engine = self.crawler.engine
        if engine is not None and engine.spider is not None:
            deferred_from_coro(engine.close_spider_async(reason=reason))

    def run_done(self) -> bool:
        """Called when this engine is idle (so the shared queue is empty)."""
        coordinator = self.coordinator
        return coordinator.seeded() and not coordinator.others_busy() and coordinator.quiet_for() >= self.grace

    def opened(self, spider):
        self.guarded(self.coordinator.mark, True)
        self.loop.start(self.poll, now=False).addErrback(
            lambda failure: logger.error("redis: presence loop stopped: %s", failure.getTraceback()))

    def idle(self, spider):
        if self.stopping:
            return
        self.guarded(self.coordinator.mark, False)
        done = self.down_since is None and self.guarded(self.run_done)
        if not done:
            raise DontCloseSpider("another worker is still crawling this run")

    def closed(self, spider, reason):
        if self.loop.running:
            self.loop.stop()
        self.guarded(self.coordinator.leave)
