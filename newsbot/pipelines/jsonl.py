"""Write each item as one JSON line to ``<dir>/<site>/<YYYY-MM-DD>.jsonl``.

Two policies (``NEWSBOT_OUTPUT_POLICY``; default ``update`` for the
``replay`` spider, ``append`` for every other spider):

* ``append`` (live crawls): exactly once, append only.  When a day file is
  first needed, the article keys already in it (and, in distributed mode,
  in the other workers' files of that day) are read; an item already there
  is not written again (a run killed after writing but before recording the
  article in the seen-store fetches it again next time).
* ``update`` (re-extraction): the keys and a content digest of every record
  of the site's existing files are read when the site's first item arrives.
  A new article is appended; an article whose record differs (apart from
  ``crawled_at`` and ``source_path``) replaces it: the affected day file is
  rewritten to a temporary file and renamed into place (see
  :func:`newsbot.pipelines.jsonl_files.rewrite`), at the end of the run or
  when ``NEWSBOT_UPDATE_BUFFER`` bytes (32 MiB) of replacements are pending;
  an article whose publish day changed is appended to its new day file and
  removed from the old one.  An unchanged record is left as it is.  The
  site's lock (:mod:`newsbot.state.guard`, the one a live crawl of the site
  holds) is taken first, so a rewrite never races a crawl appending to the
  same file; if another run holds it (after ``NEWSBOT_LOCK_WAIT`` seconds)
  that site's items are not written (counted as write failures, exit 1).

Either way the item goes on to ``-o/-O`` feeds and the seen-store: the
writer never drops an item because it is already written.  Stats:
``newsbot/jsonl/new``, ``…/updated``, ``…/unchanged``, ``…/written``
(lines written) and ``…/file/<path>``.

Crash safety: a line is written with ``os.write`` on an ``O_APPEND``
descriptor right when the item arrives (no buffering); a file whose last
line was cut by an earlier crash is cut back to its last whole line before
anything is appended.  A write that fails (disk full, I/O error) is cut
back to the last whole line too; the item is dropped (:class:`WriteFailed`,
stat ``newsbot/jsonl/write_failed``), so it is not recorded as seen and is
fetched again next run, and the run's exit status becomes 1.

Settings: ``NEWSBOT_OUTPUT_DIR`` (default ``output``; empty disables this
writer), ``NEWSBOT_OUTPUT_TEMPLATE`` (default ``{site}/{date}.jsonl``;
``{date}`` is the local publish date, ``{worker}`` the worker id in
distributed mode), ``NEWSBOT_JSONL_FSYNC`` (fsync after each line; default off).
"""

from __future__ import annotations

import json
import logging
import os
from collections import Counter, OrderedDict
from pathlib import Path

from scrapy.exceptions import DropItem, NotConfigured

from newsbot.core.identity import ArticleKey, article_key
from newsbot.exitcodes import EXIT_FAILED, UsageError, request_exit
from newsbot.items import NewsArticle
from newsbot.pipelines.jsonl_files import (
    append_line, content_digest, read_records, remove_stale_temps, repair_tail, rewrite,
)
from newsbot.serialize import to_json_line
from newsbot.state.guard import SiteLock, lock_path

logger = logging.getLogger(__name__)
MAX_OPEN_FILES = 32
POLICIES = ("append", "update")

__all__ = ["JsonLinesPipeline", "WriteFailed", "repair_tail"]


class WriteFailed(DropItem):
    """The item could not be written (``OSError``); the file was cut back to its last whole line."""


class JsonLinesPipeline:
    """Writes every new article once and, under the ``update`` policy, replaces changed ones."""

    def __init__(self, directory: str, template: str, fsync: bool, stats, worker: str = "",
                 policy: str = "append", update_buffer: int = 32 << 20, lock=None):
        if policy not in POLICIES:
            raise ValueError(f"NEWSBOT_OUTPUT_POLICY must be one of {POLICIES}, not {policy!r}")
        self.directory = Path(directory).resolve()
        self.worker, self.policy, self.update_buffer = worker, policy, update_buffer
        self.template, self.fsync, self.stats = template, fsync, stats
        self.fds: OrderedDict[Path, int] = OrderedDict()
        self.sizes: dict[Path, int] = {}
        #: file holding each article key written before (update: and during) this run
        self.where: dict[ArticleKey, Path] = {}
        self.loaded: set[Path | str] = set()  # day files (append) or sites (update) indexed
        self.digests: dict[ArticleKey, bytes | None] = {}  # update policy only
        self.copies: dict[ArticleKey, list[Path]] = {}  # update: keys found in several files
        self.pending: dict[Path, dict[ArticleKey, bytes | None]] = {}
        self.pending_bytes = 0
        self.written: Counter[Path] = Counter()
        self.paths: dict[str, Path] = {}  # relative name → resolved path
        self.file_stats: dict[Path, str] = {}  # path → its stats key
        #: update policy: ``lock(site) -> SiteLock`` (raises UsageError when busy)
        self.lock, self.locks, self.locked_out = lock, [], set()

    @classmethod
    def from_crawler(cls, crawler):
        settings = crawler.settings
        directory = settings.get("NEWSBOT_OUTPUT_DIR", "output")
        if not directory:
            raise NotConfigured("NEWSBOT_OUTPUT_DIR is empty")
        default = "update" if getattr(crawler.spidercls, "name", "") == "replay" else "append"
        return cls(
            directory,
            settings.get("NEWSBOT_OUTPUT_TEMPLATE", "{site}/{date}.jsonl"),
            settings.getbool("NEWSBOT_JSONL_FSYNC"),
            crawler.stats,
            settings.get("NEWSBOT_WORKER_ID") or "",
            policy=settings.get("NEWSBOT_OUTPUT_POLICY") or default,
            update_buffer=settings.getint("NEWSBOT_UPDATE_BUFFER", 32 << 20),
            lock=lambda site: SiteLock(lock_path(settings, site)).acquire(
                settings.getfloat("NEWSBOT_LOCK_WAIT", 0)),
        )

    # -- paths ---------------------------------------------------------------
    def path_for(self, item: NewsArticle, worker: str | None = None, day: str | None = None) -> Path:
        if day is None:
            day = item.published_at.date().isoformat() if item.published_at else "undated"
        relative = self.template.format(site=item.site or "unknown", date=day,
                                        worker=self.worker if worker is None else worker)
        path = self.paths.get(relative)
        if path is None:  # resolve() costs an lstat per path component: once per file
            path = (self.directory / relative).resolve()
            if not path.is_relative_to(self.directory):
                raise ValueError(f"output path {path} escapes {self.directory}")
            self.paths[relative] = path
        return path

    def glob(self, item: NewsArticle, **wild: str) -> list[Path]:
        pattern = self.path_for(item, **wild).relative_to(self.directory)
        return sorted(p for p in self.directory.glob(str(pattern)) if p.is_file())

    def related_files(self, path: Path, item: NewsArticle) -> list[Path]:
        """*path* and, in distributed mode, the other workers' files for the same site and day.

        A worker killed after writing a line but before recording it in the
        seen-store leaves it in its own file; the next run's workers must
        see it there, or the article would be written twice.
        """
        files = {path} if path.exists() else set()
        if "{worker}" in self.template:
            files.update(self.glob(item, worker="*"))
        return sorted(files)

    # -- index of what earlier runs wrote --------------------------------------
    def index(self, item: NewsArticle, path: Path) -> None:
        """Learn the keys of the files that may already hold *item* (once per file or site)."""
        if self.policy == "append":
            if path in self.loaded:
                return
            self.loaded.add(path)
            for existing in self.related_files(path, item):
                for _, record in read_records(existing):
                    if record is not None:
                        self.where.setdefault(article_key(record), existing)
            return
        site = item.site or "unknown"
        if site in self.locked_out:
            raise WriteFailed(f"not written: the output of {site} is locked by another run")
        if site in self.loaded:
            return
        if self.lock is not None:
            try:
                self.locks.append(self.lock(site))
            except UsageError as exc:
                logger.error("jsonl: %s: its articles are not written in this run", exc)
                self.locked_out.add(site)
                raise WriteFailed(f"not written: the output of {site} is locked by another run") from None
        self.loaded.add(site)
        files = self.glob(item, day="*", worker="*")
        for directory in {f.parent for f in files}:
            remove_stale_temps(directory)
        for existing in files:
            for _, record in read_records(existing):
                if record is None:
                    continue
                key = article_key(record)
                if key in self.where and self.where[key] != existing:
                    self.copies.setdefault(key, []).append(existing)
                    continue
                self.where[key] = existing
                self.digests[key] = content_digest(record)

    # -- writing ---------------------------------------------------------------
    def _fd(self, path: Path) -> int:
        fd = self.fds.pop(path, None)
        if fd is None:
            path.parent.mkdir(parents=True, exist_ok=True)
            if path.exists() and repair_tail(path):
                logger.warning("jsonl: cut a half-written last line from %s", path)
                self.stats.inc_value("newsbot/jsonl/repaired_tail")
            fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
            self.sizes[path] = os.fstat(fd).st_size
            if len(self.fds) >= MAX_OPEN_FILES:
                self._close(next(iter(self.fds)))
        self.fds[path] = fd
        return fd

    def _close(self, path: Path) -> None:
        fd = self.fds.pop(path, None)
        if fd is not None:
            os.close(fd)

    def _append(self, path: Path, line: bytes, key: ArticleKey) -> None:
        try:
            fd = self._fd(path)  # may fail too (mkdir, open: EACCES, ENOSPC …)
            self.sizes[path] = append_line(fd, line, self.sizes[path], self.fsync)
        except OSError as exc:
            self.lost(1)
            raise WriteFailed(f"not written to {path}: {key[0]} {key[1]}: {exc.strerror or exc}") from None
        self.count_written(path)

    def count_written(self, path: Path, lines: int = 1) -> None:
        self.written[path] += lines
        self.stats.inc_value("newsbot/jsonl/written", lines)
        name = self.file_stats.get(path)
        if name is None:
            name = self.file_stats[path] = f"newsbot/jsonl/file/{path.relative_to(self.directory)}"
        self.stats.inc_value(name, lines)

    def lost(self, count: int) -> None:
        """*count* items could not be written: counted, and the run will exit 1."""
        self.stats.inc_value("newsbot/jsonl/write_failed", count)
        request_exit(self.stats, EXIT_FAILED, "items_not_written")

    def process_item(self, item: NewsArticle) -> NewsArticle:
        path = self.path_for(item)
        key = article_key(item)
        try:
            self.index(item, path)
        except WriteFailed:
            self.lost(1)
            raise
        if self.policy == "update":
            return self.update(item, path, key)
        if key in self.where:
            self.stats.inc_value("newsbot/jsonl/unchanged")
            logger.debug("jsonl: already in %s: %s %s", self.where[key], *key)
            return item
        self._append(path, to_json_line(item), key)
        self.stats.inc_value("newsbot/jsonl/new")
        self.where[key] = path
        return item

    def update(self, item: NewsArticle, path: Path, key: ArticleKey) -> NewsArticle:
        line = to_json_line(item)
        old = self.where.get(key)
        places = ([old] if old else []) + self.copies.pop(key, [])  # files holding the article
        # a new article's digest is only needed if it comes again in this run (dedupe drops that)
        digest = content_digest(json.loads(line)) if places else None
        if old == path and self.digests.get(key) == digest:
            self.stats.inc_value("newsbot/jsonl/unchanged")
        elif path in places:
            self.stats.inc_value("newsbot/jsonl/updated")
            self.change(path, key, line)
        else:  # new, or its publish day changed: appended to its day file, removed from the old one
            self._append(path, line, key)
            self.stats.inc_value("newsbot/jsonl/updated" if places else "newsbot/jsonl/new")
        for other in places:
            if other != path:
                self.change(other, key, None)
        self.where[key], self.digests[key] = path, digest
        if self.pending_bytes >= self.update_buffer:
            self.flush()
        return item

    def change(self, path: Path, key: ArticleKey, line: bytes | None) -> None:
        self.pending.setdefault(path, {})[key] = line
        self.pending_bytes += len(line or b"") + 64

    def flush(self) -> None:
        """Rewrite every file with pending replacements (atomically, one by one)."""
        pending, self.pending, self.pending_bytes = self.pending, {}, 0
        for path, changes in sorted(pending.items()):
            self._close(path)  # an O_APPEND descriptor would keep writing to the old inode
            try:
                rewrite(path, changes)
            except OSError as exc:
                replaced = sum(line is not None for line in changes.values())
                logger.error("jsonl: could not rewrite %s (%s): %d updated record(s) not written",
                             path, exc.strerror or exc, replaced)
                self.lost(replaced)
                continue
            self.count_written(path, sum(line is not None for line in changes.values()))

    def close_spider(self) -> None:
        self.flush()
        for path in list(self.fds):
            self._close(path)
        for lock in self.locks:
            lock.release()
        for path, count in sorted(self.written.items()):
            logger.info("jsonl: wrote %d line(s) to %s", count, path)
        self.stats.set_value("newsbot/jsonl/directory", str(self.directory))
