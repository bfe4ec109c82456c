"""One extraction path for live crawls and replay.

``SiteSpider.parse_article`` and replay (every saved page, whatever its
source) call :func:`article_from_response`; replayed text dumps, which have
no HTML, call :func:`article_from_text_dump`.  Both end in the same item
assembly, :func:`newsbot.extract.assemble.assemble_article`.
"""

from __future__ import annotations

import codecs
from datetime import datetime
from types import EllipsisType

from scrapy.http import TextResponse

from newsbot.core.textdump import TextDump
from newsbot.extract.article import extract_article
from newsbot.extract.assemble import assemble_article
from newsbot.extract.encoding import response_by_evidence
from newsbot.extract.spec import SiteProfile
from newsbot.items import NewsArticle
from newsbot.loaders import ArticleLoader


def same_codec(a: str | None, b: str | None) -> bool:
    try:
        return bool(a and b) and codecs.lookup(a).name == codecs.lookup(b).name
    except LookupError:
        return False


def article_from_response(
    response: TextResponse,
    profile: SiteProfile,
    *,
    url: str | None | EllipsisType = ...,
    encoding: str | None = None,
    stats=None,
    source_path: str | None = None,
    crawled_at: datetime | None = None,
    text: str | None = None,
    listed: datetime | None = None,
) -> NewsArticle:
    """The article of an HTML page, live or saved.

    *encoding*: the charset to decode the body with when the response's own
    is wrong (``-a encoding=`` or the profile's ``encoding``; applied the
    same way in live crawls and replay).  *url*: the page's URL (default
    ``response.url``; ``None`` when not known, see ``extract_article``).
    *crawled_at*: fetch time (default now).  *text*: ``response.text`` if
    the caller has it, decoded by evidence (replay does that itself); else the
    body is decoded here by evidence — BOM, header, meta, then the bytes
    (:func:`newsbot.extract.encoding.response_by_evidence`).  *listed*: the
    feed/sitemap date of the link.  *stats*: a Scrapy stats collector (or
    anything with ``inc_value``).
    """
    if encoding and not same_codec(encoding, response.encoding):
        response = response.replace(encoding=encoding)
        text = None
    elif text is None and not encoding:
        response = response_by_evidence(response, stats)
    return extract_article(response, profile, stats=stats, source_path=source_path, now=crawled_at,
                           text=text, url=url, listed=listed)


def article_from_text_dump(
    dump: TextDump,
    profile: SiteProfile,
    *,
    url: str | None = None,
    stats=None,
    source_path: str | None = None,
    crawled_at: datetime | None = None,
) -> NewsArticle:
    """The article of a plain-text dump (``newsbot.core.textdump``).

    A dump records no URL: *url* comes from a sidecar or ``-a url=``, else
    ``url`` and ``canonical_url`` stay ``None``.
    """
    loader = ArticleLoader(profile=profile)
    loader.add_value("news_code", dump.news_code or (profile.article_id(url) if url else None))
    if url:
        loader.add_value("canonical_url", url)
    loader.add_value("title", dump.title)
    loader.add_value("lead", dump.lead)
    loader.add_value("body", dump.paragraphs)
    loader.add_value("published_at_raw", dump.date_raw)
    return assemble_article(loader, profile, url=url, source_path=source_path, crawled_at=crawled_at,
                            stats=stats)
