"""CoverageMonitor: record per-site coverage at the end of a run and flag drift.

Settings:

``NEWSBOT_MONITOR``
    ``True``/``False``; unset means on for live crawls and off for the
    ``replay`` spider (replays of different page sets are not a time series).
``NEWSBOT_COVERAGE_PATH``
    SQLite file of the history (default: the seen-store's ``NEWSBOT_SEEN_PATH``);
    Redis in distributed mode (see :mod:`newsbot.monitor.history`).
``NEWSBOT_DRIFT_RUNS`` / ``NEWSBOT_DRIFT_MIN_RUNS`` / ``NEWSBOT_DRIFT_MIN_ITEMS`` / ``NEWSBOT_DRIFT_FILL_DROP``
    baseline size, runs needed before anything is flagged, items a run needs
    to count, fill-rate fall that is flagged (see :mod:`newsbot.monitor.drift`).
``NEWSBOT_FAIL_ON_DRIFT``
    ``True``: a flagged drift makes ``scrapy crawl`` exit 1 (``request_exit``).

Each flag is logged at ERROR, counted as ``newsbot/drift/<site>/<field>/<kind>``
(``newsbot/drift/<site>/<kind>`` for run-wide kinds) = 1 (the run summary lists them) and stored in the row
(``drifts``).  ``newsbot/monitor/drifts`` is the number of flags.
"""

from __future__ import annotations

import logging
import os
import re
from datetime import datetime, timezone

from scrapy import signals
from scrapy.exceptions import NotConfigured

from newsbot.exitcodes import EXIT_FAILED, request_exit
from newsbot.monitor.coverage import SiteCoverage, build_row, parser_selectors, stats_with_prefix
from newsbot.monitor.drift import DriftPolicy, find_drifts
from newsbot.monitor.history import history_from_settings

logger = logging.getLogger(__name__)
DROP_PREFIX = "newsbot/dropped/"
WALL_PREFIX = "newsbot/wall/"


def _slug(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


class CoverageMonitor:
    """Extension (built with ``from_crawler``); see the module docstring."""

    def __init__(self, crawler, policy: DriftPolicy, fail_on_drift: bool):
        self.crawler, self.stats = crawler, crawler.stats
        self.policy, self.fail_on_drift = policy, fail_on_drift
        self.sites: dict[str, SiteCoverage] = {}
        self.drop_counts: dict[str, int] = {}
        self.started_at = datetime.now(timezone.utc)

    @classmethod
    def from_crawler(cls, crawler):
        settings = crawler.settings
        enabled = settings.get("NEWSBOT_MONITOR")
        if enabled is None or enabled == "":
            enabled = crawler.spidercls.name != "replay"
        elif not settings.getbool("NEWSBOT_MONITOR"):
            enabled = False
        if not enabled:
            raise NotConfigured
        policy = DriftPolicy(
            runs=settings.getint("NEWSBOT_DRIFT_RUNS", 10), min_runs=settings.getint("NEWSBOT_DRIFT_MIN_RUNS", 3),
            min_items=settings.getint("NEWSBOT_DRIFT_MIN_ITEMS", 5),
            fill_drop=settings.getfloat("NEWSBOT_DRIFT_FILL_DROP", 0.25))
        monitor = cls(crawler, policy, settings.getbool("NEWSBOT_FAIL_ON_DRIFT"))
        crawler.signals.connect(monitor.item_scraped, signal=signals.item_scraped)
        crawler.signals.connect(monitor.item_dropped, signal=signals.item_dropped)
        crawler.signals.connect(monitor.spider_closed, signal=signals.spider_closed)
        return monitor

    def site(self, item) -> SiteCoverage:
        name = (item.get("site") if isinstance(item, dict) else getattr(item, "site", None)) or "unknown"
        coverage = self.sites.get(name)
        if coverage is None:
            coverage = self.sites[name] = SiteCoverage(name)
        return coverage

    def item_scraped(self, item, response=None, spider=None):
        coverage = self.site(item)
        coverage.observe(item)
        coverage.written_item(item)

    def item_dropped(self, item, response=None, exception=None, spider=None):
        coverage = self.site(item)
        coverage.observe(item)
        # the pipeline that dropped the item counted newsbot/dropped/<reason> just before
        changed = []
        for reason, value in stats_with_prefix(self.stats.get_stats(), DROP_PREFIX).items():
            if value != self.drop_counts.get(reason, 0):
                changed.append(reason)
                self.drop_counts[reason] = value
        for reason in changed or [_slug(type(exception).__name__) if exception else "unknown"]:
            coverage.dropped[reason] += 1

    def rows(self, spider, reason: str) -> list[dict]:
        stats = self.stats.get_stats()
        profile = getattr(spider, "profile", None)
        if profile is not None and profile.name not in self.sites:
            self.sites[profile.name] = SiteCoverage(profile.name)  # zero items is news too
        single = len(self.sites) == 1
        finished = datetime.now(timezone.utc)
        run_id = f"{spider.name}-{finished:%Y%m%dT%H%M%S%fZ}-{self.crawler.settings.get('NEWSBOT_WORKER_ID') or os.getpid()}"
        walls = stats_with_prefix(stats, WALL_PREFIX)
        rows = []
        for name, coverage in sorted(self.sites.items()):
            allowed = None if single else _site_selectors(name)
            rows.append(build_row(
                coverage, run_id=run_id, spider=spider.name, started_at=self.started_at.isoformat(),
                finished_at=finished.isoformat(), finish_reason=reason,
                walls=walls if single else {}, selectors=parser_selectors(stats, allowed) if (
                    single or allowed) else {},
                selectors_exact=single, links_known=stats.get("newsbot/seen/skipped", 0) if single else None))
        return rows

    def spider_closed(self, spider, reason):
        rows = self.rows(spider, reason)
        if not rows:  # no site involved (scrapy fetch/shell): nothing to record
            return
        try:
            history = history_from_settings(self.crawler.settings)
        except Exception as exc:  # an unreachable store must not turn a good run into a crash
            logger.error("monitor: coverage history unavailable: %s", exc)
            self.stats.inc_value("newsbot/monitor/store_errors")
            return
        flags = 0
        try:
            for row in rows:
                earlier = history.recent(row["spider"], row["site"], limit=max(50, self.policy.runs * 3))
                drifts = find_drifts(row, earlier, self.policy)
                row["drifts"] = [d.as_dict() for d in drifts]
                history.add(row)
                self.stats.inc_value("newsbot/monitor/rows")
                for drift in drifts:
                    flags += 1
                    logger.error("drift: %s", drift.message)
                    where = f"{drift.site}/{drift.field}" if drift.field else drift.site
                    self.stats.set_value(f"newsbot/drift/{where}/{drift.kind}", 1)
        finally:
            history.close()
        self.stats.set_value("newsbot/monitor/drifts", flags)
        if flags and self.fail_on_drift:
            request_exit(self.stats, EXIT_FAILED, "drift")


def _site_selectors(site: str) -> dict[str, set[str]] | None:
    """The selectors of *site*'s profile by field (``body`` included), or None for an unknown site."""
    from newsbot.extract.spec import SELECTOR_FIELDS
    from newsbot.sites import SITES

    profile = SITES.get(site)
    if profile is None:
        return None
    allowed = {name: set(profile.selectors_for(name)) for name in SELECTOR_FIELDS}
    allowed["body"] = set(profile.body_selectors) | {"heuristic"}
    return allowed
