"""Offline replay: saved pages (HTML, gzipped HTML, text dumps) → NewsArticle.

The same extractor and loader as a live crawl run on each file; the spider
``replay`` only walks the paths and hands items to the pipelines.
"""

from __future__ import annotations

import gzip
import logging
import os
from datetime import datetime, timezone
from pathlib import Path
from typing import Iterator
from urllib.parse import urljoin

from scrapy.http import HtmlResponse

from newsbot.core.charset import bom_encoding
from newsbot.core.textdump import TextDumpError, parse_text_dump
from newsbot.extract.article import extract_article
from newsbot.extract.dates import resolve_published
from newsbot.extract.detect import UnknownSiteError, detect_profile, detect_text_site, page_url
from newsbot.extract.encoding import decode_body
from newsbot.items import NewsArticle
from newsbot.loaders import ArticleLoader

logger = logging.getLogger(__name__)
HTML_SUFFIXES = (".html", ".htm", ".html.gz", ".htm.gz")
TEXT_SUFFIXES = (".txt",)
#: Largest page (after decompression) that replay reads; bigger files are rejected.
MAX_PAGE_BYTES = 20 * 1024 * 1024


class ReplayError(ValueError):
    """A file replay cannot use; ``reason`` is a short slug for stats."""

    def __init__(self, reason: str, message: str):
        super().__init__(message)
        self.reason = reason


def is_replayable(path: Path) -> bool:
    return path.name.lower().endswith(HTML_SUFFIXES + TEXT_SUFFIXES)


def iter_replay_files(path: str | os.PathLike) -> Iterator[Path]:
    """*path* itself, or every replayable file below it in sorted order.

    Only what was given is read: directory symlinks are not followed, and a
    file symlink that points outside *path* is skipped with a warning.
    """
    root = Path(path)
    if root.is_dir():
        real_root = root.resolve()
        for dirpath, dirnames, filenames in os.walk(root):
            dirnames.sort()
            for name in sorted(filenames):
                candidate = Path(dirpath, name)
                if not is_replayable(candidate):
                    continue
                if candidate.is_symlink() and not candidate.resolve().is_relative_to(real_root):
                    logger.warning("replay: skipped %s: symlink outside %s", candidate, root)
                    continue
                yield candidate
    elif root.exists():
        yield root
    else:
        raise FileNotFoundError(f"replay path does not exist: {root}")


def read_page_bytes(path: Path, limit: int = MAX_PAGE_BYTES) -> bytes:
    """File content (gunzipped for ``.gz``), refusing more than *limit* bytes."""
    try:
        if path.name.lower().endswith(".gz"):
            with gzip.open(path, "rb") as handle:
                data = handle.read(limit + 1)
        else:
            with open(path, "rb") as handle:
                size = os.fstat(handle.fileno()).st_size
                # read(n) allocates n bytes up front: ask for the file's size
                # (+1 to see growth) rather than the 20 MB limit
                data = handle.read(min(size, limit) + 1)
    except (OSError, EOFError, gzip.BadGzipFile) as exc:
        raise ReplayError("unreadable", f"cannot read: {exc}") from exc
    if len(data) > limit:
        raise ReplayError("too_large", f"larger than {limit} bytes")
    if not data or data.isspace():
        raise ReplayError("empty", "empty file")
    return data


def decode_page(data: bytes, path: Path, stats=None) -> tuple[str, str]:
    """The page's text and encoding, decided by evidence as in a live crawl
    (:func:`newsbot.extract.encoding.decode_body`: BOM, declaration, then the bytes)."""
    return decode_body(data, None, stats, where=str(path))


def extract_file(
    path: Path, *, site: str | None = None, url: str | None = None, stats=None
) -> NewsArticle:
    """Extract the article in one saved file; :class:`ReplayError` if impossible."""
    data = read_page_bytes(path)
    now = datetime.now(timezone.utc)
    if path.name.lower().endswith(TEXT_SUFFIXES):
        return _extract_text(data, path, site=site, url=url, now=now)
    if b"\x00" in data[:4096] and bom_encoding(data) is None:  # UTF-16/32 have NULs
        raise ReplayError("binary", "binary content, not a web page")
    html, encoding = decode_page(data, path, stats)
    canonical = None if url else page_url(html)
    try:
        profile = detect_profile(html, url=url, site=site, canonical=canonical)
    except UnknownSiteError as exc:
        raise ReplayError("unknown_site", str(exc)) from exc
    page = url or urljoin(profile.base_url + "/", canonical or "/")
    response = HtmlResponse(url=page, body=data, encoding=encoding)
    # The text is already decoded: share it (``response.text`` is read by
    # ``response.urljoin`` and the selectors) instead of decoding the page again.
    if getattr(response, "_cached_ubody", False) is None:
        response._cached_ubody = html
    return extract_article(response, profile, stats=stats, source_path=str(path), now=now, text=html)


def _extract_text(data: bytes, path: Path, *, site, url, now) -> NewsArticle:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ReplayError("bad_encoding", f"text dump is not UTF-8: {exc}") from exc
    try:
        dump = parse_text_dump(text)
        profile = detect_text_site(text, site=site)
    except (TextDumpError, UnknownSiteError) as exc:
        raise ReplayError("not_an_article", str(exc)) from exc
    loader = ArticleLoader(profile=profile)
    loader.add_value("site", profile.name)
    loader.add_value("news_code", dump.news_code)
    loader.add_value("title", dump.title)
    loader.add_value("lead", dump.lead)
    loader.add_value("body", dump.paragraphs)
    loader.add_value("published_at_raw", dump.date_raw)
    loader.add_value("language", profile.language)
    loader.add_value("source_path", str(path))
    loader.add_value("crawled_at", now)
    item = loader.load_item()
    item.url = url or (profile.article_url(item.news_code) if item.news_code else None)
    item.canonical_url = item.url
    item.published_at = resolve_published(item.published_at_raw, [], profile.timezone, url=str(path))
    return item
