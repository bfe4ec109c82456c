"""Drop the second and later copies of an article within one run."""

from __future__ import annotations

from scrapy.exceptions import DropItem

from newsbot.core.identity import article_key
from newsbot.items import NewsArticle

__all__ = ["DedupePipeline", "article_key"]


class DedupePipeline:
    """Same article reached through two URLs (slugs, feeds, listings) is written once.

    Keyed by :func:`newsbot.core.identity.article_key` (news code, else
    canonical URL, else a hash of title and body).  Keeps a 64-bit hash per
    key (not the strings), so a 50,000-page replay holds a few MB; a
    collision (odds ~1e-10 at that size) would drop one item.
    """

    def __init__(self, stats):
        self.stats = stats
        self.seen: set[int] = set()

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler.stats)

    def process_item(self, item: NewsArticle) -> NewsArticle:
        key = article_key(item)
        digest = hash(key)
        if digest in self.seen:
            self.stats.inc_value("newsbot/dropped/duplicate")
            raise DropItem(f"duplicate of {key[0]} {key[1]}")
        self.seen.add(digest)
        return item
