"""Append each item as one JSON line to ``<dir>/<site>/<YYYY-MM-DD>.jsonl``.

Crash safety: a line is written with a single ``os.write`` on an
``O_APPEND`` descriptor right when the item arrives (no buffering), and a
file whose last line was cut by an earlier crash is truncated back to its
last complete line before anything is appended.  So a kill at any moment
leaves only whole lines.

Exactly once across runs: when a file is opened for appending, the article
keys already in it are read, and an item already there is dropped with
:class:`AlreadyExported` (only keys from earlier runs are held; repeats
within a run are ``DedupePipeline``'s job, so memory stays flat) (a run killed after writing but before recording
the article in the seen-store fetches it again next time, and must not
write it twice).  Replaying into a directory that already holds the
articles therefore writes nothing new: replay into a fresh directory.

Settings: ``NEWSBOT_OUTPUT_DIR`` (default ``output``; empty disables this
writer, e.g. when only ``-O file.jsonl`` is wanted), ``NEWSBOT_OUTPUT_TEMPLATE``
(default ``{site}/{date}.jsonl``; ``{date}`` is the local publish date,
``{worker}`` the worker id in distributed mode),
``NEWSBOT_JSONL_FSYNC`` (fsync after each line; default off).
"""

from __future__ import annotations

import logging
import os
from collections import Counter, OrderedDict
from pathlib import Path

import json

from scrapy.exceptions import DropItem, NotConfigured

from newsbot.items import NewsArticle
from newsbot.pipelines.dedupe import article_key
from newsbot.serialize import to_json_line

logger = logging.getLogger(__name__)
MAX_OPEN_FILES = 32


class AlreadyExported(DropItem):
    """The article is already in its output file (from an earlier run)."""


def keys_in_file(path: Path) -> set[tuple[str, str]]:
    """Article keys of every parseable line of an existing JSON Lines file."""
    keys = set()
    with open(path, "rb") as handle:
        for line in handle:
            try:
                record = json.loads(line)
                keys.add(article_key(NewsArticle(**{k: record.get(k) for k in (
                    "site", "news_code", "canonical_url", "url")})))
            except (ValueError, TypeError):
                logger.warning("jsonl: unreadable line in %s", path)
    return keys


def repair_tail(path: Path) -> bool:
    """Cut a half-written last line off *path*; True if something was cut."""
    with open(path, "rb+") as handle:
        size = handle.seek(0, os.SEEK_END)
        if size == 0:
            return False
        handle.seek(size - 1)
        if handle.read(1) == b"\n":
            return False
        keep, step = 0, 65536
        position = size
        while position > 0:
            start = max(0, position - step)
            handle.seek(start)
            chunk = handle.read(position - start)
            cut = chunk.rfind(b"\n")
            if cut >= 0:
                keep = start + cut + 1
                break
            position = start
        handle.truncate(keep)
        return True


class JsonLinesPipeline:
    """Writes every item that reaches it exactly once, flushed per item."""

    def __init__(self, directory: str, template: str, fsync: bool, stats, worker: str = ""):
        self.directory = Path(directory).resolve()
        self.worker = worker
        self.template, self.fsync, self.stats = template, fsync, stats
        self.fds: OrderedDict[Path, int] = OrderedDict()
        self.keys: dict[Path, set[tuple[str, str]]] = {}
        self.written: Counter[Path] = Counter()

    @classmethod
    def from_crawler(cls, crawler):
        settings = crawler.settings
        directory = settings.get("NEWSBOT_OUTPUT_DIR", "output")
        if not directory:
            raise NotConfigured("NEWSBOT_OUTPUT_DIR is empty")
        return cls(
            directory,
            settings.get("NEWSBOT_OUTPUT_TEMPLATE", "{site}/{date}.jsonl"),
            settings.getbool("NEWSBOT_JSONL_FSYNC"),
            crawler.stats,
            settings.get("NEWSBOT_WORKER_ID") or "",
        )

    def path_for(self, item: NewsArticle, worker: str | None = None) -> Path:
        day = item.published_at.date().isoformat() if item.published_at else "undated"
        relative = self.template.format(site=item.site or "unknown", date=day,
                                        worker=self.worker if worker is None else worker)
        path = (self.directory / relative).resolve()
        if not path.is_relative_to(self.directory):
            raise ValueError(f"output path {path} escapes {self.directory}")
        return path

    def related_files(self, path: Path, item: NewsArticle) -> list[Path]:
        """*path* and, in distributed mode, the other workers' files for the same site and day.

        A worker killed after writing a line but before recording it in the
        seen-store leaves it in its own file; the next run's workers must
        see it there, or the article would be written twice.
        """
        files = {path} if path.exists() else set()
        if "{worker}" in self.template:
            pattern = self.path_for(item, worker="*").relative_to(self.directory)
            files.update(self.directory.glob(str(pattern)))
        return sorted(files)

    def _fd(self, path: Path, item: NewsArticle) -> int:
        fd = self.fds.pop(path, None)
        if fd is None:
            path.parent.mkdir(parents=True, exist_ok=True)
            if path.exists() and repair_tail(path):
                logger.warning("jsonl: cut a half-written last line from %s", path)
                self.stats.inc_value("newsbot/jsonl/repaired_tail")
            if path not in self.keys:
                self.keys[path] = set()
                for existing in self.related_files(path, item):
                    self.keys[path] |= keys_in_file(existing)
            fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
            if len(self.fds) >= MAX_OPEN_FILES:
                os.close(self.fds.popitem(last=False)[1])
        self.fds[path] = fd
        return fd

    def process_item(self, item: NewsArticle) -> NewsArticle:
        path = self.path_for(item)
        line = to_json_line(item)
        fd = self._fd(path, item)
        key = article_key(item)
        if key in self.keys[path]:
            self.stats.inc_value("newsbot/dropped/already_in_output")
            raise AlreadyExported(f"already in {path}: {key[0]} {key[1]}")
        view = memoryview(line)
        while view:
            view = view[os.write(fd, view):]
        if self.fsync:
            os.fsync(fd)
        self.written[path] += 1
        self.stats.inc_value("newsbot/jsonl/written")
        self.stats.inc_value(f"newsbot/jsonl/file/{path.relative_to(self.directory)}")
        return item

    def close_spider(self) -> None:
        for fd in self.fds.values():
            os.close(fd)
        self.fds.clear()
        for path, count in sorted(self.written.items()):
            logger.info("jsonl: wrote %d item(s) to %s", count, path)
        self.stats.set_value("newsbot/jsonl/directory", str(self.directory))
