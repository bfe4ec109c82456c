"""``scrapy crawl replay -a workers=N``: extraction spread over N processes.

Shard ``i`` of ``N`` (``part = (i, N)``) takes the saved-page files and HTTP
cache entries whose position in the sorted walk is ``i`` modulo ``N``, and
the response records whose index within each WARC file is ``i`` modulo
``N`` — so one large WARC is split by record ranges too, and the shards
are disjoint and cover everything a one-process run reads.

Each shard runs the replay spider's own source and ``extract`` (with
``part`` set) in a child process started with the ``spawn`` method (no fork
of the Twisted reactor); its articles and rejects come back over a bounded
queue in batches; the articles go through the parent's one set of
pipelines, so normalization, validation, dedupe and the JSON Lines writer
see every article once, exactly as in a one-process run, and the rejects go
to the parent's rejects file and counts.  The shards' stats are added to the
run's stats at the end.  A shard that dies without
finishing is logged and marks the run failed (exit status 1).
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import queue as queue_module
from collections import Counter
from typing import Any, Iterator

from newsbot.exitcodes import EXIT_FAILED, request_exit
from newsbot.rejects import record_reject

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


class _ShardSignals:
    """Collects the rejects a shard records through ``newsbot.rejects.record_reject`` (a signal)."""

    def __init__(self):
        self.recorded: list[dict] = []

    def send_catch_log(self, signal, **kwargs):
        self.recorded.append(kwargs)
        return []


class _ShardCrawler:
    def __init__(self):
        self.stats = _LocalStats()
        self.signals = _ShardSignals()


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
    """Child process body: replay shard *part*; sends ``("items", [...], [rejects])`` then ``("done", stats)``."""
    from newsbot.spiders.replay import ReplaySpider

    parent = os.getppid()
    spider = ReplaySpider(**spider_kwargs)
    spider.part = part
    crawler = spider.crawler = _ShardCrawler()
    rejects: list[tuple[str, str, str]] = []
    spider.reject = lambda source, reason, message: rejects.append((source, reason, message))
    source = spider.open_source()
    batch: list = []
    for page in source:
        item = spider.extract(page, crawler.stats, count=True)
        if item is not None:
            batch.append(item)
        recorded = crawler.signals.recorded
        if len(batch) >= BATCH or len(rejects) + len(recorded) >= BATCH:
            _send(out, ("items", batch, (rejects, recorded)), parent)
            batch, rejects, crawler.signals.recorded = [], [], []
    if batch or rejects or crawler.signals.recorded:
        _send(out, ("items", batch, (rejects, crawler.signals.recorded)), parent)
    for reason, count in source.counts.items():
        crawler.stats.inc_value(f"newsbot/replay/archive/{reason}", count)
    _send(out, ("done", dict(crawler.stats.counts), None), parent)


def parallel_items(spider, stats, progress=None) -> Iterator[Any]:
    """Articles of ``spider.workers`` shards as they arrive; their stats go to *stats*, their
    rejects to ``spider.reject``.  A shard that dies before finishing marks the run failed."""
    workers = spider.workers
    context = multiprocessing.get_context("spawn")
    out = context.Queue(QUEUE_SIZE)
    processes = [context.Process(target=run_shard, args=(spider.shard_kwargs, (i, workers), out),
                                 name=f"newsbot-replay-{i}", daemon=True) for i in range(workers)]
    for process in processes:
        process.start()
    done = 0
    try:
        while done < workers:
            try:
                kind, payload, rejects = out.get(timeout=1.0)
            except queue_module.Empty:
                if all(not p.is_alive() for p in processes) or any(p.exitcode for p in processes):
                    if out.empty():
                        break
                continue
            if kind == "done":
                done += 1
                for key, value in payload.items():
                    stats.inc_value(key, value)
                continue
            rejected, recorded = rejects
            for source, reason, message in rejected:
                spider.reject(source, reason, message)
            for kwargs in recorded:  # a wall page: rejected without spider.reject
                spider.rejected += 1
                record_reject(spider.crawler, **kwargs)
            yield from payload
    finally:
        for process in processes:
            process.join(timeout=30)
            if process.is_alive():
                process.terminate()
                process.join()
    if done < workers:
        logger.error("replay: %d of %d worker process(es) died before finishing (exit codes %s)",
                     workers - done, workers, [p.exitcode for p in processes])
        request_exit(spider.crawler.stats, EXIT_FAILED, "replay_worker_died")
