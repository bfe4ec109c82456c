"""SQLite seen-store: one file, safe for one crawl process per site at a time."""

from __future__ import annotations

import sqlite3
from datetime import datetime, timezone
from pathlib import Path
from typing import Iterable

from newsbot.state import SeenStore

SCHEMA = """
CREATE TABLE IF NOT EXISTS seen (
    site TEXT NOT NULL,
    key TEXT NOT NULL,
    url TEXT,
    exported_at TEXT NOT NULL,
    PRIMARY KEY (site, key)
) WITHOUT ROWID
"""


class SqliteSeenStore(SeenStore):
    """Keys in a WAL-mode SQLite file; each ``add`` is committed at once."""

    def __init__(self, path: str | Path):
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.db = sqlite3.connect(self.path, timeout=30, isolation_level=None)
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA synchronous=NORMAL")
        self.db.execute(SCHEMA)

    @classmethod
    def from_settings(cls, settings) -> "SqliteSeenStore":
        return cls(settings.get("NEWSBOT_SEEN_PATH") or "state/seen.sqlite3")

    def known(self, site: str, keys: Iterable[str]) -> set[str]:
        keys = list(dict.fromkeys(keys))
        found: set[str] = set()
        for start in range(0, len(keys), 500):
            chunk = keys[start:start + 500]
            marks = ",".join("?" * len(chunk))
            rows = self.db.execute(f"SELECT key FROM seen WHERE site=? AND key IN ({marks})", [site, *chunk])
            found.update(row[0] for row in rows)
        return found

    def add(self, site: str, keys: Iterable[str], url: str | None) -> None:
        now = datetime.now(timezone.utc).isoformat(timespec="seconds")
        self.db.executemany(
            "INSERT OR IGNORE INTO seen (site, key, url, exported_at) VALUES (?, ?, ?, ?)",
            [(site, key, url, now) for key in keys],
        )

    def count(self, site: str | None = None) -> int:
        if site is None:
            return self.db.execute("SELECT COUNT(*) FROM seen").fetchone()[0]
        return self.db.execute("SELECT COUNT(*) FROM seen WHERE site=?", [site]).fetchone()[0]

    def check(self) -> None:
        """``PRAGMA quick_check``; ``sqlite3.DatabaseError`` unless the file is sound."""
        problems = [row[0] for row in self.db.execute("PRAGMA quick_check")]
        if problems != ["ok"]:
            raise sqlite3.DatabaseError("; ".join(problems[:3]))
        self.count()

    def close(self) -> None:
        self.db.close()
