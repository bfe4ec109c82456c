"""CrawlSummary: a short account of the run when the spider closes.

Prints to stderr: items written per output file, dropped items by reason,
new vs known articles, rejected replay files and logged errors.  With
``NEWSBOT_STATS_DIR`` set, also writes the full stats as
``<dir>/<spider>-<UTC time>.json`` for monitoring.  Disable the printout
with ``-s NEWSBOT_SUMMARY=False``.
"""

from __future__ import annotations

import json
import sys
from datetime import datetime, timezone
from pathlib import Path

from scrapy import signals


def summary_lines(spider_name: str, reason: str, stats: dict) -> list[str]:
    lines = [f"newsbot summary: spider {spider_name} finished ({reason})",
             f"  written: {stats.get('newsbot/jsonl/written', 0)} "
             f"(scraped {stats.get('item_scraped_count', 0)})"]
    directory = stats.get("newsbot/jsonl/directory", "")
    prefix = "newsbot/jsonl/file/"
    for key in sorted(k for k in stats if k.startswith(prefix)):
        lines.append(f"  {stats[key]:>6}  {directory}/{key[len(prefix):]}")
    if "newsbot/seen/new" in stats or "newsbot/seen/skipped" in stats:
        lines.append(f"  article links: new {stats.get('newsbot/seen/new', 0)}, "
                     f"known and skipped {stats.get('newsbot/seen/skipped', 0)}")
    for prefix, title in (("newsbot/dropped/", "dropped"), ("newsbot/replay/rejected/", "rejected"),
                          ("newsbot/discovery/", "discovery error")):
        for key in sorted(k for k in stats if k.startswith(prefix)):
            lines.append(f"  {title} {key[len(prefix):]}: {stats[key]}")
    walled = sum(v for k, v in stats.items() if k.startswith("newsbot/wall/"))
    if walled:
        lines.append(f"  {walled} pages behind a wall (see README, 'Walls')")
    errors = stats.get("log_count/ERROR", 0)
    if errors:
        lines.append(f"  errors logged: {errors}")
    return lines


class CrawlSummary:
    def __init__(self, crawler):
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler):
        extension = cls(crawler)
        crawler.signals.connect(extension.spider_closed, signal=signals.spider_closed)
        return extension

    def spider_closed(self, spider, reason):
        stats = self.crawler.stats.get_stats()
        settings = self.crawler.settings
        if settings.getbool("NEWSBOT_SUMMARY", True):
            print("\n".join(summary_lines(spider.name, reason, stats)), file=sys.stderr)
        directory = settings.get("NEWSBOT_STATS_DIR")
        if directory:
            stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%SZ")
            path = Path(directory) / f"{spider.name}-{stamp}.json"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(json.dumps(dict(stats, finish_reason=reason), default=str,
                                       ensure_ascii=False, indent=1), encoding="utf-8")
