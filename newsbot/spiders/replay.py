"""``scrapy crawl replay -a path=PATH``: re-extract saved pages offline.

Arguments (checked before the run by :meth:`ReplaySpider.check_arguments`;
a bad one is one line on stderr and exit status 2):

* ``path`` (required): a saved page or a directory of them (recursive);
* ``site``: profile name when the page cannot tell (``scrapy list``);
* ``url``: the page's URL (a single file only: one URL cannot name many pages);
* ``since`` / ``until``: keep only articles published on these days
  (Jalali ``1402/09/01`` or ISO ``2023-11-22``, inclusive, the site's time
  zone); the others are skipped and counted (``newsbot/replay/skipped/out_of_range``);
* ``rejects``: JSON Lines file of what could not be used (``newsbot.rejects``);
* ``domains`` / ``any_site``: which records of foreign WARC files and HTTP
  caches to replay (default: newsbot's known domains; see
  :mod:`newsbot.archive.replay`); records left out are counted
  (``newsbot/replay/archive/<reason>``), not rejected one by one;
* ``workers``: processes to spread the pages over (default 1; see
  :mod:`newsbot.archive.workers`).

``path`` may hold ``.warc``/``.warc.gz`` files and Scrapy HTTP cache
directories beside page files: each archived response is a saved page with
its record's URL and fetch time (``crawled_at`` = ``WARC-Date``).

Exit status (``newsbot.exitcodes``): 2 for a missing path or a directory
with no page file (``.html``, ``.htm``, ``.html.gz``, ``.htm.gz``,
``.txt``), found before any work; 1 when every page file was rejected
(unreadable, not an article, or dropped by the pipelines); else 0.
"""

from __future__ import annotations

import logging
import os
from typing import Any, Iterable
from zoneinfo import ZoneInfo

import scrapy
from scrapy import signals
from scrapy.utils.asyncio import create_looping_call

from newsbot.archive.replay import ReplaySource, domain_filter
from newsbot.archive.workers import parallel_items
from newsbot.core.savedpage import Refusal, SavedPage
from newsbot.exitcodes import EXIT_FAILED, UsageError, request_exit
from newsbot.core.urls import host_of
from newsbot.extract.replay import ReplayError, WallPage, extract_saved
from newsbot.rejects import check_rejects_path, is_duplicate_drop, record_reject, rejects_path
from newsbot.sites import SITES
from newsbot.walls import record_wall
from newsbot.spiders.replay_support import (DEFAULT_TIMEZONE, STATS_FLUSH_EVERY, Progress,  # noqa: F401
                                            StatsBuffer, check_replay_path, day_range)

logger = logging.getLogger(__name__)

class ReplaySpider(scrapy.Spider):
    """Replays saved pages through the live crawl's extraction and the same pipelines
    (arguments in the module docstring).  No network request is made."""

    name = "replay"
    ARGUMENTS = ("path", "site", "url", "since", "until", "rejects", "domains", "any_site", "workers")
    custom_settings = {"ROBOTSTXT_OBEY": False, "NEWSBOT_SEEN_ENABLED": False,
                       # replay logs its own progress; LogStats would say "Crawled 0 pages"
                       "LOGSTATS_INTERVAL": 0}

    #: Extensions left out of ``EXTENSIONS_BASE`` when their setting is off:
    #: Scrapy imports every listed extension before it can decline to run,
    #: and the remote-control one alone pulls in aiohttp (~0.1 s).
    DISABLED_EXTENSIONS = {
        "scrapy.extensions.remote_control.RemoteControl": "REMOTE_CONTROL_ENABLED",
        "scrapy.extensions.telnet.TelnetConsole": "TELNETCONSOLE_ENABLED",
    }

    @classmethod
    def check_arguments(cls, spargs: dict, settings) -> None:
        """Raise :class:`UsageError` (one line) for any argument replay cannot use."""
        unknown = sorted(k for k in spargs if k not in cls.ARGUMENTS and not k.startswith("_"))  # _job: scrapyd
        if unknown:
            raise UsageError(f"replay: unknown option -a {unknown[0]} (known: {', '.join(cls.ARGUMENTS)})")
        path = spargs.get("path")
        if not path:
            raise UsageError("replay needs -a path=FILE_OR_DIRECTORY")
        check_replay_path(path)
        site = spargs.get("site")
        if site and site not in SITES:
            raise UsageError(f"replay: unknown site {site!r} (see 'scrapy list')")
        url = spargs.get("url")
        if url is not None:
            if not url.startswith(("http://", "https://")):
                raise UsageError(f"replay: -a url={url}: not an http(s) URL")
            if os.path.isdir(path):
                raise UsageError("replay: -a url= names one page; use it with a single file, not a directory")
        try:
            day_range(spargs.get("since"), spargs.get("until"))
        except ValueError as exc:
            raise UsageError(f"replay: -a since/until: {exc}") from None
        check_rejects_path(rejects_path(settings, spargs))
        workers = spargs.get("workers", "1")
        if not str(workers).isdigit() or int(workers) < 1:
            raise UsageError(f"replay: -a workers={workers}: not a whole number of at least 1")

    @classmethod
    def update_settings(cls, settings) -> None:
        """Replay downloads nothing (items come straight from ``start()``), so
        Scrapy's download handlers, downloader middlewares and spider
        middlewares are not built: they only cost start-up time (TLS context
        factory, cookie jar with tldextract …) or, for spider middlewares, an
        extra async generator around every item.  The project's own
        downloader middlewares (request safety, Retry-After, walls, meta
        refresh, WARC capture) are left out too: walls are checked on every
        saved page by :func:`newsbot.extract.replay.extract_saved`.  Components
        named with ``-s`` (``DOWNLOAD_HANDLERS``, ``DOWNLOADER_MIDDLEWARES``,
        ``SPIDER_MIDDLEWARES``) still load."""
        super().update_settings(settings)
        settings.set("DOWNLOAD_HANDLERS_BASE", {}, priority="spider")
        settings.set("DOWNLOADER_MIDDLEWARES_BASE", {}, priority="spider")
        settings.set("DOWNLOADER_MIDDLEWARES", {}, priority="spider")  # -s (cmdline priority) still wins
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
                 since: str | None = None, until: str | None = None, rejects: str | None = None,
                 domains: str | None = None, any_site: str | None = None, workers: str | int = 1,
                 **kwargs: Any):
        super().__init__(**kwargs)
        self.shard_kwargs = {"path": path, "site": site, "url": url, "since": since, "until": until,
                             "rejects": rejects, "domains": domains, "any_site": any_site}
        self.wanted = domain_filter(domains, any_site not in (None, "", "0", "false", "False"))
        self.workers, self.part = int(workers), None
        if not path:
            raise UsageError("replay needs -a path=FILE_OR_DIRECTORY")
        self.path, self.site, self.page_url, self.rejects = path, site, url, rejects
        self.day_range = day_range(since, until)
        self.stats_buffer: StatsBuffer | None = None
        self.total = self.rejected = 0
        self._close_watch = None

    def open_source(self) -> Iterable[SavedPage | Refusal]:
        """The saved pages to replay: a :class:`FileTreeSource` of ``path``.

        Another source (WARC records, HTTP cache) is any iterable of
        ``SavedPage``/``Refusal`` with a ``total`` attribute (page count, or
        0 when unknown) and a ``skipped`` dict (reason → count)."""
        return ReplaySource(self.path, self.wanted, self.part)

    async def start(self):
        stats = self.stats_buffer = StatsBuffer(self.crawler.stats)
        self._close_watch = create_looping_call(self._recheck_closing)
        self._close_watch.start(0.25, now=False)
        source = self.open_source()
        self.total = getattr(source, "total", 0)
        for reason, count in getattr(source, "skipped", {}).items():
            self.crawler.stats.inc_value(f"newsbot/replay/skipped/{reason}", count)
        logger.info("replay: %d page files in %s", self.total, self.path)
        progress = Progress(self.total, self.crawler.settings.getfloat("NEWSBOT_PROGRESS_INTERVAL", 5.0))
        if self.workers > 1:
            pages = parallel_items(self, stats, progress)
        else:
            pages = (self.extract(page, stats, count=True) for page in source)
        try:
            for item in pages:
                progress.tick()
                if item is None:
                    continue
                if stats.pending >= STATS_FLUSH_EVERY:
                    stats.flush()
                yield item
        finally:
            for reason, count in (+getattr(source, "counts", {})).items():
                stats.inc_value(f"newsbot/replay/archive/{reason}", count)
            stats.flush()
            logger.info("replay: read %s", progress.line(progress.clock()))

    def extract(self, page: SavedPage | Refusal, stats, count: bool = False):
        if count:
            stats.inc_value("newsbot/replay/files")
        if isinstance(page, Refusal):
            self.reject(page.source, page.reason, page.message)
            return None
        try:
            item = extract_saved(page, site=page.site or self.site, url=self.page_url, stats=stats)
        except ReplayError as exc:
            if isinstance(exc, WallPage):  # counted newsbot/wall/<kind> as in a live crawl
                site = page.site or self.site or host_of(exc.url or page.url or "") or "replay"
                record_wall(self.crawler, site, exc.kind, exc.url or page.source, saved=True)
            elif exc.reason == "unknown_site" and page.local_path is None:  # an archive record: counted
                stats.inc_value("newsbot/replay/archive/unknown_site")
                return None
            self.reject(page.source, exc.reason, str(exc))
            return None
        except Exception as exc:  # a parser bug must not stop the run
            logger.exception("replay: %s: extraction failed", page.source)
            self.reject(page.source, "extraction_error", f"{type(exc).__name__}: {exc}")
            return None
        if self.day_range and item.published_at is not None:
            profile = SITES.get(item.site)
            tz = ZoneInfo(profile.timezone if profile else DEFAULT_TIMEZONE)
            if not self.day_range.contains(item.published_at, tz):
                stats.inc_value("newsbot/replay/skipped/out_of_range")
                return None
        return item

    def spider_closed(self) -> None:
        if self.stats_buffer is not None:
            self.stats_buffer.flush()  # when the run ends before start() does
        if self._close_watch is not None and self._close_watch.running:
            self._close_watch.stop()
        if self.total and self.rejected >= self.total:
            logger.error("replay: every one of the %d page files was rejected", self.total)
            request_exit(self.crawler.stats, EXIT_FAILED, "every_file_rejected")

    def item_dropped(self, item, response=None, exception=None, spider=None) -> None:
        """A replayed page the pipelines refused (no title, body or date) counts as
        rejected; one dropped as a repeat (duplicate, already in the output) does not."""
        if getattr(item, "source_path", None) and not is_duplicate_drop(exception):
            self.rejected += 1

    def _recheck_closing(self) -> None:
        """Let a graceful stop (SIGTERM, Ctrl-C) finish (runs every 0.25 s).

        Scrapy 2.19 waits, when a spider closes, until the items in the
        pipelines are done, but re-checks that only after a *response* is
        processed; replay has no responses, and an item from ``start()``
        still in flight when the close began left it waiting forever (a
        SIGTERM hung the run).  This re-runs Scrapy's check while closing.
        """
        scraper = getattr(getattr(self.crawler, "engine", None), "scraper", None)
        slot = getattr(scraper, "slot", None)
        if slot is not None and slot.closing is not None and not slot.closing.called and slot.is_idle():
            scraper._check_if_closing()

    def reject(self, source: str, reason: str, message: str) -> None:
        logger.warning("replay: rejected %s: %s", source, message)
        self.rejected += 1
        self.crawler.stats.inc_value(f"newsbot/replay/rejected/{reason}")
        record_reject(self.crawler, path=source, reason=reason, message=message)
