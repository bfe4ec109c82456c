"""Helpers of the replay spider: stats batching, progress line, argument checks."""

from __future__ import annotations

import logging
import os
import time
from datetime import datetime
from zoneinfo import ZoneInfo

from newsbot.core.dayrange import DayRange
from newsbot.exitcodes import UsageError
from newsbot.extract.sources import PAGE_SUFFIXES, is_page_name

logger = logging.getLogger("newsbot.spiders.replay")

#: Parser counters are added to the crawl stats in batches of this many increments.
STATS_FLUSH_EVERY = 2000
DEFAULT_TIMEZONE = "Asia/Tehran"


class StatsBuffer:
    """Counts ``inc_value`` calls locally and adds them to *stats* on :meth:`flush`.

    Replay counts ~20 selector and date stats per page; Scrapy's stats
    collector wraps each call (a deprecation shim), which cost more than the
    JSON export of the item.  Flushed every ``STATS_FLUSH_EVERY`` increments,
    when ``start()`` ends and when the spider closes, so the dumped stats
    are complete.
    """

    def __init__(self, stats):
        self.stats = stats
        self.counts: dict[str, int] = {}
        self.pending = 0

    def inc_value(self, key: str, count: int = 1, start: int = 0) -> None:
        self.counts[key] = self.counts.get(key, start) + count
        self.pending += 1

    def flush(self) -> None:
        counts, self.counts, self.pending = self.counts, {}, 0
        for key, value in counts.items():
            self.stats.inc_value(key, value)


class Progress:
    """Logs ``files done of total, pages/s, ETA`` every *interval* seconds (0: never)."""

    def __init__(self, total: int, interval: float, clock=time.monotonic):
        self.total, self.interval, self.clock = total, interval, clock
        self.started = self.last = clock()
        self.done = 0

    def tick(self) -> None:
        self.done += 1
        if self.interval > 0:
            now = self.clock()
            if now - self.last >= self.interval:
                self.last = now
                logger.info("replay: %s", self.line(now))

    def line(self, now: float) -> str:
        elapsed = max(now - self.started, 1e-9)
        rate = self.done / elapsed
        left = (self.total - self.done) / rate if rate else 0
        share = 100 * self.done // self.total if self.total else 100
        return f"{self.done} of {self.total} files ({share}%), {rate:.0f} pages/s, ETA {left:.0f} s"


def day_range(since: str | None, until: str | None) -> DayRange | None:
    if not (since or until):
        return None
    today = datetime.now(ZoneInfo(DEFAULT_TIMEZONE)).date()
    return DayRange.parse(since, until, today=today)


def check_replay_path(path: str) -> None:
    """:class:`UsageError` unless *path* is a file or a directory holding at least one page file
    (or WARC file, or HTTP cache entry)."""
    if not os.path.lexists(path):
        raise UsageError(f"replay: path does not exist: {path}")
    if not os.path.isdir(path):
        return
    try:
        entries = os.listdir(path)
    except OSError as exc:
        raise UsageError(f"replay: cannot read directory {path}: {exc.strerror}") from None
    if not entries:
        raise UsageError(f"replay: directory is empty: {path}")
    for _dirpath, _dirnames, filenames in os.walk(path):
        # WARC files and Scrapy HTTP cache entries are replayed too (newsbot.archive)
        if any(is_page_name(name) or name.lower().endswith((".warc", ".warc.gz")) or name == "response_body"
               for name in filenames):
            return
    raise UsageError(f"replay: no saved pages ({', '.join(PAGE_SUFFIXES)}) under {path}")
