"""Run and worker bookkeeping in Redis for one spider's distributed crawl.

Keys (``p`` = ``NEWSBOT_REDIS_PREFIX``, ``s`` = spider name):

* ``p:s:run`` — the current run id, created by the first worker
  (``SET NX``) unless ``NEWSBOT_RUN_ID`` names it; every live worker's
  heartbeat extends its life, so it expires ``NEWSBOT_RUN_TTL`` seconds
  after the last worker stopped and the next scheduled run starts afresh;
* ``p:s:<run>:seeded`` — set by the one worker that seeds the start requests;
* ``p:s:<run>:active`` — when any worker last received a response;
* ``p:s:<run>:worker:<id>`` — ``busy``/``idle``, expiring heartbeat of a worker.
"""

from __future__ import annotations

import time
import uuid
import weakref

from newsbot.distributed.connection import redis_from_settings

_COORDINATORS: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()


class RunCoordinator:
    def __init__(self, server, prefix: str, spider: str, worker: str, *, run_ttl: int = 60,
                 heartbeat_ttl: int = 15, explicit_run: str | None = None):
        self.server, self.worker = server, worker
        self.base = f"{prefix}:{spider}"
        self.run_ttl, self.heartbeat_ttl = run_ttl, heartbeat_ttl
        self.state: bool | None = None  # last published busy/idle state
        self.joined = False  # set once the run is seeded (by this worker or another)
        self.last_beat = 0.0
        if explicit_run:
            self.server.set(f"{self.base}:run", explicit_run, ex=run_ttl)
            self.run = explicit_run
        else:
            fresh = uuid.uuid4().hex[:12]
            self.server.set(f"{self.base}:run", fresh, nx=True, ex=run_ttl)
            self.run = (self.server.get(f"{self.base}:run") or fresh.encode()).decode()

    @property
    def run_base(self) -> str:
        return f"{self.base}:{self.run}"

    @property
    def heartbeat_key(self) -> str:
        """This worker's heartbeat key; it exists while the worker is alive."""
        return f"{self.run_base}:worker:{self.worker}"

    def run_lost(self) -> bool:
        """True when Redis no longer knows this run (restarted empty, flushed, evicted)
        or has moved on to another run id: the shared queue and fingerprints are gone."""
        current = self.server.get(f"{self.base}:run")
        return current is None or current.decode() != self.run or not self.seeded()

    def claim_seeding(self) -> bool:
        """True for exactly one worker of the run: the one that seeds start requests.

        Either way the run is seeded afterwards, so from then on a missing
        ``seeded`` key means Redis lost the run (see :meth:`run_lost`).
        """
        claimed = bool(self.server.set(f"{self.run_base}:seeded", self.worker, nx=True, ex=7 * 86400))
        self.joined = True
        return claimed

    def touch(self) -> None:
        """Record that the run made progress now (any worker)."""
        self.server.set(f"{self.run_base}:active", repr(time.time()), ex=self.run_ttl)

    def quiet_for(self) -> float:
        """Seconds since any worker of the run last made progress."""
        value = self.server.get(f"{self.run_base}:active")
        return time.time() - float(value) if value else float("inf")

    def seeded(self) -> bool:
        return bool(self.server.exists(f"{self.run_base}:seeded"))

    def heartbeat(self, busy: bool) -> None:
        pipe = self.server.pipeline()
        pipe.expire(f"{self.base}:run", self.run_ttl)
        pipe.set(self.heartbeat_key, "busy" if busy else "idle", ex=self.heartbeat_ttl)
        pipe.execute()

    def mark(self, busy: bool, every: float = 2.0) -> None:
        """Publish this worker's state at once when it changed, else at most every *every* s."""
        now = time.monotonic()
        if busy != self.state or now - self.last_beat >= every:
            self.heartbeat(busy)
            self.state, self.last_beat = busy, now

    def others_busy(self) -> bool:
        mine = self.heartbeat_key.encode()
        for key in self.server.scan_iter(f"{self.run_base}:worker:*"):
            if key != mine and self.server.get(key) == b"busy":
                return True
        return False

    def leave(self) -> None:
        self.server.delete(self.heartbeat_key)


def coordinator_for(crawler) -> RunCoordinator:
    """The crawler's coordinator (created, and the run joined, on first use)."""
    coordinator = _COORDINATORS.get(crawler)
    if coordinator is None:
        settings = crawler.settings
        coordinator = _COORDINATORS[crawler] = RunCoordinator(
            redis_from_settings(settings), settings.get("NEWSBOT_REDIS_PREFIX", "newsbot"),
            crawler.spidercls.name, settings.get("NEWSBOT_WORKER_ID") or uuid.uuid4().hex[:8],
            run_ttl=settings.getint("NEWSBOT_RUN_TTL", 60),
            explicit_run=settings.get("NEWSBOT_RUN_ID"),
        )
    return coordinator
