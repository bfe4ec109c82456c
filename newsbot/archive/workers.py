"""``scrapy crawl replay -a workers=N``: extraction spread over N processes.

Shard ``i`` of ``N`` (``part = (i, N)``) takes the saved-page files and HTTP
cache entries whose position in the sorted walk is ``i`` modulo ``N``, and
the response records whose index within each WARC file is ``i`` modulo
``N`` — so one large WARC is split by record ranges too, and the shards
are disjoint and cover everything a one-process run reads.

Each shard runs the replay spider's own reading and extraction loop
(``ReplaySpider.start`` with ``part`` set) in a child process started with
the ``spawn`` method (no fork of the Twisted reactor); its articles come
back over a bounded queue in batches and go through the parent's one set of
pipelines, so normalization, validation, dedupe and the JSON Lines writer
see every article once, exactly as in a one-process run.  Rejects are
appended to the rejects file by the shard that found them; the shards'
stats are added to the run's stats at the end.  A shard that dies without
finishing is logged and marks the run failed (exit status 1).
"""

from __future__ import annotations

import asyncio
import logging
import multiprocessing
import os
import queue as queue_module
from collections import Counter
from typing import Any, Iterator

logger = logging.getLogger(__name__)
#: Articles sent from a shard to the parent per queue message.
BATCH = 64
#: Queue messages waiting at most (bounds the memory of a slow parent).
QUEUE_SIZE = 32


class _LocalStats:
    """The part of Scrapy's stats collector the replay loop uses, counted locally."""

    def __init__(self):
        self.counts: Counter[str] = Counter()

    def inc_value(self, key: str, count: int = 1, start: int = 0) -> None:
        self.counts[key] += count


class _ShardCrawler:
    def __init__(self):
        self.stats = _LocalStats()


def _send(out, message, parent: int) -> None:
    """Put *message* on the bounded queue; exit if the parent is gone (killed: nobody reads)."""
    while True:
        try:
            out.put(message, timeout=5)
            return
        except queue_module.Full:
            if os.getppid() != parent:
                os._exit(1)


def run_shard(spider_kwargs: dict[str, Any], part: tuple[int, int], out) -> None:
    """Child process body: replay shard *part* and send ``("items", [...])`` then ``("done", stats)``."""
    from newsbot.spiders.replay import ReplaySpider

    parent = os.getppid()

    spider = ReplaySpider(**spider_kwargs)
    spider.part = part
    crawler = _ShardCrawler()
    spider.crawler = crawler

    async def drain():
        batch = []
        async for item in spider.start():
            batch.append(item)
            if len(batch) >= BATCH:
                _send(out, ("items", batch), parent)
                batch = []
        if batch:
            _send(out, ("items", batch), parent)

    asyncio.run(drain())
    _send(out, ("done", dict(crawler.stats.counts)), parent)


def parallel_items(spider_kwargs: dict[str, Any], workers: int, stats) -> Iterator[Any]:
    """Articles of all *workers* shards, as they arrive; shard stats added to *stats*.

    Returns (via ``StopIteration.value``) the number of shards that failed.
    """
    context = multiprocessing.get_context("spawn")
    out = context.Queue(QUEUE_SIZE)
    processes = [context.Process(target=run_shard, args=(spider_kwargs, (i, workers), out),
                                 name=f"newsbot-replay-{i}", daemon=True) for i in range(workers)]
    for process in processes:
        process.start()
    done = 0
    try:
        while done < workers:
            try:
                kind, payload = out.get(timeout=1.0)
            except queue_module.Empty:
                dead = [p for p in processes if not p.is_alive() and p.exitcode != 0]
                if dead and out.empty():
                    break
                if all(not p.is_alive() for p in processes) and out.empty():
                    break
                continue
            if kind == "items":
                yield from payload
            else:
                done += 1
                for key, value in payload.items():
                    stats.inc_value(key, value)
    finally:
        for process in processes:
            process.join(timeout=30)
            if process.is_alive():
                process.terminate()
                process.join()
    failed = workers - done
    if failed:
        logger.error("replay: %d of %d worker process(es) died before finishing (exit codes %s)",
                     failed, workers, [p.exitcode for p in processes])
    return failed
