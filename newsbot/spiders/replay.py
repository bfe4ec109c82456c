"""``scrapy crawl replay -a path=PATH``: re-extract saved pages offline."""

from __future__ import annotations

import itertools
import json
import logging
from typing import Any

import scrapy
from scrapy import signals

from newsbot.archive.replay import ArchivePageError, domain_filter, extract_page, iter_archive_inputs
from newsbot.archive.readers import Counts, is_warc, iter_saved_pages
from newsbot.archive.workers import parallel_items
from newsbot.exitcodes import EXIT_FAILED, request_exit
from newsbot.extract.replay import ReplayError, extract_file, iter_replay_files

logger = logging.getLogger(__name__)


#: Parser counters are added to the crawl stats in batches of this many increments.
STATS_FLUSH_EVERY = 2000


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


class ReplaySpider(scrapy.Spider):
    """Replays saved pages through the same extraction and pipelines.

    Arguments: ``path`` (file or directory, recursive), ``site`` (profile
    name when the page cannot tell), ``url`` (the page's URL when it has no
    canonical link), ``rejects`` (JSON Lines file listing every file that
    could not be used, with the reason: unreadable, unknown site, not an
    article… or dropped by the pipelines for a missing title, body or date).  No network request is made.

    Archives (see :mod:`newsbot.archive.replay`): ``.warc``/``.warc.gz``
    files and Scrapy HTTP cache directories under ``path`` are replayed too;
    ``domains`` (``a.ir,b.com``) or ``any_site=1`` widen the record filter
    of foreign archives (default: newsbot's known domains).  Records left
    out are counted (``newsbot/replay/archive/<reason>``), not rejected one
    by one.
    """

    name = "replay"
    custom_settings = {"ROBOTSTXT_OBEY": False, "NEWSBOT_SEEN_ENABLED": False}

    #: Extensions left out of ``EXTENSIONS_BASE`` when their setting is off:
    #: Scrapy imports every listed extension before it can decline to run,
    #: and the remote-control one alone pulls in aiohttp (~0.1 s).
    DISABLED_EXTENSIONS = {
        "scrapy.extensions.remote_control.RemoteControl": "REMOTE_CONTROL_ENABLED",
        "scrapy.extensions.telnet.TelnetConsole": "TELNETCONSOLE_ENABLED",
    }

    @classmethod
    def update_settings(cls, settings) -> None:
        """Replay downloads nothing (items come straight from ``start()``), so
        Scrapy's download handlers, downloader middlewares and spider
        middlewares are not built: they only cost start-up time (TLS context
        factory, cookie jar with tldextract …) or, for spider middlewares, an
        extra async generator around every item.  Components named in
        ``DOWNLOAD_HANDLERS``, ``DOWNLOADER_MIDDLEWARES`` or
        ``SPIDER_MIDDLEWARES`` (project or ``-s``) still load."""
        super().update_settings(settings)
        settings.set("DOWNLOAD_HANDLERS_BASE", {}, priority="spider")
        settings.set("DOWNLOADER_MIDDLEWARES_BASE", {}, priority="spider")
        # Scrapy's spider middlewares act on responses and requests (HTTP
        # errors, Referer, URL length, depth, start-request marking); replay
        # has neither, and each would wrap every item in another async generator.
        settings.set("SPIDER_MIDDLEWARES_BASE", {}, priority="spider")
        base = dict(settings.getdict("EXTENSIONS_BASE"))
        for path, enabled in cls.DISABLED_EXTENSIONS.items():
            if not settings.getbool(enabled):
                base.pop(path, None)
        settings.set("EXTENSIONS_BASE", base, priority="spider")

    @classmethod
    def from_crawler(cls, crawler, *args, **kwargs):
        spider = super().from_crawler(crawler, *args, **kwargs)
        crawler.signals.connect(spider.item_dropped, signal=signals.item_dropped)
        crawler.signals.connect(spider.spider_closed, signal=signals.spider_closed)
        return spider

    def __init__(self, path: str | None = None, site: str | None = None, url: str | None = None,
                 rejects: str | None = None, domains: str | None = None, any_site: str | None = None,
                 workers: str | int = 1, **kwargs: Any):
        super().__init__(**kwargs)
        self.shard_kwargs = {"path": path, "site": site, "url": url, "rejects": rejects,
                             "domains": domains, "any_site": any_site}
        self.workers = int(workers)
        if self.workers < 1:
            raise ValueError("workers must be at least 1")
        self.wanted = domain_filter(domains, any_site not in (None, "", "0", "false", "False"))
        self.part: tuple[int, int] | None = None
        if not path:
            raise ValueError("replay needs -a path=FILE_OR_DIRECTORY")
        self.path, self.site, self.page_url, self.rejects = path, site, url, rejects
        self.stats_buffer: StatsBuffer | None = None

    async def start(self):
        stats = self.stats_buffer = StatsBuffer(self.crawler.stats)
        units = itertools.count()
        if self.workers > 1:
            async for item in self.parallel_start(stats):
                yield item
            return
        try:
            for file in iter_replay_files(self.path):
                if is_warc(file) or self.part is not None and next(units) % self.part[1] != self.part[0]:
                    continue  # archives: archive_items(); other workers' files
                stats.inc_value("newsbot/replay/files")
                try:
                    item = extract_file(file, site=self.site, url=self.page_url, stats=stats)
                except ReplayError as exc:
                    self.reject(file, exc.reason, str(exc))
                    continue
                except Exception as exc:  # a parser bug must not stop the run
                    logger.exception("replay: %s: extraction failed", file)
                    self.reject(file, "extraction_error", f"{type(exc).__name__}: {exc}")
                    continue
                if stats.pending >= STATS_FLUSH_EVERY:
                    stats.flush()
                yield item
            for item in self.archive_items(stats):
                yield item
        finally:
            stats.flush()

    async def parallel_start(self, stats):
        """``-a workers=N``: the same loop in N processes (:mod:`newsbot.archive.workers`)."""
        results = parallel_items(self.shard_kwargs, self.workers, stats)
        try:
            while True:
                try:
                    item = next(results)
                except StopIteration as stop:
                    if stop.value:
                        request_exit(self.crawler.stats, EXIT_FAILED, "replay_worker_died")
                    break
                yield item
        finally:
            stats.flush()

    def archive_items(self, stats):
        """Articles of the WARC files and HTTP cache entries under ``path``."""
        counts = Counts()
        try:
            for page in iter_saved_pages(iter_archive_inputs(self.path), counts, self.wanted, self.part):
                try:
                    item = extract_page(page, site=self.site, stats=stats)
                except ArchivePageError as exc:  # not a page of a known site: counted only
                    counts[exc.reason] += 1
                    continue
                except Exception as exc:  # a parser bug must not stop the run
                    logger.exception("replay: %s: extraction failed", page.source)
                    self.reject(page.source, "extraction_error", f"{type(exc).__name__}: {exc}")
                    continue
                if stats.pending >= STATS_FLUSH_EVERY:
                    stats.flush()
                yield item
        finally:
            for reason, count in (+counts).items():  # + drops zero counts
                stats.inc_value(f"newsbot/replay/archive/{reason}", count)

    def spider_closed(self) -> None:
        if self.stats_buffer is not None:
            self.stats_buffer.flush()  # when the run ends before start() does

    def item_dropped(self, item, response=None, exception=None, spider=None) -> None:
        """A replayed page the pipelines refused (no title, body or date) is a reject too."""
        path = getattr(item, "source_path", None)
        if self.rejects and path:
            self.write_reject(path, "dropped", str(exception))

    def reject(self, file, reason: str, message: str) -> None:
        logger.warning("replay: rejected %s: %s", file, message)
        self.crawler.stats.inc_value(f"newsbot/replay/rejected/{reason}")
        self.write_reject(file, reason, message)

    def write_reject(self, file, reason: str, message: str) -> None:
        if self.rejects:
            with open(self.rejects, "a", encoding="utf-8") as handle:
                handle.write(json.dumps({"path": str(file), "reason": reason, "message": message},
                                        ensure_ascii=False) + "\n")
