"""Saved pages out of a Scrapy HTTP cache directory (no Scrapy import).

Reads what ``scrapy.extensions.httpcache.FilesystemCacheStorage`` writes:
``<HTTPCACHE_DIR>/<spider>/<fp[:2]>/<fp>/`` holding ``meta`` (a Python
literal dict: url, method, status, response_url, timestamp),
``response_headers`` (raw ``Name: value`` lines), ``response_body`` (the
body as received, still content-encoded: the cache middleware runs before
``HttpCompressionMiddleware``), each gzipped when ``HTTPCACHE_GZIP`` is on.
``pickled_meta`` is never unpickled (untrusted input).  The page's fetch
time is the entry's ``timestamp``.
"""

from __future__ import annotations

import ast
import gzip
import logging
import os
from datetime import datetime, timezone
from io import BytesIO
from pathlib import Path
from typing import Callable, Iterator

from warcio.bufferedreaders import BufferedReader

from newsbot.archive.pages import MAX_BODY_BYTES, Counts, SavedPage, decoded_headers, header, is_html

logger = logging.getLogger(__name__)


def is_cache_entry(path: Path) -> bool:
    """True for one ``FilesystemCacheStorage`` entry: a directory with ``meta`` and ``response_body``."""
    return (path / "meta").is_file() and (path / "response_body").is_file()


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
        body = _decode_content(body, header(headers, "Content-Encoding"))
    except (OSError, ValueError, EOFError) as exc:
        counts["bad_record"] += 1
        logger.warning("%s: unreadable cache entry: %s", entry, exc)
        return None
    if not is_html(header(headers, "Content-Type"), body):
        counts["not_html"] += 1
        return None
    timestamp = meta.get("timestamp")
    fetched_at = (datetime.fromtimestamp(float(timestamp), timezone.utc)
                  if isinstance(timestamp, (int, float)) else None)
    counts["pages"] += 1
    return SavedPage(body=body, source=str(entry), url=url, fetched_at=fetched_at, status=status,
                     headers=decoded_headers(headers))


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
