"""CrawlSummary: the run's exit status and a short account of it when the spider closes.

Exit status (:mod:`newsbot.exitcodes`; the highest code asked for wins),
decided here from the stats, on top of what components asked for during
the run (write failures, unusable state …) — see :func:`exit_requests`.

Prints to stderr: items written per output file, new / updated / unchanged
articles, dropped items by reason, new vs known article links, rejected
replay files, logged errors and the exit status.  With
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

from newsbot.exitcodes import EXIT_FAILED, STAT_EXIT_CODE, STAT_EXIT_REASON, request_exit

#: Finish reasons of a run that did what it was asked (Scrapy's own
#: ``CLOSESPIDER_ITEMCOUNT``/``PAGECOUNT`` limits are asked for by the user).
FINISHED = frozenset({"finished", "closespider_itemcount", "closespider_pagecount",
                      "closespider_pagecount_no_item"})


def exit_requests(reason: str, stats: dict, max_error_ratio: float = 0.1) -> list[tuple[int, str]]:
    """``(code, reason slug)`` pairs the finished run's stats call for.

    * stopped before finishing (SIGTERM/Ctrl-C → ``shutdown``,
      ``CLOSESPIDER_TIMEOUT``, ``CLOSESPIDER_ERRORCOUNT`` …) → 1 ``stopped_<reason>``;
    * nothing exported although pages failed (every page failed: errors
      logged, items dropped, replay files rejected, archives unreadable,
      pages behind a wall (``newsbot/wall/<kind>``), or HTTP errors with no
      page answering 200; none scraped) → 1 ``nothing_exported``;
    * errors logged above *max_error_ratio* of the pages handled (responses
      received + replayed files; at least 1) → 1 ``errors_above_threshold``.
    """
    requests = []
    if reason not in FINISHED:
        requests.append((EXIT_FAILED, f"stopped_{reason}"))
    errors = stats.get("log_count/ERROR", 0)
    rejected = sum(v for k, v in stats.items() if k.startswith("newsbot/replay/rejected/"))
    walled = sum(v for k, v in stats.items() if k.startswith("newsbot/wall/"))
    unreadable = stats.get("newsbot/replay/archive/truncated", 0) + stats.get("newsbot/replay/archive/unreadable", 0)
    # HTTP errors (404, refused connections) count only when no page answered 200 at all:
    # an incremental run whose optional feed is missing has still done its job
    http_failed = 0 if stats.get("downloader/response_status_count/200") else (
        stats.get("httperror/response_ignored_count", 0) + stats.get("downloader/exception_count", 0))
    failed = errors + rejected + walled + unreadable + http_failed + stats.get("item_dropped_count", 0)
    if failed and not stats.get("item_scraped_count", 0):
        requests.append((EXIT_FAILED, "nothing_exported"))
    pages = stats.get("response_received_count", 0) + stats.get("newsbot/replay/files", 0)
    if errors > max_error_ratio * max(pages, 1):
        requests.append((EXIT_FAILED, "errors_above_threshold"))
    return requests


def summary_lines(spider_name: str, reason: str, stats: dict) -> list[str]:
    lines = [f"newsbot summary: spider {spider_name} finished ({reason})",
             f"  written: {stats.get('newsbot/jsonl/written', 0)} "
             f"(scraped {stats.get('item_scraped_count', 0)})"]
    directory = stats.get("newsbot/jsonl/directory", "")
    prefix = "newsbot/jsonl/file/"
    for key in sorted(k for k in stats if k.startswith(prefix)):
        lines.append(f"  {stats[key]:>6}  {directory}/{key[len(prefix):]}")
    if any(k in stats for k in ("newsbot/jsonl/new", "newsbot/jsonl/updated", "newsbot/jsonl/unchanged")):
        lines.append(f"  articles: new {stats.get('newsbot/jsonl/new', 0)}, "
                     f"updated {stats.get('newsbot/jsonl/updated', 0)}, "
                     f"unchanged {stats.get('newsbot/jsonl/unchanged', 0)}")
    if stats.get("newsbot/jsonl/write_failed"):
        lines.append(f"  NOT WRITTEN (write failed, fetched again next run): {stats['newsbot/jsonl/write_failed']}")
    if "newsbot/seen/new" in stats or "newsbot/seen/skipped" in stats:
        lines.append(f"  article links: new {stats.get('newsbot/seen/new', 0)}, "
                     f"known and skipped {stats.get('newsbot/seen/skipped', 0)}")
    for prefix, title in (("newsbot/dropped/", "dropped"), ("newsbot/replay/rejected/", "rejected"),
                          ("newsbot/replay/skipped/", "skipped"), ("newsbot/discovery/", "discovery error"),
                          ("newsbot/drift/", "DRIFT")):
        for key in sorted(k for k in stats if k.startswith(prefix)):
            lines.append(f"  {title} {key[len(prefix):]}: {stats[key]}")
    walled = sum(v for k, v in stats.items() if k.startswith("newsbot/wall/"))
    if walled:
        lines.append(f"  {walled} pages behind a wall (see README, 'Walls')")
    errors = stats.get("log_count/ERROR", 0)
    if errors:
        lines.append(f"  errors logged: {errors}")
    code = stats.get(STAT_EXIT_CODE, 0)
    reasons = sorted(k[len(STAT_EXIT_REASON):] for k, v in stats.items()
                     if k.startswith(STAT_EXIT_REASON) and v == code)
    lines.append(f"  exit status: {code}" + (f" ({', '.join(reasons)})" if reasons else ""))
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
        settings = self.crawler.settings
        ratio = settings.getfloat("NEWSBOT_MAX_ERROR_RATIO", 0.1)
        for code, slug in exit_requests(reason, self.crawler.stats.get_stats(), ratio):
            request_exit(self.crawler.stats, code, slug)
        stats = self.crawler.stats.get_stats()
        if settings.getbool("NEWSBOT_SUMMARY", True):
            print("\n".join(summary_lines(spider.name, reason, stats)), file=sys.stderr)
        directory = settings.get("NEWSBOT_STATS_DIR")
        if directory:
            stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%SZ")
            path = Path(directory) / f"{spider.name}-{stamp}.json"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(json.dumps(dict(stats, finish_reason=reason), default=str,
                                       ensure_ascii=False, indent=1), encoding="utf-8")
