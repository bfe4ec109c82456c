"""Scrapy extension for ``bench/memory_bench.py --trace``: where memory grows during a run.

Takes a tracemalloc snapshot when ``MEMTRACE_AT`` items have been scraped
and another when the spider closes, then writes to ``MEMTRACE_OUT`` the
growth between them grouped by the innermost newsbot frame of each
allocation (or its innermost frame when no newsbot code is involved),
largest first, in KiB.  Needs ``PYTHONTRACEMALLOC=<frames>`` in the
environment (tracing slows the run about 5x).
"""

from __future__ import annotations

import tracemalloc
from collections import Counter
from pathlib import Path

from scrapy import signals


class MemTrace:
    def __init__(self, crawler):
        self.at = crawler.settings.getint("MEMTRACE_AT", 10000)
        self.out = Path(crawler.settings.get("MEMTRACE_OUT", "memtrace.txt"))
        self.items = 0
        self.first = None
        crawler.signals.connect(self.item_scraped, signals.item_scraped)
        crawler.signals.connect(self.spider_closed, signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def item_scraped(self, item, response, spider):
        self.items += 1
        if self.items == self.at and tracemalloc.is_tracing():
            self.first = tracemalloc.take_snapshot()

    def spider_closed(self, spider):
        if self.first is None:
            return
        growth: Counter[str] = Counter()
        for stat in tracemalloc.take_snapshot().compare_to(self.first, "traceback"):
            frames = list(stat.traceback)  # innermost last
            ours = [f for f in frames if "/newsbot/" in f.filename]
            where = (ours or frames)[-1]
            name = where.filename
            name = name[name.rfind("/newsbot/") + 1:] if "/newsbot/" in name else name.split("/site-packages/")[-1]
            growth[f"{name}:{where.lineno}"] += stat.size_diff
        lines = [f"items {self.at} -> {self.items}"]
        lines += [f"{size / 1024:9.0f} KiB  {where}" for where, size in growth.most_common(12)]
        self.out.write_text("\n".join(lines) + "\n")
