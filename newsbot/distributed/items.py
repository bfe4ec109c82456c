"""Push items to a Redis list instead of JSON Lines files (``NEWSBOT_REDIS_ITEMS=list``)."""

from __future__ import annotations

from newsbot.distributed.coordination import coordinator_for
from newsbot.serialize import to_json_line


class RedisListPipeline:
    """RPUSH each item as one JSON line to ``<prefix>:<spider>:items``."""

    def __init__(self, crawler):
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def process_item(self, item):
        coordinator = coordinator_for(self.crawler)
        coordinator.server.rpush(f"{coordinator.base}:items", to_json_line(item).rstrip(b"\n"))
        self.crawler.stats.inc_value("newsbot/redis/items_pushed")
        return item
