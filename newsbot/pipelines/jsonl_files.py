"""File operations of the JSON Lines writer: whole lines only, atomic rewrites.

No Scrapy here.  Every function keeps a file in one of two states a reader
may see: its old content or its new content, never a half line.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
from pathlib import Path
from typing import Iterator

from newsbot.core.identity import ArticleKey, article_key

logger = logging.getLogger(__name__)

#: Fields that describe one extraction, not the article: a re-extraction that
#: differs only in these leaves the record unchanged.
VOLATILE_FIELDS = ("crawled_at", "source_path")


def content_digest(record: dict) -> bytes:
    """128-bit digest of a record without :data:`VOLATILE_FIELDS` (key order ignored)."""
    stable = {k: v for k, v in record.items() if k not in VOLATILE_FIELDS}
    text = json.dumps(stable, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).digest()


def read_records(path: Path) -> Iterator[tuple[bytes, dict | None]]:
    """``(line, record)`` for each whole line of *path*; ``record`` is ``None``
    for a line that is not a JSON object (logged).  A last line without its
    newline (cut by a crash) is not returned."""
    with open(path, "rb") as handle:
        for line in handle:
            if not line.endswith(b"\n"):
                return
            try:
                record = json.loads(line)
            except ValueError:
                record = None
            if not isinstance(record, dict):
                logger.warning("jsonl: unreadable line in %s", path)
                record = None
            yield line, record


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


def append_line(fd: int, line: bytes, size: int, fsync: bool) -> int:
    """Append *line* to the ``O_APPEND`` descriptor *fd* whose file is *size*
    bytes long; returns the new size.

    On any ``OSError`` (``ENOSPC``, ``EIO``, ``EDQUOT`` …) the file is cut back
    to *size* with ``ftruncate`` (so it ends with its last whole line) and
    the error is raised again.
    """
    view = memoryview(line)
    try:
        while view:
            view = view[os.write(fd, view):]
        if fsync:
            os.fsync(fd)
    except OSError:
        try:
            os.ftruncate(fd, size)
        except OSError:
            logger.exception("jsonl: could not cut a failed write back to %d bytes", size)
        raise
    return size + len(line)


def temp_path(path: Path) -> Path:
    """The hidden temporary file a rewrite of *path* builds (same directory,
    so the rename is atomic; not matched by ``*.jsonl``)."""
    return path.with_name(f".{path.name}.{os.getpid()}.tmp")


def remove_stale_temps(directory: Path) -> None:
    """Delete temporary files left by rewrites of processes that no longer run."""
    for temp in directory.glob(".*.jsonl.*.tmp"):
        try:
            pid = int(temp.name.rsplit(".", 2)[1])
            os.kill(pid, 0)
            continue  # still running
        except ProcessLookupError:
            pass
        except (ValueError, PermissionError):
            continue
        temp.unlink(missing_ok=True)
        logger.warning("jsonl: removed %s left by an interrupted rewrite", temp)


def fsync_directory(directory: Path) -> None:
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def rewrite(path: Path, changes: dict[ArticleKey, bytes | None]) -> int:
    """Replace the records of *path* whose key is in *changes* (``None``
    removes the record; extra copies of a changed key are removed too) and
    return how many lines were replaced or removed.

    The new content is written to :func:`temp_path`, fsynced, renamed over
    *path* (``os.replace``) and the directory fsynced: a reader, or a kill at
    any moment, sees the old file or the new one.  On ``OSError`` the
    temporary file is removed, *path* is left as it was and the error raised.
    """
    temp = temp_path(path)
    done: set[ArticleKey] = set()
    try:
        with open(temp, "wb") as out:
            os.fchmod(out.fileno(), os.stat(path).st_mode & 0o7777)  # keep the file's permissions
            for line, record in read_records(path):
                key = article_key(record) if record is not None else None
                if key is None or key not in changes:
                    out.write(line)
                    continue
                if key not in done and changes[key] is not None:
                    out.write(changes[key])
                done.add(key)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temp, path)
    except OSError:
        temp.unlink(missing_ok=True)
        raise
    fsync_directory(path.parent)
    return len(done)
