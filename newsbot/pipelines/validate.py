"""Drop items that lack what every record must have."""

from __future__ import annotations

from scrapy.exceptions import DropItem

from newsbot.items import NewsArticle

REQUIRED = ("title", "body", "published_at")


class ValidatePipeline:
    """``DropItem`` naming the missing fields; counted as ``newsbot/dropped/missing_<field>``."""

    def __init__(self, stats):
        self.stats = stats

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler.stats)

    def process_item(self, item: NewsArticle) -> NewsArticle:
        missing = [name for name in REQUIRED if not getattr(item, name)]
        if missing:
            for name in missing:
                self.stats.inc_value(f"newsbot/dropped/missing_{name}")
            where = item.source_path or item.url
            raise DropItem(f"missing {', '.join(missing)} in {where}")
        return item
