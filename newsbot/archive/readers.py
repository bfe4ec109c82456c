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

import ast
import gzip
import logging
import os
from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable, Iterable, Iterator

from warcio.archiveiterator import ArchiveIterator
from warcio.bufferedreaders import BufferedReader
from warcio.utils import BUFF_SIZE

logger = logging.getLogger(__name__)
WARC_SUFFIXES = (".warc", ".warc.gz")
HTML_TYPES = ("text/html", "application/xhtml+xml")
#: Largest body (after decoding) read from a record; bigger pages are counted ``too_large``.
MAX_BODY_BYTES = 20 * 1024 * 1024
Counts = Counter


@dataclass
class SavedPage:
    """One fetched page.

    ``url``: the URL it was fetched from (``WARC-Target-URI`` / cache meta);
    ``fetched_at``: aware UTC datetime of the fetch (``WARC-Date`` / cache
    timestamp), or ``None``; ``status``: HTTP status; ``headers``:
    ``[(name, value), …]``; ``body``: bytes with transfer and content
    encodings removed; ``source``: where it came from (``file#offset`` or
    the cache entry directory); ``site``: the profile named by newsbot's own
    archive (``warcinfo`` ``site`` field), else ``None``.
    """

    url: str
    fetched_at: datetime | None
    status: int
    headers: list[tuple[str, str]]
    body: bytes
    source: str
    site: str | None = None

    def header(self, name: str) -> str | None:
        lowered = name.lower()
        return next((v for k, v in self.headers if k.lower() == lowered), None)


def is_warc(path: Path) -> bool:
    return path.name.lower().endswith(WARC_SUFFIXES)


def is_cache_entry(path: Path) -> bool:
    """True for one ``FilesystemCacheStorage`` entry: a directory with ``meta`` and ``response_body``."""
    return (path / "meta").is_file() and (path / "response_body").is_file()


def _parse_date(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=timezone.utc)


def _is_html(content_type: str | None, body_head: bytes) -> bool:
    if content_type:
        return content_type.split(";", 1)[0].strip().lower() in HTML_TYPES
    head = body_head[:1024].lstrip().lower()
    return head.startswith((b"<!doctype html", b"<html"))


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
                if records.offset < size:  # a member cut inside its WARC headers
                    counts["truncated"] += 1
                    logger.warning("%s: truncated record at offset %s (%s bytes unread); rest of file skipped",
                                   path, records.offset, size - records.offset)
                break
            except Exception as exc:  # truncated member, bad gzip, bad headers: the rest is lost
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
        counts["revisit"] += counted
        return None
    if kind != "response":
        counts["not_response"] += counted
        return None
    http = record.http_headers
    code = http.get_statuscode() if http is not None else None
    if not code or not code.isdigit():
        counts["not_http"] += counted
        return None
    state["index"] += 1
    if part is not None and state["index"] % part[1] != part[0]:
        return None
    url = (record.rec_headers.get_header("WARC-Target-URI") or "").strip("<>")
    status = int(code)
    if not 200 <= status < 300:
        counts["not_ok"] += 1
        return None
    if not _is_html(http.get_header("Content-Type"), b"<html"):
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
    return SavedPage(url=url, fetched_at=_parse_date(record.rec_headers.get_header("WARC-Date")),
                     status=status, headers=list(http.headers), body=body,
                     source=f"{path}#{offset}", site=site)


# --------------------------------------------------------------------- HTTP cache

def _read_maybe_gzip(path: Path) -> bytes:
    data = path.read_bytes()
    return gzip.decompress(data) if data[:2] == b"\x1f\x8b" else data


def _raw_headers(data: bytes) -> list[tuple[str, str]]:
    headers = []
    for line in data.decode("latin-1").splitlines():
        name, sep, value = line.partition(":")
        if sep:
            headers.append((name.strip(), value.strip()))
    return headers


def _decode_content(body: bytes, encoding: str | None) -> bytes:
    """*body* with its ``Content-Encoding`` removed (warcio's decompressors: gzip, deflate, br)."""
    if not encoding or encoding.lower() == "identity":
        return body
    decomp = encoding.lower()
    if decomp not in BufferedReader.get_supported_decompressors():
        raise ValueError(f"unsupported Content-Encoding {encoding!r}")
    from io import BytesIO
    return BufferedReader(BytesIO(body), decomp_type=decomp).read(MAX_BODY_BYTES + 1)


def iter_cache_entries(root: Path) -> Iterator[Path]:
    """Every cache entry directory below *root* (sorted), i.e. each directory with a ``meta`` file."""
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames.sort()
        if "meta" in filenames and "response_body" in filenames:
            dirnames.clear()
            yield Path(dirpath)


def read_cache_entry(entry: Path, counts: Counts,
                     wanted: Callable[[str], bool] | None = None) -> SavedPage | None:
    """One ``FilesystemCacheStorage`` entry as a page, or ``None`` (counted) if unusable."""
    try:
        meta = ast.literal_eval(_read_maybe_gzip(entry / "meta").decode("utf-8"))
        url = meta.get("response_url") or meta["url"]
        status = int(meta["status"])
    except (OSError, ValueError, SyntaxError, KeyError, TypeError, EOFError) as exc:
        counts["bad_record"] += 1
        logger.warning("%s: unreadable cache entry: %s", entry, exc)
        return None
    if not 200 <= status < 300:
        counts["not_ok"] += 1
        return None
    if wanted is not None and not wanted(url):
        counts["other_domain"] += 1
        return None
    try:
        headers = _raw_headers(_read_maybe_gzip(entry / "response_headers"))
        body = _read_maybe_gzip(entry / "response_body")
        page = SavedPage(url=url, fetched_at=None, status=status, headers=headers, body=b"",
                         source=str(entry))
        body = _decode_content(body, page.header("Content-Encoding"))
    except (OSError, ValueError, EOFError) as exc:
        counts["bad_record"] += 1
        logger.warning("%s: unreadable cache entry: %s", entry, exc)
        return None
    if not _is_html(page.header("Content-Type"), body):
        counts["not_html"] += 1
        return None
    timestamp = meta.get("timestamp")
    page.fetched_at = (datetime.fromtimestamp(float(timestamp), timezone.utc)
                       if isinstance(timestamp, (int, float)) else None)
    page.body = body
    counts["pages"] += 1
    return page


def iter_httpcache(root: str | os.PathLike, counts: Counts | None = None,
                   wanted: Callable[[str], bool] | None = None,
                   part: tuple[int, int] | None = None) -> Iterator[SavedPage]:
    """The HTML 2xx pages of a Scrapy HTTP cache directory (entries in path order)."""
    counts = Counts() if counts is None else counts
    for index, entry in enumerate(iter_cache_entries(Path(root))):
        if part is not None and index % part[1] != part[0]:
            continue
        page = read_cache_entry(entry, counts, wanted)
        if page is not None:
            yield page


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
