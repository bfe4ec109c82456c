"""RSS/Atom feeds and (news) sitemaps → article URLs with their dates.

Feeds are read with feedparser (tolerant of the broken feeds many Iranian
sites serve).  Sitemaps are read with lxml directly because Scrapy's
SitemapSpider drops the Google News fields (``news:publication_date``,
``news:title``) that let a crawl skip out-of-range articles before
fetching them.  The XML parser resolves no entities and loads nothing from
the network (XXE / billion-laughs safe).

Only the bytes received are parsed: ``feedparser.parse`` treats a ``str``
*or* ``bytes`` argument that names a file or URL as something to open
(``open(b"/etc/passwd")`` works), so it is always given a ``BytesIO``.

Dates: feedparser's own date parsing reads Jalali dates as Gregorian
(«۱۴۰۲/۰۹/۲۹ - ۰۸:۱۷» → 1402-11-01 AD), so the raw ``published``/``updated``
text is read with :func:`newsbot.core.jalali.parse_machine_datetime`
(ISO 8601 with a year < 1700 is Jalali; RFC 2822; human Jalali dates in
Persian or Latin digits, with or without a time).  Values without an offset
are local time in the site's zone *tz*; a date without a time is local
midnight.  Only when that fails is feedparser's own parse used, and only for
RFC 822-like text that names its month in English and shows the same year
(feedparser misreads ``2023/12/20 08:17`` as 2023-11-01).  A date that cannot be read leaves ``published``
empty and keeps the text in ``published_raw`` (the spider counts it).
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import datetime, timezone, tzinfo
from io import BytesIO

from lxml import etree

from newsbot.core.jalali import TEHRAN, DateParseError, parse_machine_datetime

NEWS_NS = "http://www.google.com/schemas/sitemap-news/0.9"


@dataclass(frozen=True)
class LinkEntry:
    """An article URL found in a feed or sitemap.

    ``published`` is an aware datetime (``None`` when absent or unreadable);
    ``published_raw`` is the date text as found (``None`` when absent).
    """

    url: str
    title: str | None = None
    published: datetime | None = None
    published_raw: str | None = None


class FeedError(ValueError):
    """Not a feed or sitemap that can be read."""


def read_date(raw: str | None, tz: tzinfo = TEHRAN, fallback: tuple | None = None) -> datetime | None:
    """An aware datetime from a feed/sitemap date text, or ``None`` (see module docstring).

    *fallback* is feedparser's ``*_parsed`` UTC time tuple for the same text.
    """
    if not raw or not raw.strip():
        return None
    try:
        return parse_machine_datetime(raw.strip(), tz=tz)
    except DateParseError:
        pass
    if fallback and _confirms(raw, fallback):
        return datetime.fromtimestamp(calendar.timegm(fallback), timezone.utc)
    return None


_MONTH_NAMES = "jan feb mar apr may jun jul aug sep oct nov dec".split()
_NUMBERS = re.compile(r"[0-9]+")
_WORDS = re.compile(r"[a-z]+")


def _confirms(raw: str, parsed: tuple) -> bool:
    """Does feedparser's *parsed* (UTC) agree with the text: ASCII, English month name, year?

    feedparser reads some strings wrongly rather than not at all
    (``2023/12/20 08:17`` → 2023-11-01, ``۱۴۰۲/۰۹/۲۹`` → 1402-11-01), so its
    result is used only for RFC 822-like text naming its month in English
    and showing the same year (the day may shift by the UTC conversion).
    """
    text = raw.lower()
    if not text.isascii() or parsed[0] < 1900:
        return False
    months = [w[:3] for w in _WORDS.findall(text) if w[:3] in _MONTH_NAMES]
    return len(set(months)) == 1 and str(parsed[0]) in _NUMBERS.findall(text)


def parse_feed(body: bytes, tz: tzinfo = TEHRAN) -> list[LinkEntry]:
    """Entries of an RSS or Atom feed (tolerates malformed feeds).

    *body* is the received bytes (never opened as a path or URL); dates
    without an offset are read in *tz*.  Raises :class:`FeedError` when
    nothing feed-like is found.
    """
    import feedparser  # imported on first use: replays never need it

    if not isinstance(body, bytes):
        raise TypeError(f"parse_feed needs bytes, got {type(body).__name__}")
    parsed = feedparser.parse(BytesIO(body), sanitize_html=False, resolve_relative_uris=False)
    if not parsed.entries and parsed.get("bozo"):
        raise FeedError(f"not a feed: {parsed.get('bozo_exception')}")
    entries = []
    for entry in parsed.entries:
        link = (entry.get("link") or "").strip()
        if not link:
            continue
        field = "published" if entry.get("published") else "updated"
        raw = entry.get(field)
        published = read_date(raw, tz, entry.get(field + "_parsed"))
        entries.append(LinkEntry(link, entry.get("title"), published, raw))
    return entries


_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, recover=True,
                          load_dtd=False)


def _local(tag: object) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def parse_sitemap(body: bytes, tz: tzinfo = TEHRAN) -> tuple[str, list[LinkEntry]]:
    """``("index", sitemaps)`` or ``("urlset", urls)`` with news titles and dates.

    *body* is the received (already gunzipped) bytes; ``news:publication_date``
    is preferred over ``lastmod``; dates without an offset are read in *tz*.
    Raises :class:`FeedError` for anything that is not a sitemap.
    """
    if not isinstance(body, bytes):
        raise TypeError(f"parse_sitemap needs bytes, got {type(body).__name__}")
    try:
        root = etree.fromstring(body, _PARSER)
    except etree.XMLSyntaxError as exc:
        raise FeedError(f"not a sitemap: {exc}") from exc
    if root is None or _local(root.tag) not in ("sitemapindex", "urlset"):
        raise FeedError("not a sitemap: no <urlset> or <sitemapindex>")
    kind = "index" if _local(root.tag) == "sitemapindex" else "urlset"
    entries = []
    for node in root:
        if _local(node.tag) not in ("url", "sitemap"):
            continue
        fields = {"loc": None, "lastmod": None, "title": None, "publication_date": None}
        for child in node.iter():
            name = _local(child.tag)
            if name in fields and child.text and fields[name] is None:
                fields[name] = child.text.strip()
        if not fields["loc"]:
            continue
        raw, when = fields["publication_date"], read_date(fields["publication_date"], tz)
        if when is None and fields["lastmod"]:
            raw, when = fields["lastmod"], read_date(fields["lastmod"], tz)
        entries.append(LinkEntry(fields["loc"], fields["title"], when, raw))
    return kind, entries
