"""Distributed crawling on Redis with scrapy-redis (``-s NEWSBOT_MODE=redis``).

Switched on by one setting, for any site spider, no code change per site::

    scrapy crawl isna -s NEWSBOT_MODE=redis -s REDIS_URL=redis://127.0.0.1:6379/0

``RedisModeAddon`` (always listed in ``ADDONS``) then sets:

* scrapy-redis's scheduler and dupefilter, through ``NewsbotRedisScheduler``
  (a subclass that emits no deprecation warnings on Scrapy 2.19, keeps one
  fingerprint set per *run* and turns an unreachable Redis into one clear
  error), with the request queue persisted so a killed worker's queue is
  resumed by the others;
* ``SeedOnceMiddleware``: the start requests (feeds, sitemaps, listings,
  archive) of a run are seeded by the first worker only — a Redis
  ``SET NX`` on ``<prefix>:<spider>:seeded:<run>`` — so no worker relies on
  scrapy-redis's idle-polling ``RedisSpider`` start URLs;
* ``WorkerPresence``: workers keep a heartbeat and an idle worker waits
  while another one still has requests in flight (they may enqueue more),
  instead of closing early; a killed worker's heartbeat expires;
* the seen-store on Redis (``RedisSeenStore``), shared by every worker,
  and ``ArticleClaimPipeline``: an article is claimed atomically in Redis
  before it is written, so one article reached by two workers under two
  URLs is written once (``newsbot.distributed.claim``);
* JSON Lines per worker (``{site}/{date}.{worker}.jsonl``), or items pushed
  to the Redis list ``<spider>:items`` with ``NEWSBOT_REDIS_ITEMS=list``.

A *run* is named by ``NEWSBOT_RUN_ID`` (pass the same value to every worker
of one scheduled run, e.g. the timer's start minute); without it, workers
started within the same ``NEWSBOT_RUN_WINDOW`` seconds (600) share a run.

An unreachable Redis stops the command before crawling with one line on
stderr and exit status 2 (no traceback, no retry loop).

Limits: scrapy-redis pops a request without acknowledgement, so the
requests a killed worker held (at most ``NEWSBOT_REDIS_PREFETCH``, default
``CONCURRENT_REQUESTS_PER_DOMAIN``) are lost for that run; the next run
rediscovers them (the seen-store does not know them).  A worker stops by
itself, with exit status 1, when Redis has lost the run or stayed
unreachable for ``NEWSBOT_REDIS_LOST_TIMEOUT`` seconds (30); see
``newsbot.distributed.seed.WorkerPresence``.  Redis holds pickled requests:
it must be private (bind to localhost or a private network, require a
password); never point newsbot at a Redis that others can write to.
"""

from __future__ import annotations

import os
import socket
import sys

from scrapy.settings import SETTINGS_PRIORITIES

from newsbot.distributed.connection import RedisUnavailable, redis_from_settings

CMDLINE = SETTINGS_PRIORITIES["cmdline"]


class RedisModeAddon:
    """Turns ``NEWSBOT_MODE=redis`` into the scrapy-redis and newsbot settings."""

    def update_settings(self, settings) -> None:
        mode = (settings.get("NEWSBOT_MODE") or "local").lower()
        if mode == "local":
            return
        if mode != "redis":
            raise ValueError(f"NEWSBOT_MODE must be 'local' or 'redis', not {mode!r}")
        try:  # fail before the crawl starts, with one line and exit status 2
            redis_from_settings(settings).close()
        except RedisUnavailable as exc:
            print(exc, file=sys.stderr)
            raise SystemExit(2) from None

        def put(name, value):
            # Above the project's settings.py, below what the user gave with -s.
            if settings.getpriority(name) is None or settings.getpriority(name) < CMDLINE:
                settings.set(name, value, priority="spider")

        put("NEWSBOT_WORKER_ID", f"{socket.gethostname()}-{os.getpid()}")
        put("SCHEDULER", "newsbot.distributed.scheduler.NewsbotRedisScheduler")
        put("DUPEFILTER_CLASS", "scrapy_redis.dupefilter.RFPDupeFilter")
        put("SCHEDULER_PERSIST", True)
        put("NEWSBOT_SEEN_STORE", "newsbot.state.redis.RedisSeenStore")
        template = settings.get("NEWSBOT_OUTPUT_TEMPLATE") or "{site}/{date}.jsonl"
        if "{worker}" not in template:
            put("NEWSBOT_OUTPUT_TEMPLATE", template.replace(".jsonl", ".{worker}.jsonl"))
        spider_mw = dict(settings.getdict("SPIDER_MIDDLEWARES"))
        spider_mw["newsbot.distributed.seed.SeedOnceMiddleware"] = 10
        settings.set("SPIDER_MIDDLEWARES", spider_mw, priority="spider")
        extensions = dict(settings.getdict("EXTENSIONS"))
        extensions["newsbot.distributed.seed.WorkerPresence"] = 520
        settings.set("EXTENSIONS", extensions, priority="spider")
        pipelines = dict(settings.getdict("ITEM_PIPELINES"))
        pipelines["newsbot.distributed.claim.ArticleClaimPipeline"] = 750
        if (settings.get("NEWSBOT_REDIS_ITEMS") or "jsonl") == "list":
            pipelines.pop("newsbot.pipelines.jsonl.JsonLinesPipeline", None)
            pipelines["newsbot.distributed.items.RedisListPipeline"] = 800
        settings.set("ITEM_PIPELINES", pipelines, priority="spider")
