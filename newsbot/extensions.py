"""CrawlSummary: a short account of the run on stderr when the spider closes."""

from __future__ import annotations

import sys

from scrapy import signals


class CrawlSummary:
    """Prints items written, dropped (by reason), rejected files and errors.

    Disable with ``-s NEWSBOT_SUMMARY=False``.
    """

    def __init__(self, crawler):
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler):
        extension = cls(crawler)
        if crawler.settings.getbool("NEWSBOT_SUMMARY", True):
            crawler.signals.connect(extension.spider_closed, signal=signals.spider_closed)
        return extension

    def spider_closed(self, spider, reason):
        stats = self.crawler.stats.get_stats()
        lines = [f"newsbot summary: spider {spider.name} finished ({reason})",
                 f"  written: {stats.get('newsbot/jsonl/written', 0)} "
                 f"(scraped {stats.get('item_scraped_count', 0)})"]
        directory = stats.get("newsbot/jsonl/directory", "")
        for key in sorted(k for k in stats if k.startswith("newsbot/jsonl/file/")):
            lines.append(f"  {stats[key]:>6}  {directory}/{key[len('newsbot/jsonl/file/'):]}")
        for prefix, title in (("newsbot/dropped/", "dropped"), ("newsbot/replay/rejected/", "rejected")):
            for key in sorted(k for k in stats if k.startswith(prefix)):
                lines.append(f"  {title} {key[len(prefix):]}: {stats[key]}")
        errors = stats.get("log_count/ERROR", 0)
        if errors:
            lines.append(f"  errors logged: {errors}")
        print("\n".join(lines), file=sys.stderr)
