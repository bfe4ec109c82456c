"""Offline replay: a :class:`~newsbot.core.savedpage.SavedPage` → NewsArticle.

Every saved page, whatever its source (files and their sidecars here; WARC
records or HTTP-cache entries from an archive reader), becomes a Scrapy
``HtmlResponse`` with its true URL and goes through
``newsbot.extract.page.article_from_response``, the function the live
``SiteSpider`` uses for article pages.  The page's URL is, in this order:
``-a url=`` (one file only), the source's record (sidecar ``url``), the
page's ``link[rel=canonical]``/``og:url`` (a site-relative one resolved on
a known site's base URL); else it is unknown and ``url``/``canonical_url``
stay ``None``: never a homepage or an invented host.  ``crawled_at`` is the
record's fetch time (sidecar ``fetched_at``) when known, else now.
"""

from __future__ import annotations

import logging
import os
from datetime import datetime, timezone
from pathlib import Path
from typing import Iterator
from urllib.parse import urljoin

from scrapy.http import HtmlResponse

from newsbot.core.charset import bom_encoding
from newsbot.core.savedpage import Refusal, SavedPage
from newsbot.core.textdump import TextDumpError, parse_text_dump
from newsbot.core.walls import detect_wall
from newsbot.extract.detect import UnknownSiteError, detect_profile, detect_text_site, page_url
from newsbot.extract.encoding import decode_body
from newsbot.extract.page import article_from_response, article_from_text_dump
from newsbot.extract.sources import (HTML_SUFFIXES, MAX_PAGE_BYTES, TEXT_SUFFIXES,  # noqa: F401
                                     FileTreeSource, ReplayError, read_saved_file)
from newsbot.items import NewsArticle
from newsbot.sites import SITES

logger = logging.getLogger(__name__)


def iter_replay_files(path: str | os.PathLike) -> Iterator[Path]:
    """The page files :class:`FileTreeSource` would read under *path* (not the refused ones)."""
    for entry in FileTreeSource(path).entries:
        if not isinstance(entry, Refusal):
            yield Path(entry[0])


def decode_page(data: bytes, content_type: str | None = None, stats=None, where: str = "") -> tuple[str, str]:
    """The page's text and encoding, decided by evidence exactly as in a live crawl
    (:func:`newsbot.extract.encoding.decode_body`: BOM, declaration, then the bytes)."""
    return decode_body(data, content_type, stats, where=where)


def _header(headers, name: str) -> str | None:
    for key, value in headers.items():
        if key.lower() == name:
            return value[0] if isinstance(value, list) and value else value
    return None


def page_address(canonical: str | None, profile) -> str | None:
    """The page's URL from its own canonical link: absolute, or site-relative on a
    catalogued site (whose base URL is known); ``None`` otherwise."""
    if not canonical:
        return None
    if canonical.startswith(("http://", "https://")):
        return canonical
    if canonical.startswith("/") and not canonical.startswith("//") and SITES.get(profile.name) is profile:
        return urljoin(profile.base_url + "/", canonical)
    return None


class WallPage(ReplayError):
    """The saved page is a wall (CDN challenge, captcha, access denied, login), not the article:
    ``kind`` is one of ``newsbot.core.walls.WALL_KINDS``; ``reason`` is ``wall_<kind>``."""

    def __init__(self, kind: str, source: str):
        super().__init__(f"wall_{kind}", f"{source}: the saved page is a {kind} wall, not an article")
        self.kind = kind


def check_wall(page: SavedPage, html: str) -> None:
    """Raise :class:`WallPage` when *page* (decoded as *html*) is a wall."""
    kind = detect_wall(page.status or 200, page.headers, html)
    if kind is not None:
        raise WallPage(kind, page.source or "page")


def extract_saved(page: SavedPage, *, site: str | None = None, url: str | None = None,
                  stats=None, now: datetime | None = None) -> NewsArticle:
    """The article of one saved page; :class:`ReplayError` when it cannot be used.

    *site*: profile name (``-a site=``) when the page cannot tell; *url*:
    ``-a url=`` (wins over the page's record).  Reasons raised:
    ``http_status``, ``binary``, ``unknown_site``, ``bad_encoding``,
    ``not_an_article``; :class:`WallPage` (``wall_<kind>``) for a wall.
    """
    crawled_at = page.fetched_at or now or datetime.now(timezone.utc)
    known = url or page.url
    if page.status is not None and not 200 <= page.status < 300:
        if page.kind == "html":  # a saved 403/429/503 may be a CDN challenge or access-denied page
            check_wall(page, page.body.decode("utf-8", "replace"))
        raise ReplayError("http_status", f"saved response has HTTP status {page.status}")
    if page.kind == "text":
        return _extract_text(page, site=site, url=known, stats=stats, crawled_at=crawled_at)
    data = page.body
    if b"\x00" in data[:4096] and bom_encoding(data) is None:  # UTF-16/32 have NULs
        raise ReplayError("binary", "binary content, not a web page")
    headers = page.headers or None
    content_type = _header(headers, "content-type") if headers else None
    html, encoding = decode_page(data, content_type, stats, where=page.source or "")
    check_wall(page, html)
    canonical = None if known else page_url(html)
    try:
        profile = detect_profile(html, url=known, site=site, canonical=canonical)
    except UnknownSiteError as exc:
        raise ReplayError("unknown_site", str(exc)) from exc
    known = known or page_address(canonical, profile)
    if known is None and stats is not None:
        stats.inc_value("newsbot/replay/url_unknown")
    response_url = known or Path(page.local_path or "page.html").absolute().as_uri()
    response = HtmlResponse(url=response_url, body=data, encoding=encoding, headers=headers,
                            status=page.status or 200)
    # The text is already decoded: share it (``response.text`` is read by
    # ``response.urljoin`` and the selectors) instead of decoding the page again.
    if getattr(response, "_cached_ubody", False) is None:
        response._cached_ubody = html
    return article_from_response(response, profile, url=known, encoding=profile.encoding, stats=stats,
                                 source_path=page.source, crawled_at=crawled_at, text=html)


def _extract_text(page: SavedPage, *, site, url, stats, crawled_at) -> NewsArticle:
    try:
        text = page.body.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ReplayError("bad_encoding", f"text dump is not UTF-8: {exc}") from exc
    try:
        dump = parse_text_dump(text)
        profile = detect_text_site(text, site=site)
    except (TextDumpError, UnknownSiteError) as exc:
        raise ReplayError("not_an_article", str(exc)) from exc
    return article_from_text_dump(dump, profile, url=url, stats=stats, source_path=page.source,
                                  crawled_at=crawled_at)


def extract_file(path: str | os.PathLike, *, site: str | None = None, url: str | None = None,
                 stats=None) -> NewsArticle:
    """The article of one saved file (and its ``.meta.json`` sidecar, if any);
    :class:`ReplayError` if impossible."""
    path = os.fspath(path)
    sidecar = path + ".meta.json"
    page = read_saved_file(path, sidecar if os.path.isfile(sidecar) else None)
    return extract_saved(page, site=site, url=url, stats=stats)
