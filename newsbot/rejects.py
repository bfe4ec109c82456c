"""Rejects file: one JSON line per input a run could not use, for every spider.

Enabled by ``-a rejects=FILE`` (any newsbot spider) or ``-s
NEWSBOT_REJECTS_PATH=FILE`` (the ``-a`` wins); appended to, never
truncated.  Each line is one UTF-8 JSON object written with a single
``write`` call (no half line)::

    {"time": "2026-11-30T05:01:02+00:00", "spider": "replay", "stage": "read",
     "path": "saved/a.html", "url": null, "reason": "fifo",
     "message": "a FIFO (named pipe), not a regular file"}

``stage`` is ``read`` (a saved file replay could not read or extract:
``reason`` is the ``newsbot/replay/rejected/<reason>`` stat) or
``pipeline`` (an item a pipeline dropped: ``reason`` is the exception's
``reason`` attribute when it has one, else its class name in snake case,
``drop_item`` for a plain ``DropItem``; ``message`` is its text).  ``path``
is the saved file (lossless text), ``url`` the page URL, either may be
``null``.  Components record a reject with :func:`record_reject`.
"""

from __future__ import annotations

import json
import os
import re
from datetime import datetime, timezone

from scrapy import signals
from scrapy.exceptions import NotConfigured

from newsbot.exitcodes import UsageError

#: Signal sent by :func:`record_reject` (keyword arguments: path, url, reason, message, stage).
reject_recorded = object()


def record_reject(crawler, *, reason: str, message: str, path: str | None = None,
                  url: str | None = None, stage: str = "read") -> None:
    """Hand one reject to the rejects file (if one is configured)."""
    crawler.signals.send_catch_log(reject_recorded, path=path, url=url, reason=reason,
                                   message=message, stage=stage)


def rejects_path(settings, spargs: dict) -> str | None:
    return spargs.get("rejects") or settings.get("NEWSBOT_REJECTS_PATH") or None


def check_rejects_path(path: str | None) -> None:
    """:class:`UsageError` when *path* cannot be a rejects file (its directory is missing)."""
    if not path:
        return
    directory = os.path.dirname(os.path.abspath(path))
    if os.path.isdir(path):
        raise UsageError(f"-a rejects={path}: is a directory, give a file name")
    if not os.path.isdir(directory):
        raise UsageError(f"-a rejects={path}: directory {directory} does not exist")


def reason_of(exception: BaseException | None) -> str:
    """A slug for a dropped item: ``exception.reason``; else, for a plain
    ``DropItem``, the words of its message before `` in ``/`` of ``/``:``
    (``"missing title, body in https://…"`` → ``missing_title_body``); else
    the exception's class name in snake case (``AlreadyExported`` →
    ``already_exported``)."""
    reason = getattr(exception, "reason", None)
    if isinstance(reason, str) and reason:
        return reason
    if exception is None:
        return "dropped"
    if type(exception).__name__ == "DropItem":
        head = re.split(r"\s(?:in|of|for|at|on)\s|:", str(exception), maxsplit=1)[0]
        slug = "_".join(re.findall(r"[a-z0-9]+", head.lower()))[:40]
        return slug or "dropped"
    return re.sub(r"(?<!^)(?=[A-Z])", "_", type(exception).__name__).lower()


def is_duplicate_drop(exception: BaseException | None) -> bool:
    """Was the item dropped as a repeat (dedupe, already in the output), not as unusable?"""
    reason = reason_of(exception)
    return reason.startswith(("duplicate", "already"))


class RejectsLog:
    """Extension writing the rejects file (see the module docstring)."""

    def __init__(self, crawler, path: str):
        self.crawler, self.path = crawler, path
        self.handle = None

    @classmethod
    def from_crawler(cls, crawler):
        spider = getattr(crawler, "spider", None)
        path = rejects_path(crawler.settings, {"rejects": getattr(spider, "rejects", None)})
        if not path:
            raise NotConfigured
        log = cls(crawler, path)
        crawler.signals.connect(log.reject, signal=reject_recorded)
        crawler.signals.connect(log.item_dropped, signal=signals.item_dropped)
        crawler.signals.connect(log.close, signal=signals.spider_closed)
        return log

    def item_dropped(self, item, response=None, exception=None, spider=None) -> None:
        self.reject(path=getattr(item, "source_path", None), url=getattr(item, "url", None),
                    reason=reason_of(exception), message=str(exception), stage="pipeline")

    def reject(self, path=None, url=None, reason="", message="", stage="read", **_kwargs) -> None:
        if self.handle is None:
            # unbuffered: each record goes out with one write()
            self.handle = open(self.path, "ab", buffering=0)
        record = {"time": datetime.now(timezone.utc).isoformat(timespec="seconds"),
                  "spider": self.crawler.spider.name if self.crawler.spider else None,
                  "stage": stage, "path": path, "url": url, "reason": reason, "message": message}
        line = json.dumps(record, ensure_ascii=False) + "\n"
        self.handle.write(line.encode("utf-8", "backslashreplace"))
        self.crawler.stats.inc_value("newsbot/rejects/written")

    def close(self) -> None:
        if self.handle is not None:
            self.handle.close()
            self.handle = None
