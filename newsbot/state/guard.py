"""Before a site crawl starts: one run per site at a time, and a usable seen-store.

:func:`prepare_run` is called by ``newsbot.commands.crawl`` for spiders
with a site ``profile`` in local mode (``NEWSBOT_MODE=local``):

* **Per-site lock.** An exclusive ``fcntl.flock`` on ``<site>.lock`` next to
  the seen-store (``state/asrpress.lock`` for ``state/seen.sqlite3``), held
  until the process ends (the kernel drops it when the process dies, even
  by SIGKILL, so a stale lock file never blocks).  A second run of the same
  site stops at once with exit status 2, or waits up to
  ``NEWSBOT_LOCK_WAIT`` seconds (default 0) for the first one to finish.
  In Redis mode there is no lock: concurrent runs join one distributed run
  (``newsbot.distributed``) and share its queue, dupefilter and seen-store.
* **Seen-store check.** The store is opened and checked (SQLite:
  ``PRAGMA quick_check``); one that cannot be read stops the run with one
  line and exit status 2 rather than crawling with no memory of what was
  exported.  newsbot does not rebuild it silently: the line says how to
  start afresh (move the file aside; output files still keep each
  article once per day file).
"""

from __future__ import annotations

import fcntl
import os
import time
from pathlib import Path

from scrapy.utils.misc import load_object

from newsbot.exitcodes import UsageError
from newsbot.state import DEFAULT_STORE


class SiteLock:
    """An exclusive ``flock`` on *path*; :meth:`acquire` raises :class:`UsageError` when busy."""

    def __init__(self, path: Path):
        self.path, self.fd = Path(path), None

    def acquire(self, wait: float = 0.0, poll: float = 0.2) -> "SiteLock":
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as exc:
            raise UsageError(f"cannot create the lock {self.path}: {exc.strerror or exc}") from None
        deadline = time.monotonic() + wait
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    holder = os.pread(fd, 64, 0).decode("ascii", "replace").strip() or "?"
                    os.close(fd)
                    waited = f" after waiting {wait:g} s" if wait else ""
                    raise UsageError(f"another run holds {self.path} (pid {holder}){waited}; "
                                     "wait for it or use -s NEWSBOT_LOCK_WAIT=SECONDS") from None
                time.sleep(poll)
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
        self.fd = fd
        return self

    def release(self) -> None:
        if self.fd is not None:
            os.close(self.fd)  # closing the descriptor drops the flock
            self.fd = None


def lock_path(settings, site: str) -> Path:
    """``<directory of NEWSBOT_SEEN_PATH>/<site>.lock``."""
    return Path(settings.get("NEWSBOT_SEEN_PATH") or "state/seen.sqlite3").parent / f"{site}.lock"


def check_seen_store(settings) -> None:
    """Open the configured seen-store and check it; :class:`UsageError` if unusable."""
    if not settings.getbool("NEWSBOT_SEEN_ENABLED", True):
        return
    import sqlite3  # only here: replay runs never need it

    cls = load_object(settings.get("NEWSBOT_SEEN_STORE") or DEFAULT_STORE)
    try:
        store = cls.from_settings(settings)
        try:
            store.check()
        finally:
            store.close()
    except (sqlite3.DatabaseError, OSError) as exc:
        where = settings.get("NEWSBOT_SEEN_PATH") or "state/seen.sqlite3"
        raise UsageError(f"seen-store {where} is unusable ({exc}); move it aside to start "
                         "afresh (articles are then fetched again)") from None


def prepare_run(spidercls, settings) -> SiteLock | None:
    """Take the site's lock and check the seen-store (see the module docstring).

    Returns the held lock (release it when the run ends) or ``None`` when the
    spider has no site profile or runs in Redis mode.  Raises
    :class:`UsageError` with a one-line message.
    """
    profile = getattr(spidercls, "profile", None)
    if profile is None or (settings.get("NEWSBOT_MODE") or "local").lower() != "local":
        return None
    lock = SiteLock(lock_path(settings, profile.name)).acquire(settings.getfloat("NEWSBOT_LOCK_WAIT", 0))
    try:
        check_seen_store(settings)
    except UsageError:
        lock.release()
        raise
    return lock
