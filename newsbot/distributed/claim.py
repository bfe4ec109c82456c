"""Exactly once across workers: claim an article in Redis before writing it.

One article can reach two workers under two URLs (a feed slug and a
homepage slug): the run's dupefilter compares URLs, and each worker's
``DedupePipeline`` only knows its own items.  ``ArticleClaimPipeline``
(redis mode, just before the writer) therefore claims the article's keys —
the seen-store keys of :func:`newsbot.core.identity.lookup_keys` (its
identity key, then ``url:`` of its canonical URL and URL) — in one atomic
Lua script:

* a key already in the site's seen-store (exported before) → duplicate;
* a key claimed by a worker whose heartbeat is alive → duplicate;
* otherwise every key is claimed by this worker (``SET`` with a
  ``NEWSBOT_CLAIM_TTL`` of one day, as garbage collection only).

A claim names its holder's heartbeat key, so a claim of a worker that was
killed is free again as soon as that heartbeat expires (15 s): the next
run (or a surviving worker) can write the article.  A claim is released
(compare-and-delete) when a later pipeline drops the item or fails on it,
e.g. a disk-full write, so the article is not lost; after a successful
export the seen-store knows the article, which is what later claims check.

While Redis cannot be reached nothing is claimed, so nothing is written
(``newsbot/dropped/redis_unavailable``, exit status 1): the article is
neither written nor seen, and the next run fetches it — a wasted fetch,
never a duplicate.
"""

from __future__ import annotations

import logging

from redis.exceptions import RedisError
from scrapy import signals
from scrapy.exceptions import DropItem

from newsbot.distributed.coordination import coordinator_for
from newsbot.exitcodes import EXIT_FAILED, request_exit
from newsbot.core.identity import lookup_keys

logger = logging.getLogger(__name__)

#: KEYS = [seen set, claim key 1..n]; ARGV = [holder, ttl, member 1..n].  Returns 1 when claimed.
CLAIM = """
for i = 2, #KEYS do
  if redis.call('SISMEMBER', KEYS[1], ARGV[i + 1]) == 1 then return 0 end
  local holder = redis.call('GET', KEYS[i])
  if holder and holder ~= ARGV[1] and redis.call('EXISTS', holder) == 1 then return 0 end
end
for i = 2, #KEYS do redis.call('SET', KEYS[i], ARGV[1], 'EX', ARGV[2]) end
return 1
"""
#: KEYS = claim keys; ARGV = [holder].  Deletes only this worker's claims.
RELEASE = """
for i = 1, #KEYS do
  if redis.call('GET', KEYS[i]) == ARGV[1] then redis.call('DEL', KEYS[i]) end
end
return 1
"""


class DuplicateAcrossWorkers(DropItem):
    """Another worker exported or is exporting the same article."""


def claim_members(item) -> list[str]:
    """The seen-store keys of *item*: its identity, then its URLs (as ``SeenRecorder`` records them)."""
    return lookup_keys(item)


class ArticleClaimPipeline:
    """Drops an article another worker has (or had) and claims it otherwise.

    Stats: ``newsbot/redis/claimed``, ``newsbot/dropped/duplicate_across_workers``,
    ``newsbot/dropped/redis_unavailable``, ``newsbot/redis/claim_released``.
    """

    def __init__(self, crawler):
        self.crawler = crawler
        self.ttl = crawler.settings.getint("NEWSBOT_CLAIM_TTL", 86400)
        self.prefix = crawler.settings.get("NEWSBOT_REDIS_PREFIX", "newsbot")
        self.held: dict[int, list[str]] = {}
        self._claim = self._release = None

    @classmethod
    def from_crawler(cls, crawler):
        pipeline = cls(crawler)
        crawler.signals.connect(pipeline.item_done, signal=signals.item_scraped)
        crawler.signals.connect(pipeline.item_failed, signal=signals.item_dropped)
        crawler.signals.connect(pipeline.item_failed, signal=signals.item_error)
        return pipeline

    def scripts(self, server):
        if self._claim is None:
            self._claim, self._release = server.register_script(CLAIM), server.register_script(RELEASE)
        return self._claim, self._release

    def claim_keys(self, site: str, members: list[str]) -> list[str]:
        return [f"{self.prefix}:claim:{site}:{member}" for member in members]

    def process_item(self, item):
        members = claim_members(item)
        if not item.site:
            return item
        coordinator = coordinator_for(self.crawler)
        claim, _ = self.scripts(coordinator.server)
        keys = self.claim_keys(item.site, members)
        seen_set = f"{self.prefix}:seen:{item.site}"
        try:
            claimed = claim(keys=[seen_set, *keys], args=[coordinator.heartbeat_key, self.ttl, *members])
        except RedisError as exc:  # fail closed: not written, not seen, so the next run fetches it again
            self.crawler.stats.inc_value("newsbot/dropped/redis_unavailable")
            request_exit(self.crawler.stats, EXIT_FAILED, "redis_unavailable")
            raise DropItem(f"redis_unavailable: cannot claim {item.site} {members[0]}: {exc}") from None
        if not claimed:
            self.crawler.stats.inc_value("newsbot/dropped/duplicate_across_workers")
            raise DuplicateAcrossWorkers(f"{item.site} {members[0]} is exported by another worker")
        self.held[id(item)] = keys
        self.crawler.stats.inc_value("newsbot/redis/claimed")
        return item

    def item_done(self, item, response=None, spider=None):
        self.held.pop(id(item), None)

    def item_failed(self, item, response=None, exception=None, spider=None, failure=None):
        """A later pipeline refused or failed on a claimed item: give the claim back."""
        keys = self.held.pop(id(item), None)
        if not keys:
            return
        coordinator = coordinator_for(self.crawler)
        _, release = self.scripts(coordinator.server)
        try:
            release(keys=keys, args=[coordinator.heartbeat_key])
            self.crawler.stats.inc_value("newsbot/redis/claim_released")
        except Exception as exc:  # the claim then frees itself when this worker's heartbeat expires
            logger.warning("redis: could not release claim %s: %s", keys[0], exc)
