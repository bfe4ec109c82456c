"""A saved page, whatever stored it: file, sidecar, WARC record, HTTP cache entry.

Replay turns every source into :class:`SavedPage` values and extracts them
all the same way (``newsbot.extract.replay.extract_saved``).  A source is
any iterable of ``SavedPage`` (and of :class:`Refusal` for inputs it could
not read); the file-tree source is ``newsbot.extract.sources.FileTreeSource``.
An archive reader (WARC records, Scrapy's HTTP cache) yields one
``SavedPage`` per stored response, with the URL, time, status and headers
of its record.

Sidecar format (``<file>.meta.json`` next to a saved ``<file>``, UTF-8 JSON
object; every key optional, unknown keys ignored)::

    {"url": "https://www.tabnak.ir/fa/news/1234/...",   # the URL fetched (after redirects)
     "fetched_at": "2024-05-13T05:35:00+00:00",          # ISO 8601 with offset (or Z)
     "status": 200,                                        # HTTP status
     "headers": {"Content-Type": "text/html; charset=utf-8"}}  # response headers (str or list of str)

:func:`write_sidecar` writes it; :func:`parse_sidecar` reads it and raises
:class:`SidecarError` when it is not such an object.  Framework-free.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from datetime import datetime
from typing import Mapping

SIDECAR_SUFFIX = ".meta.json"


class SidecarError(ValueError):
    """A ``.meta.json`` sidecar that is not valid (message says why)."""


@dataclass
class SavedPage:
    """One stored response.

    ``body``: the bytes as received (already un-gzipped for ``.html.gz``
    files); ``url``: the URL it was fetched from, ``None`` when the source
    does not record it; ``fetched_at``: aware datetime of the fetch or
    ``None``; ``status``: HTTP status or ``None``; ``headers``: response
    headers (name → value or list of values); ``source``: where it was read
    from (file path as lossless text, or ``warc:FILE#offset``), used as
    ``source_path``; ``kind``: ``"html"`` or ``"text"`` (a plain-text dump).
    """

    body: bytes
    source: str
    url: str | None = None
    fetched_at: datetime | None = None
    status: int | None = None
    headers: Mapping[str, str | list[str]] = field(default_factory=dict)
    kind: str = "html"
    #: Local file of the page, for a ``file:`` response URL when ``url`` is unknown.
    local_path: str | None = None
    #: Site profile named by the archive that stored the page (newsbot's own WARC
    #: files say it in their ``warcinfo`` record), else ``None``.
    site: str | None = None


@dataclass
class Refusal:
    """An input a source could not turn into a page: ``outcome`` is ``"rejected"``
    (it should have been a page and could not be used) or ``"skipped"`` (not a
    page, by design); ``reason`` a slug (``fifo``, ``symlink_loop`` …)."""

    source: str
    reason: str
    message: str
    outcome: str = "rejected"


def lossless_name(path: str | os.PathLike) -> str:
    """*path* as text that keeps every byte of the name.

    File names that are not UTF-8 arrive from the OS as ``surrogateescape``
    strings, which JSON encoders refuse; their undecodable bytes are written
    as ``\\xNN`` escapes (``b"caf\\xe9.html"`` → ``"caf\\xe9.html"``).
    """
    text = os.fspath(path)
    if isinstance(text, bytes):
        return text.decode("utf-8", "backslashreplace")
    if text.isascii():
        return text
    try:
        text.encode("utf-8")
        return text
    except UnicodeEncodeError:
        return os.fsencode(text).decode("utf-8", "backslashreplace")


def parse_sidecar(data: bytes) -> dict:
    """``{"url", "fetched_at", "status", "headers"}`` from a sidecar's bytes
    (absent keys are ``None`` / ``{}``); :class:`SidecarError` when invalid."""
    try:
        meta = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise SidecarError(f"not UTF-8 JSON: {exc}") from None
    if not isinstance(meta, dict):
        raise SidecarError("not a JSON object")
    url = meta.get("url")
    if url is not None and not (isinstance(url, str) and url.startswith(("http://", "https://"))):
        raise SidecarError(f"url is not an http(s) URL: {url!r}")
    fetched_at = meta.get("fetched_at")
    if fetched_at is not None:
        try:
            fetched_at = datetime.fromisoformat(str(fetched_at).replace("Z", "+00:00"))
        except ValueError:
            raise SidecarError(f"fetched_at is not ISO 8601: {fetched_at!r}") from None
        if fetched_at.tzinfo is None:
            raise SidecarError(f"fetched_at has no UTC offset: {meta['fetched_at']!r}")
    status = meta.get("status")
    if status is not None and not (isinstance(status, int) and 100 <= status <= 599):
        raise SidecarError(f"status is not an HTTP status: {status!r}")
    headers = meta.get("headers") or {}
    if not isinstance(headers, dict) or not all(
            isinstance(v, str) or (isinstance(v, list) and all(isinstance(x, str) for x in v))
            for v in headers.values()):
        raise SidecarError("headers is not an object of strings")
    return {"url": url, "fetched_at": fetched_at, "status": status, "headers": headers}


def sidecar_bytes(url: str | None, fetched_at: datetime | None = None, status: int | None = None,
                  headers: Mapping[str, str | list[str]] | None = None) -> bytes:
    """The sidecar JSON for one saved page (the format :func:`parse_sidecar` reads)."""
    meta: dict = {"url": url}
    if fetched_at is not None:
        meta["fetched_at"] = fetched_at.isoformat()
    if status is not None:
        meta["status"] = status
    if headers:
        meta["headers"] = dict(headers)
    return (json.dumps(meta, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def write_sidecar(page_path: str | os.PathLike, url: str | None, fetched_at: datetime | None = None,
                  status: int | None = None, headers: Mapping[str, str | list[str]] | None = None) -> str:
    """Write ``<page_path>.meta.json`` (to a temporary name, then renamed); returns its path."""
    path = os.fspath(page_path) + SIDECAR_SUFFIX
    temporary = path + ".tmp"
    with open(temporary, "wb") as handle:
        handle.write(sidecar_bytes(url, fetched_at, status, headers))
    os.replace(temporary, path)
    return path
