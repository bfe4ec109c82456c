"""Redis seen-store: one set per site, shared by every worker of a cluster.

Writes survive a Redis outage: an ``add`` that fails is kept in memory and
retried before the next ``add`` and at ``close``; what still cannot be
written at ``close`` is appended to a local spool file
(``NEWSBOT_SEEN_SPOOL``, default ``state/seen-spool.<worker>.jsonl``), which
the next run's store (any worker on this machine with the same spool
directory) writes to Redis first and then deletes.  Guarantee: an exported
article reaches the seen-store unless the worker dies before ``close``
while Redis is down; the JSON Lines writer's per-file check and the
cross-worker claim then still keep it from being written twice.
"""

from __future__ import annotations

import json
import logging
import os
from pathlib import Path
from typing import Iterable

from newsbot.state import SeenStore

logger = logging.getLogger(__name__)


class RedisSeenStore(SeenStore):
    """Keys in the Redis set ``<prefix>:seen:<site>`` (``NEWSBOT_REDIS_PREFIX``, default ``newsbot``)."""

    def __init__(self, server, prefix: str = "newsbot", spool: str | os.PathLike | None = None):
        self.server, self.prefix = server, prefix
        self.spool = Path(spool) if spool else None
        self.pending: list[tuple[str, list[str]]] = []
        self.load_spools()

    @classmethod
    def from_settings(cls, settings) -> "RedisSeenStore":
        from newsbot.distributed.connection import redis_from_settings

        worker = settings.get("NEWSBOT_WORKER_ID") or "local"
        spool = settings.get("NEWSBOT_SEEN_SPOOL") or f"state/seen-spool.{worker}.jsonl"
        return cls(redis_from_settings(settings), settings.get("NEWSBOT_REDIS_PREFIX", "newsbot"), spool)

    def _key(self, site: str) -> str:
        return f"{self.prefix}:seen:{site}"

    def known(self, site: str, keys: Iterable[str]) -> set[str]:
        keys = list(dict.fromkeys(keys))
        if not keys:
            return set()
        from redis.exceptions import RedisError

        try:
            flags = self.server.smismember(self._key(site), keys)
        except RedisError as exc:  # fetch it: the claim and the writer still keep it from being written twice
            logger.warning("seen-store: Redis lookup failed (%s); treating %s as new", exc, keys[0])
            return set()
        return {key for key, flag in zip(keys, flags) if flag}

    def add(self, site: str, keys: Iterable[str], url: str | None) -> None:
        keys = list(keys)
        if keys:
            self.pending.append((site, keys))
        self.flush()

    def flush(self) -> bool:
        """Write pending additions; ``False`` (and they stay pending) while Redis fails."""
        from redis.exceptions import RedisError

        while self.pending:
            site, keys = self.pending[0]
            try:
                self.server.sadd(self._key(site), *keys)
            except RedisError as exc:
                if len(self.pending) == 1 or len(self.pending) % 100 == 0:
                    logger.warning("seen-store: Redis write failed (%s); %d article(s) pending, retried later",
                                   exc, len(self.pending))
                return False
            self.pending.pop(0)
        return True

    def load_spools(self) -> None:
        """Queue what earlier runs could not write (every spool file beside ours)."""
        if self.spool is None or not self.spool.parent.is_dir():
            return
        for path in sorted(self.spool.parent.glob("seen-spool.*.jsonl")):
            with open(path, encoding="utf-8") as handle:
                for line in handle:
                    try:
                        site, keys = json.loads(line)
                    except ValueError:
                        continue  # a line cut by a crash: its article is still found in the output files
                    self.pending.append((site, keys))
            path.unlink()
            logger.info("seen-store: %s queued for Redis", path)

    def count(self, site: str | None = None) -> int:
        if site is not None:
            return self.server.scard(self._key(site))
        return sum(self.server.scard(k) for k in self.server.scan_iter(f"{self.prefix}:seen:*"))

    def close(self) -> None:
        if not self.flush() and self.spool is not None:
            self.spool.parent.mkdir(parents=True, exist_ok=True)
            with open(self.spool, "a", encoding="utf-8") as handle:
                for site, keys in self.pending:
                    handle.write(json.dumps([site, keys], ensure_ascii=False) + "\n")
            logger.warning("seen-store: Redis unreachable at close; %d article(s) spooled to %s",
                           len(self.pending), self.spool)
            self.pending.clear()
        try:
            self.server.close()
        except Exception:  # closing a dead connection pool must not fail the run
            pass
