"""scrapy-redis's scheduler, adapted to Scrapy 2.19 and to newsbot's runs."""

from __future__ import annotations

import logging

from redis.exceptions import RedisError
from scrapy.utils.misc import load_object
from scrapy_redis import defaults
from scrapy_redis.dupefilter import RFPDupeFilter
from scrapy_redis.scheduler import Scheduler

from newsbot.distributed.coordination import coordinator_for
from newsbot.exitcodes import EXIT_FAILED, request_exit

logger = logging.getLogger(__name__)
#: Fingerprint sets of finished runs are kept this long, then expire.
DUPEFILTER_TTL = 7 * 86400


class NewsbotRedisScheduler(Scheduler):
    """scrapy-redis 0.9.1 ``Scheduler`` with three changes.

    * Stats are counted without the ``spider=`` argument that Scrapy 2.19
      deprecates (scrapy-redis passes it on every enqueue: a warning flood).
    * The dupefilter key names the run (``<prefix>:<spider>:<run>:dupefilter``)
      so a failed article is retried by the next run, while workers of one
      run share fingerprints; the request queue (``<spider>:requests``) is
      persistent, so a restarted worker resumes it.
    * The connection is checked once with a clear error (see
      ``newsbot.distributed.connection``).
    * Bounded take-ahead: a worker takes a request from the shared queue
      only while its downloader holds fewer than ``NEWSBOT_REDIS_PREFETCH``
      requests (default ``CONCURRENT_REQUESTS_PER_DOMAIN``), so a killed
      worker loses at most that many requests for the run (scrapy-redis
      pops without acknowledgement); the next run fetches them again.
      Before taking one, the worker marks itself ``busy`` in Redis, so an
      idle worker never sees "queue empty, nobody busy" while a request is
      being worked on.
    * Redis errors while polling are not raised into the engine loop: the
      worker waits (``WorkerPresence`` stops it after
      ``NEWSBOT_REDIS_LOST_TIMEOUT``); a request that cannot be enqueued is
      counted (``newsbot/redis/enqueue_failed``) and makes the exit status 1.
    """

    @classmethod
    def from_crawler(cls, crawler):
        settings = crawler.settings
        coordinator = coordinator_for(crawler)
        instance = cls(
            server=coordinator.server,
            persist=True,
            queue_key=settings.get("SCHEDULER_QUEUE_KEY") or defaults.SCHEDULER_QUEUE_KEY,
            queue_cls=settings.get("SCHEDULER_QUEUE_CLASS") or defaults.SCHEDULER_QUEUE_CLASS,
            dupefilter=RFPDupeFilter(coordinator.server, key=f"{coordinator.run_base}:dupefilter",
                                     debug=settings.getbool("DUPEFILTER_DEBUG")),
        )
        instance.stats = crawler.stats
        instance.crawler = crawler
        instance.coordinator = coordinator
        instance.prefetch = max(1, settings.getint("NEWSBOT_REDIS_PREFETCH")
                                or settings.getint("CONCURRENT_REQUESTS_PER_DOMAIN", 1))
        return instance

    def open(self, spider):
        # As scrapy-redis's open(), minus its deprecated Spider.log() call.
        self.spider = spider
        self.queue = load_object(self.queue_cls)(
            server=self.server, spider=spider, key=self.queue_key % {"spider": spider.name},
            serializer=self.serializer)
        self.server.expire(self.df.key, DUPEFILTER_TTL)
        if len(self.queue):
            logger.info("resuming crawl: %d requests already queued in Redis", len(self.queue))

    def enqueue_request(self, request):
        try:
            if not request.dont_filter and self.df.request_seen(request):
                self.df.log(request, self.spider)
                return False
            self.queue.push(request)
        except RedisError as exc:
            logger.error("redis: could not enqueue %s: %s", request.url, exc)
            self.stats.inc_value("newsbot/redis/enqueue_failed")
            request_exit(self.stats, EXIT_FAILED, "redis_enqueue_failed")
            return False
        self.stats.inc_value("scheduler/enqueued/redis")
        return True

    def has_pending_requests(self) -> bool:
        try:
            return len(self.queue) > 0
        except RedisError:
            return False

    def next_request(self):
        engine = self.crawler.engine
        if engine is not None and len(engine.downloader.active) >= self.prefetch:
            return None
        try:
            if not len(self.queue):
                return None
            self.coordinator.mark(True)
            request = self.queue.pop(0)
        except RedisError:
            return None
        if request is not None:
            self.stats.inc_value("scheduler/dequeued/redis")
        return request

    def close(self, reason):
        try:
            self.server.expire(self.df.key, DUPEFILTER_TTL)
        except RedisError:  # Redis is gone: its keys are gone with it or keep their old expiry
            pass


