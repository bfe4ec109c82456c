"""Where coverage rows are kept: one row per site per run.

* local mode: table ``coverage`` in the state database, by default the
  seen-store's SQLite file (``NEWSBOT_SEEN_PATH``; override with
  ``NEWSBOT_COVERAGE_PATH``).  Columns ``run_id``, ``spider``, ``site``,
  ``finished_at`` (ISO 8601 UTC) and ``row`` (the whole row as JSON).
* distributed mode (``NEWSBOT_MODE=redis``): Redis list
  ``<NEWSBOT_REDIS_PREFIX>:coverage:<spider>:<site>`` of JSON rows, oldest
  first, and the set ``<prefix>:coverage:keys`` of ``<spider>\\t<site>``.
  Each worker process writes its own row (its share of the run).
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

SCHEMA = """
CREATE TABLE IF NOT EXISTS coverage (
    run_id TEXT NOT NULL,
    spider TEXT NOT NULL,
    site TEXT NOT NULL,
    finished_at TEXT NOT NULL,
    row TEXT NOT NULL,
    PRIMARY KEY (run_id, site)
);
CREATE INDEX IF NOT EXISTS coverage_by_site ON coverage (spider, site, finished_at);
"""


class SqliteHistory:
    """Coverage rows in a SQLite file (WAL mode, shared with the seen-store)."""

    def __init__(self, path: str | Path):
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.db = sqlite3.connect(self.path, timeout=30, isolation_level=None)
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.executescript(SCHEMA)

    def add(self, row: dict) -> None:
        self.db.execute("INSERT OR REPLACE INTO coverage VALUES (?, ?, ?, ?, ?)",
                        (row["run_id"], row["spider"], row["site"], row["finished_at"],
                         json.dumps(row, ensure_ascii=False, sort_keys=True)))

    def recent(self, spider: str, site: str, limit: int = 50) -> list[dict]:
        """The last *limit* rows of *spider* and *site*, oldest first."""
        cursor = self.db.execute(
            "SELECT row FROM coverage WHERE spider=? AND site=? ORDER BY finished_at DESC, rowid DESC LIMIT ?",
            (spider, site, limit))
        return [json.loads(text) for (text,) in reversed(cursor.fetchall())]

    def keys(self) -> list[tuple[str, str]]:
        """Every ``(spider, site)`` with at least one row."""
        return [tuple(k) for k in self.db.execute("SELECT DISTINCT spider, site FROM coverage ORDER BY 1, 2")]

    def close(self) -> None:
        self.db.close()


class RedisHistory:
    """Coverage rows in Redis lists (one per spider and site)."""

    def __init__(self, server, prefix: str = "newsbot"):
        self.server, self.prefix = server, prefix

    def _key(self, spider: str, site: str) -> str:
        return f"{self.prefix}:coverage:{spider}:{site}"

    def add(self, row: dict) -> None:
        self.server.rpush(self._key(row["spider"], row["site"]),
                          json.dumps(row, ensure_ascii=False, sort_keys=True))
        self.server.sadd(f"{self.prefix}:coverage:keys", f"{row['spider']}\t{row['site']}")

    def recent(self, spider: str, site: str, limit: int = 50) -> list[dict]:
        return [json.loads(text) for text in self.server.lrange(self._key(spider, site), -limit, -1)]

    def keys(self) -> list[tuple[str, str]]:
        members = self.server.smembers(f"{self.prefix}:coverage:keys")
        return sorted(tuple((m.decode() if isinstance(m, bytes) else m).split("\t", 1)) for m in members)

    def close(self) -> None:
        self.server.close()


def history_from_settings(settings) -> SqliteHistory | RedisHistory:
    """The history store for these settings (anything with ``get``)."""
    if (settings.get("NEWSBOT_MODE") or "local") == "redis":
        from newsbot.distributed.connection import redis_from_settings

        return RedisHistory(redis_from_settings(settings), settings.get("NEWSBOT_REDIS_PREFIX") or "newsbot")
    path = settings.get("NEWSBOT_COVERAGE_PATH") or settings.get("NEWSBOT_SEEN_PATH") or "state/seen.sqlite3"
    return SqliteHistory(path)
