"""Saved pages in a file tree → :class:`~newsbot.core.savedpage.SavedPage`.

:class:`FileTreeSource` lists a file or a directory (recursively, in name
order) once, up front (so replay knows the total for its progress line),
then reads the files one by one.  What it reads and refuses:

* pages: ``.html``, ``.htm``, ``.html.gz``, ``.htm.gz``; text dumps ``.txt``;
  ``<page>.meta.json`` next to a page is its sidecar (URL, fetch time,
  status, headers; format in :mod:`newsbot.core.savedpage`);
* only regular files are opened, with ``O_NONBLOCK`` and checked again with
  ``fstat`` after opening, so a FIFO or device never blocks the run: a page
  name that is a FIFO, device or socket is rejected (``fifo``, ``device``,
  ``socket``), so are a symlink loop (``symlink_loop``), a dangling link
  (``dangling_link``), a file or directory that cannot be read
  (``unreadable``, ``unreadable_directory``), a corrupt ``.gz``
  (``corrupt_gzip``), an empty or too large file (``empty``, ``too_large``)
  and a bad sidecar (``bad_sidecar``);
* skipped, each counted with its reason: files that are not pages
  (``not_a_page``), links to directories (``directory_link``, never
  followed) and links to files outside the tree (``outside_tree``);
* file names that are not UTF-8 are read like any other; ``source`` keeps
  them losslessly (``\\xNN`` escapes, see ``lossless_name``).
"""

from __future__ import annotations

import errno
import gzip
import logging
import os
import stat
import zlib
from typing import Iterator

from newsbot.core.savedpage import (SIDECAR_SUFFIX, Refusal, SavedPage, SidecarError, lossless_name,
                                    parse_sidecar)

logger = logging.getLogger(__name__)
HTML_SUFFIXES = (".html", ".htm", ".html.gz", ".htm.gz")
TEXT_SUFFIXES = (".txt",)
PAGE_SUFFIXES = HTML_SUFFIXES + TEXT_SUFFIXES
#: Largest page (after decompression) that replay reads; bigger files are rejected.
MAX_PAGE_BYTES = 20 * 1024 * 1024
#: Largest sidecar read.
MAX_SIDECAR_BYTES = 1024 * 1024
_OPEN_FLAGS = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_NOCTTY", 0)


class ReplayError(ValueError):
    """A saved page replay cannot use; ``reason`` is a short slug for stats and rejects."""

    def __init__(self, reason: str, message: str):
        super().__init__(message)
        self.reason = reason


def is_page_name(name: str) -> bool:
    return name.lower().endswith(PAGE_SUFFIXES)


def special_kind(mode: int) -> tuple[str, str] | None:
    """``(reason, description)`` for a file mode that is not a regular file."""
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISFIFO(mode):
        return "fifo", "a FIFO (named pipe), not a regular file"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "device", "a device, not a regular file"
    if stat.S_ISSOCK(mode):
        return "socket", "a socket, not a regular file"
    if stat.S_ISDIR(mode):
        return "directory", "a directory, not a file"
    return "not_regular", "not a regular file"


def read_regular_file(path: str, limit: int = MAX_PAGE_BYTES, *, gunzip: bool = False) -> bytes:
    """The bytes of *path* (gunzipped when *gunzip*), at most *limit*.

    Opened with ``O_NONBLOCK`` and checked with ``fstat``: anything but a
    regular file raises :class:`ReplayError` without being read.  Raises
    ``ReplayError`` (``unreadable``, ``corrupt_gzip``, ``too_large``,
    ``empty`` or the ``special_kind`` reason) for every failure.
    """
    try:
        fd = os.open(path, _OPEN_FLAGS)
    except OSError as exc:
        raise ReplayError(_os_reason(exc), f"cannot open: {exc.strerror}") from None
    try:
        kind = special_kind(os.fstat(fd).st_mode)
        if kind is not None:
            raise ReplayError(kind[0], kind[1])
        os.set_blocking(fd, True)
        handle = os.fdopen(fd, "rb")
        fd = -1  # the file object owns it now
        with handle:
            if gunzip:
                with gzip.GzipFile(fileobj=handle, mode="rb") as unzipped:
                    data = unzipped.read(limit + 1)
            else:
                # read(n) allocates n bytes up front: ask for the file's size
                # (+1 to see growth) rather than the limit
                data = handle.read(min(os.fstat(handle.fileno()).st_size, limit) + 1)
    except (zlib.error, EOFError, gzip.BadGzipFile) as exc:
        raise ReplayError("corrupt_gzip", f"corrupt gzip data: {exc or type(exc).__name__}") from None
    except OSError as exc:
        raise ReplayError("unreadable", f"cannot read: {exc.strerror or exc}") from None
    finally:
        if fd >= 0:
            os.close(fd)
    if len(data) > limit:
        raise ReplayError("too_large", f"larger than {limit} bytes")
    if not data or data.isspace():
        raise ReplayError("empty", "empty file")
    return data


def _os_reason(exc: OSError) -> str:
    return {errno.ELOOP: "symlink_loop", errno.ENOENT: "dangling_link"}.get(exc.errno, "unreadable")


def read_saved_file(path: str, sidecar: str | None = None) -> SavedPage:
    """One page file (and its sidecar, if any) as a :class:`SavedPage`; raises ReplayError."""
    lowered = path.lower()
    body = read_regular_file(path, gunzip=lowered.endswith(".gz"))
    page = SavedPage(body=body, source=lossless_name(path), local_path=path,
                     kind="text" if lowered.endswith(TEXT_SUFFIXES) else "html")
    if sidecar is not None:
        try:
            meta = parse_sidecar(read_regular_file(sidecar, MAX_SIDECAR_BYTES))
        except (ReplayError, SidecarError) as exc:
            raise ReplayError("bad_sidecar", f"{lossless_name(sidecar)}: {exc}") from None
        page.url, page.fetched_at = meta["url"], meta["fetched_at"]
        page.status, page.headers = meta["status"], meta["headers"]
    return page


class FileTreeSource:
    """The saved pages of a file or directory tree, listed once at construction.

    ``total``: page files found (including the ones that will be refused);
    ``skipped``: ``{reason: count}`` of files that are not pages.  Iterating
    yields a :class:`SavedPage` or a :class:`Refusal` per page file, in name
    order.  Raises ``FileNotFoundError`` when *path* does not exist.
    """

    def __init__(self, path: str | os.PathLike):
        self.root = os.fspath(path)
        self.entries: list[tuple[str, str | None] | Refusal] = []
        self.skipped: dict[str, int] = {}
        if os.path.isdir(self.root):
            self._scan()
        elif os.path.lexists(self.root):
            sidecar = self.root + SIDECAR_SUFFIX
            self.entries.append((self.root, sidecar if os.path.isfile(sidecar) else None))
        else:
            raise FileNotFoundError(f"replay path does not exist: {self.root}")
        self.total = len(self.entries)

    def __iter__(self) -> Iterator[SavedPage | Refusal]:
        for entry in self.entries:
            if isinstance(entry, Refusal):
                yield entry
                continue
            path, sidecar = entry
            try:
                yield read_saved_file(path, sidecar)
            except ReplayError as exc:
                yield Refusal(lossless_name(path), exc.reason, str(exc))

    def skip(self, reason: str, path: str | None = None, message: str = "") -> None:
        self.skipped[reason] = self.skipped.get(reason, 0) + 1
        if path is not None:
            logger.info("replay: skipped %s: %s", lossless_name(path), message)

    def _scan(self) -> None:
        real_root = os.path.realpath(self.root)
        pending = [self.root]
        while pending:
            directory = pending.pop()
            try:
                with os.scandir(directory) as listing:
                    found = sorted(listing, key=lambda e: e.name)
            except OSError as exc:
                self.entries.append(Refusal(lossless_name(directory), "unreadable_directory",
                                            f"cannot list directory: {exc.strerror}"))
                continue
            names = {e.name for e in found}
            subdirectories = []
            for entry in found:
                self._add(entry, names, real_root, subdirectories)
            pending.extend(reversed(subdirectories))

    def _add(self, entry: os.DirEntry, names: set[str], real_root: str, subdirectories: list) -> None:
        name, path = entry.name, entry.path
        if entry.is_dir(follow_symlinks=False):
            subdirectories.append(path)
            return
        if not is_page_name(name):
            if not (name.endswith(SIDECAR_SUFFIX) and name[:-len(SIDECAR_SUFFIX)] in names):
                self.skip("directory_link" if entry.is_symlink() and _is_dir(path) else "not_a_page")
            return
        if entry.is_symlink():
            try:
                mode = os.stat(path).st_mode
            except OSError as exc:
                reason = _os_reason(exc)
                what = {"symlink_loop": "symbolic link loop", "dangling_link": "dangling symbolic link"}
                self.entries.append(Refusal(lossless_name(path), reason, what.get(reason, exc.strerror)))
                return
            if stat.S_ISDIR(mode):
                self.skip("directory_link", path, "link to a directory (not followed)")
                return
            target = os.path.realpath(path)
            if os.path.commonpath([real_root, target]) != real_root:
                self.skip("outside_tree")
                logger.warning("replay: skipped %s: symlink outside %s", lossless_name(path),
                               lossless_name(self.root))
                return
        else:
            try:
                mode = entry.stat(follow_symlinks=False).st_mode if not entry.is_file(
                    follow_symlinks=False) else stat.S_IFREG
            except OSError as exc:
                self.entries.append(Refusal(lossless_name(path), "unreadable", f"cannot stat: {exc.strerror}"))
                return
        kind = special_kind(mode)
        if kind is not None:
            self.entries.append(Refusal(lossless_name(path), kind[0], kind[1]))
            return
        sidecar = name + SIDECAR_SUFFIX
        self.entries.append((path, os.path.join(os.path.dirname(path), sidecar) if sidecar in names else None))


def _is_dir(path: str) -> bool:
    try:
        return os.path.isdir(path)
    except OSError:
        return False
