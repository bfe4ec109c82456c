"""scrapy-redis's scheduler, adapted to Scrapy 2.19 and to newsbot's runs."""

from __future__ import annotations

import logging

from scrapy.utils.misc import load_object
from scrapy_redis import defaults
from scrapy_redis.dupefilter import RFPDupeFilter
from scrapy_redis.scheduler import Scheduler

from newsbot.distributed.coordination import coordinator_for

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
        if not request.dont_filter and self.df.request_seen(request):
            self.df.log(request, self.spider)
            return False
        self.stats.inc_value("scheduler/enqueued/redis")
        self.queue.push(request)
        return True

    def next_request(self):
        request = self.queue.pop(0)
        if request is not None:
            self.stats.inc_value("scheduler/dequeued/redis")
        return request

    def close(self, reason):
        self.server.expire(self.df.key, DUPEFILTER_TTL)


