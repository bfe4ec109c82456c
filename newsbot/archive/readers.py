"""Saved pages out of WARC files and Scrapy HTTP cache directories (no Scrapy import).

:func:`iter_warc` reads ``.warc``/``.warc.gz`` files with warcio
(``ArchiveIterator``; ``record.content_stream()`` removes chunked transfer
framing and gzip/deflate/br content encoding): newsbot's own archives, Common
Crawl CC-NEWS and other crawlers'.  Only ``response`` records with an HTTP
status and an HTML content type become pages; ``revisit`` records and
non-HTML responses are counted and skipped.  A truncated or corrupt tail (a
crawl killed mid-write) ends the file with one warning and the
``truncated`` count, never an exception.

:func:`iter_httpcache` reads a Scrapy ``HTTPCACHE_DIR`` written by
``FilesystemCacheStorage`` (``<dir>/<spider>/<fp[:2]>/<fp>/`` holding
``meta`` — a Python literal dict with url, status, timestamp —
``response_headers``, ``response_body``, optionally gzipped with
``HTTPCACHE_GZIP``).  ``pickled_meta`` is never unpickled (untrusted input).

Counters go to a :class:`Counts` (a ``Counter`` of slugs: ``pages``,
``revisit``, ``not_html``, ``not_response``, ``other_domain``, ``truncated``,
``bad_record``…) that callers turn into stats.
"""

from __future__ import annotations

import logging
import os
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable, Iterable, Iterator

from warcio.archiveiterator import ArchiveIterator
from warcio.utils import BUFF_SIZE

from newsbot.archive.httpcache import (  # noqa: F401 - re-exported
    is_cache_entry, iter_cache_entries, iter_httpcache, read_cache_entry,
)
from newsbot.archive.pages import MAX_BODY_BYTES, Counts, SavedPage, decoded_headers, is_html  # noqa: F401

logger = logging.getLogger(__name__)
WARC_SUFFIXES = (".warc", ".warc.gz")


def is_warc(path: Path) -> bool:
    return path.name.lower().endswith(WARC_SUFFIXES)


def _parse_date(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=timezone.utc)


def _warcinfo_site(record) -> tuple[str | None, bool]:
    """(site, is_newsbot) from a ``warcinfo`` record's fields."""
    fields = {}
    for line in record.content_stream().read(65536).decode("utf-8", "replace").splitlines():
        name, _, value = line.partition(":")
        fields[name.strip().lower()] = value.strip()
    newsbot = fields.get("software", "").startswith("newsbot/")
    return (fields.get("site") or None) if newsbot else None, newsbot


def iter_warc(path: str | os.PathLike, counts: Counts | None = None,
              wanted: Callable[[str], bool] | None = None,
              part: tuple[int, int] | None = None) -> Iterator[SavedPage]:
    """The HTML 2xx response records of one WARC file, in file order.

    *wanted(url)* filters by URL before the body is decoded (a miss counts
    ``other_domain``; pages of newsbot's own archives, whose ``warcinfo``
    names the site, always pass).  *part* = ``(i, n)``: only response
    records whose index in the file is ``i`` modulo ``n`` (``-a workers``).
    Never raises for bad content; ``OSError`` if the file cannot be opened.
    """
    counts = Counts() if counts is None else counts
    path = Path(path)
    state = {"site": None, "index": -1}
    with open(path, "rb") as handle:
        records = ArchiveIterator(handle)
        while True:
            try:
                record = next(records)
            except StopIteration:
                size = os.fstat(handle.fileno()).st_size
                if records.offset < size and (part is None or part[0] == 0):  # cut inside its headers
                    counts["truncated"] += 1
                    logger.warning("%s: truncated record at offset %s (%s bytes unread); rest of file skipped",
                                   path, records.offset, size - records.offset)
                break
            except Exception as exc:  # truncated member, bad gzip, bad headers: the rest is lost
                if part is not None and part[0] != 0:
                    break  # shard 0 reports it
                counts["truncated"] += 1
                logger.warning("%s: unreadable from offset %s on (%s: %s); rest of file skipped",
                               path, getattr(records, "offset", "?"), type(exc).__name__, exc)
                break
            try:
                page = _record_page(record, path, records.offset, counts, wanted, part, state)
            except Exception as exc:  # one bad record: count it, go on
                counts["bad_record"] += 1
                logger.warning("%s: bad record at offset %s: %s: %s", path, records.offset,
                               type(exc).__name__, exc)
                continue
            if page is not None:
                yield page


def _record_page(record, path, offset, counts, wanted, part, state) -> SavedPage | None:
    kind = record.rec_type
    if kind == "warcinfo":
        state["site"] = _warcinfo_site(record)[0]
        return None
    counted = part is None or part[0] == 0  # records outside the response index: shard 0 counts them
    if kind == "revisit":
        counts["revisit"] += 1 if counted else 0
        return None
    if kind != "response":
        counts["not_response"] += 1 if counted else 0
        return None
    http = record.http_headers
    code = http.get_statuscode() if http is not None else None
    if not code or not code.isdigit():
        counts["not_http"] += 1 if counted else 0
        return None
    state["index"] += 1
    if part is not None and state["index"] % part[1] != part[0]:
        return None
    url = (record.rec_headers.get_header("WARC-Target-URI") or "").strip("<>")
    status = int(code)
    if not 200 <= status < 300:
        counts["not_ok"] += 1
        return None
    if not is_html(http.get_header("Content-Type"), b"<html"):
        counts["not_html"] += 1
        return None
    site = state["site"]
    if site is None and wanted is not None and not wanted(url):
        counts["other_domain"] += 1
        return None
    body = record.content_stream().read(MAX_BODY_BYTES + 1)
    if len(body) > MAX_BODY_BYTES:
        counts["too_large"] += 1
        return None
    raw = record.raw_stream
    while raw.read(BUFF_SIZE):  # the rest of the raw block, if the decoder stopped early
        pass
    if getattr(raw, "limit", 0) > 0:  # fewer bytes than its Content-Length: cut by a crash
        counts["truncated"] += 1
        logger.warning("%s: truncated record at offset %s (%s bytes missing); rest of file skipped",
                       path, offset, raw.limit)
        return None
    counts["pages"] += 1
    return SavedPage(body=body, source=f"{path}#{offset}", url=url,
                     fetched_at=_parse_date(record.rec_headers.get_header("WARC-Date")),
                     status=status, headers=decoded_headers(http.headers), site=site)


def iter_saved_pages(paths: Iterable[Path], counts: Counts | None = None,
                     wanted: Callable[[str], bool] | None = None,
                     part: tuple[int, int] | None = None) -> Iterator[SavedPage]:
    """Pages of each WARC file, cache entry or cache directory in *paths*, in order.

    *part* = ``(i, n)``: response records ``i`` modulo ``n`` of each WARC
    file, and cache entries ``i`` modulo ``n`` (counted over all of *paths*).
    """
    counts = Counts() if counts is None else counts
    entry_index = -1
    for path in paths:
        if is_warc(path):
            try:
                yield from iter_warc(path, counts, wanted, part)
            except OSError as exc:
                counts["unreadable"] += 1
                logger.warning("%s: cannot read: %s", path, exc)
            continue
        for entry in ([path] if is_cache_entry(path) else iter_cache_entries(path)):
            entry_index += 1
            if part is not None and entry_index % part[1] != part[0]:
                continue
            page = read_cache_entry(entry, counts, wanted)
            if page is not None:
                yield page
