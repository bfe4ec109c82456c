"""Archived pages (WARC records, HTTP cache entries) through the live extraction.

Each :class:`~newsbot.archive.readers.SavedPage` becomes an ``HtmlResponse``
with its real URL, status and headers (minus the transfer/content encodings
the reader already removed), and goes to the same
:func:`~newsbot.extract.article.extract_article` a live crawl's
``parse_article`` calls, with ``now`` = the record's fetch time: so
``crawled_at`` is the record's ``WARC-Date`` (cache: its timestamp) and
relative dates ("2 hours ago") resolve as they did live.

Which profile: the site named by newsbot's own archive (``warcinfo``), else
``-a site=``, else detection from the URL host, canonical URL and CMS
markers (:func:`~newsbot.extract.detect.detect_profile`).

Which records (foreign archives): those on newsbot's known domains (every
site profile's ``domains``) by default; ``domains="a.ir,b.com"`` replaces
that list; ``any_site=True`` takes every HTML page and keeps those that
detection recognises as a news page of a known CMS family.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Callable, Iterator

from scrapy.http import HtmlResponse

from newsbot.archive.readers import SavedPage, is_cache_entry, is_warc
from newsbot.core.urls import host_in_domains, host_of
from newsbot.extract.article import extract_article
from newsbot.extract.detect import UnknownSiteError, detect_profile, page_url
from newsbot.items import NewsArticle
from newsbot.sites import SITES

class ArchivePageError(ValueError):
    """A saved page replay cannot use; ``reason`` is a short slug for stats."""

    def __init__(self, reason: str, message: str):
        super().__init__(message)
        self.reason = reason


def known_domains() -> tuple[str, ...]:
    """Every site profile's domains (newsbot's default record filter)."""
    return tuple(sorted({d for profile in SITES.values() for d in profile.domains}))


def domain_filter(domains: str | None = None, any_site: bool = False) -> Callable[[str], bool] | None:
    """The URL predicate for foreign records: ``None`` (everything) with *any_site*."""
    if any_site:
        return None
    wanted = tuple(d.strip().lower().lstrip(".") for d in domains.split(",") if d.strip()) \
        if domains else known_domains()
    return lambda url: host_in_domains(host_of(url) or "", wanted)


def iter_archive_inputs(root: str | os.PathLike) -> Iterator[Path]:
    """WARC files and HTTP cache entries at or below *root*, sorted; symlinked dirs not followed."""
    root = Path(root)
    if root.is_file():
        if is_warc(root):
            yield root
        return
    if is_cache_entry(root):
        yield root
        return
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames.sort()
        here = Path(dirpath)
        if "meta" in filenames and "response_body" in filenames:
            dirnames.clear()
            yield here
            continue
        for name in sorted(filenames):
            if is_warc(here / name):
                yield here / name


def page_response(page: SavedPage, encoding: str | None = None) -> HtmlResponse:
    """The ``HtmlResponse`` a live crawl would have handed to ``parse_article``."""
    return HtmlResponse(url=page.url, status=page.status or 200, headers=page.headers, body=page.body,
                        encoding=encoding)


def extract_page(page: SavedPage, *, site: str | None = None, stats=None) -> NewsArticle:
    """The article in *page*; :class:`ArchivePageError` when no profile fits."""
    name = page.site or site
    if name:
        profile = SITES.get(name)
        if profile is None:
            raise ArchivePageError("unknown_site", f"no site profile named {name!r}")
        response = page_response(page, profile.encoding)
    else:
        response = page_response(page)
        html = response.text
        try:
            profile = detect_profile(html, url=page.url, canonical=page_url(html))
        except UnknownSiteError as exc:
            raise ArchivePageError("unknown_site", str(exc)) from exc
        if profile.encoding:
            response = response.replace(encoding=profile.encoding)
    return extract_article(response, profile, stats=stats, source_path=page.source,
                           now=page.fetched_at)
