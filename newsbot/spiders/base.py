"""SiteSpider: the one live-crawl spider class; each site is a profile on it.

Discovery (``-a discovery=feeds,sitemaps,listings,archive``; default
``feeds,sitemaps,listings``, or ``archive,sitemaps,feeds`` for a backfill):

* feeds: RSS/Atom via feedparser;
* sitemaps: sitemap indexes and Google News sitemaps (their publication
  dates let a backfill skip out-of-range articles before fetching them);
* listings: the homepage and section pages;
* archive: the CMS archive by date (backfill only), page after page until a
  page has no article links or mostly known ones: at least
  ``NEWSBOT_KNOWN_STOP_RATIO`` (0.8) of its links already exported.  Not
  "all", because archives mix in other days' articles, which a backfill of
  this range never exports and so never knows.

Backfill: ``-a since=1402/09/01 -a until=1402/09/30`` (Jalali or ISO days,
inclusive, in the site's time zone); every article is also checked against
the range by its own publish date, since archives mix days.

``-a base_url=http://host:port`` crawls a mirror or a test server with the
same paths; links on the real domain are rebased onto it.  ``-a
encoding=windows-1256`` overrides a lying charset header (or set
``encoding`` in the site profile).
"""

from __future__ import annotations

import codecs
import logging
import struct
import zlib
from datetime import datetime
from typing import Any, ClassVar, Iterable, Iterator
from zoneinfo import ZoneInfo

import scrapy
from scrapy.http import Response, TextResponse
from scrapy.utils.gz import gunzip, gzip_magic_number

from newsbot.core.dayrange import DayRange, jalali_parts
from newsbot.core.feeds import FeedError, LinkEntry, parse_feed, parse_sitemap
from newsbot.core.identity import article_id
from newsbot.core.urls import host_in_domains, host_of, rebase
from newsbot.exitcodes import UsageError
from newsbot.extract.article import rejected_page
from newsbot.extract.page import article_from_response
from newsbot.extract.spec import SiteProfile
from newsbot.rejects import check_rejects_path, rejects_path
from newsbot.state import store_for
from newsbot.state.middleware import META_KEYS

logger = logging.getLogger(__name__)
DISCOVERY = ("feeds", "sitemaps", "listings", "archive")
#: Request meta key: the feed/sitemap date of an article link (evidence for its publish date).
LISTED_AT = "newsbot_listed_at"


def check_site_arguments(name: str, profile: SiteProfile, known: tuple[str, ...], spargs: dict,
                         settings) -> None:
    """The checks of ``SiteSpider.check_arguments``: unknown option, bad day, discovery,
    page count, encoding, base URL or rejects file → :class:`UsageError`."""
    # names starting with "_" are scrapyd's (``_job``), not the user's
    unknown = sorted(k for k in spargs if k not in known and not k.startswith("_"))
    if unknown:
        raise UsageError(f"{name}: unknown option -a {unknown[0]} (known: {', '.join(known)})")
    since, until = spargs.get("since"), spargs.get("until")
    if since or until:
        try:
            DayRange.parse(since, until, today=datetime.now(ZoneInfo(profile.timezone)).date())
        except ValueError as exc:
            raise UsageError(f"{name}: -a since/until: {exc}") from None
    if spargs.get("discovery") is not None:
        chosen = {d.strip() for d in spargs["discovery"].split(",") if d.strip()}
        wrong = sorted(chosen - set(DISCOVERY))
        if wrong or not chosen:
            raise UsageError(f"{name}: -a discovery={spargs['discovery']}: "
                             f"choose from {', '.join(DISCOVERY)} (comma-separated)")
    pages = str(spargs.get("max_archive_pages", "1"))
    if not (pages.isascii() and pages.isdigit() and int(pages) > 0):
        raise UsageError(f"{name}: -a max_archive_pages={pages}: not a positive whole number")
    if spargs.get("encoding"):
        try:
            codecs.lookup(spargs["encoding"])
        except LookupError:
            raise UsageError(f"{name}: -a encoding={spargs['encoding']}: unknown encoding") from None
    base_url = spargs.get("base_url")
    if base_url is not None and not (base_url.startswith(("http://", "https://")) and host_of(base_url)):
        raise UsageError(f"{name}: -a base_url={base_url}: not an http(s) URL")
    check_rejects_path(rejects_path(settings, spargs))


class SiteSpider(scrapy.Spider):
    """Crawls one site's feeds, sitemaps, listings or archive and parses its articles."""

    profile: ClassVar[SiteProfile]
    ARGUMENTS = ("base_url", "since", "until", "discovery", "max_archive_pages", "encoding", "rejects")

    @classmethod
    def check_arguments(cls, spargs: dict, settings) -> None:
        """Raise :class:`UsageError` (one line, exit 2 before the run) for a bad ``-a``."""
        check_site_arguments(cls.name, cls.profile, cls.ARGUMENTS, spargs, settings)

    def __init__(self, *args: Any, base_url: str | None = None, since: str | None = None,
                 until: str | None = None, discovery: str | None = None,
                 max_archive_pages: str | int = 500, encoding: str | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.encoding = encoding or self.profile.encoding
        self.tz = ZoneInfo(self.profile.timezone)
        self.base_url = (base_url or self.profile.base_url).rstrip("/")
        self.rebasing = self.base_url != self.profile.base_url.rstrip("/")
        domains = list(self.profile.domains)
        if self.rebasing:
            domains.append(host_of(self.base_url))
        self.allowed_domains = domains
        self.backfill = (DayRange.parse(since, until, today=datetime.now(self.tz).date())
                         if since or until else None)
        default = "archive,sitemaps,feeds" if self.backfill else "feeds,sitemaps,listings"
        self.discovery = {d.strip() for d in (discovery or default).split(",") if d.strip()}
        unknown = self.discovery - set(DISCOVERY)
        if unknown:
            raise ValueError(f"unknown discovery {sorted(unknown)}; choose from {DISCOVERY}")
        self.max_archive_pages = int(max_archive_pages)

    # -- start -------------------------------------------------------------
    async def start(self):
        profile, base = self.profile, self.base_url
        if "feeds" in self.discovery:
            for path in profile.feed_paths:
                yield scrapy.Request(base + path, callback=self.parse_feed)
        if "sitemaps" in self.discovery:
            for path in profile.sitemap_paths:
                yield scrapy.Request(base + path, callback=self.parse_sitemap)
        if "listings" in self.discovery:
            for path in profile.listing:
                yield scrapy.Request(base + path, callback=self.parse_listing)
        if "archive" in self.discovery and self.backfill and profile.archive:
            for request in self.archive_first_pages():
                yield request

    # -- discovery ---------------------------------------------------------
    def zone_for(self, response: Response) -> ZoneInfo:
        """The time zone in which a feed's or sitemap's offset-less (e.g. Jalali) dates are read."""
        return self.tz

    def xml_body(self, response: Response) -> bytes:
        """The feed/sitemap bytes, gunzipped when the server sent a raw ``.gz`` file.

        A ``.xml.gz`` served as ``application/x-gzip`` without
        ``Content-Encoding`` is not decompressed by Scrapy's
        HttpCompressionMiddleware (scrapy/scrapy#2389); like Scrapy's
        SitemapSpider, a body starting with the gzip magic number is
        gunzipped here, at most ``DOWNLOAD_MAXSIZE`` bytes (or the request's
        ``download_maxsize``).  Raises ``FeedError`` when it cannot be.
        """
        body = response.body
        if not gzip_magic_number(response):
            return body
        max_size = response.meta.get("download_maxsize",
                                     self.crawler.settings.getint("DOWNLOAD_MAXSIZE"))
        try:
            body = gunzip(body, max_size=max_size)
        except ValueError as exc:  # scrapy's _DecompressionMaxSizeExceeded
            raise FeedError(f"gzip body over {max_size} bytes when decompressed") from exc
        except (OSError, EOFError, zlib.error, struct.error) as exc:
            raise FeedError(f"corrupt gzip body: {exc}") from exc
        self.crawler.stats.inc_value("newsbot/gzip/gunzipped")
        return body

    def parse_feed(self, response: Response) -> Iterator[scrapy.Request]:
        try:
            entries = parse_feed(self.xml_body(response), self.zone_for(response))
        except FeedError as exc:
            self.discovery_error(response, "bad_feed", exc)
            return
        self.count_unreadable_dates(response, entries)
        yield from self.article_requests(response, entries)

    def count_unreadable_dates(self, response: Response, entries: list[LinkEntry]) -> None:
        """One log line and a stat per feed/sitemap whose entry dates could not be read."""
        bad = [e.published_raw for e in entries if e.published_raw and e.published is None]
        if bad:
            self.crawler.stats.inc_value("newsbot/feed_dates/unreadable", len(bad))
            logger.info("%s: %d entry dates not readable (e.g. %r); those entries are not "
                        "filtered by date", response.url, len(bad), bad[0][:80])

    def parse_sitemap(self, response: Response) -> Iterator[scrapy.Request]:
        try:
            kind, entries = parse_sitemap(self.xml_body(response), self.zone_for(response))
        except FeedError as exc:
            self.discovery_error(response, "bad_sitemap", exc)
            return
        self.count_unreadable_dates(response, entries)
        if kind == "urlset":
            yield from self.article_requests(response, entries)
            return
        for entry in entries:
            url = self.own_url(response.urljoin(entry.url))
            if url and (self.backfill is None or entry.published is None
                        or entry.published.astimezone(self.tz).date() >= self.backfill.first):
                yield scrapy.Request(url, callback=self.parse_sitemap)

    def parse_listing(self, response: Response) -> Iterator[scrapy.Request]:
        yield from self.article_requests(response, self.links(response))

    def parse(self, response: Response, **kwargs: Any):
        return self.parse_listing(response)

    def archive_first_pages(self) -> Iterator[scrapy.Request]:
        archive = self.profile.archive
        if archive.per_day:
            for day in self.backfill.days():
                yield self.archive_request(archive.first_page, day)
        else:
            yield self.archive_request(archive.first_page, None)

    def archive_request(self, page: int, day) -> scrapy.Request:
        archive = self.profile.archive
        if day is None:
            first, last = jalali_parts(self.backfill.first), jalali_parts(self.backfill.last)
            values = {"from_date": "%04d/%02d/%02d" % first, "to_date": "%04d/%02d/%02d" % last}
        else:
            year, month, dd = jalali_parts(day)
            values = {"year": year, "month": month, "day": dd}
        url = self.base_url + archive.url.format(page=page, **values)
        return scrapy.Request(url, callback=self.parse_archive, cb_kwargs={"page": page, "day": day})

    def parse_archive(self, response: Response, page: int, day) -> Iterator[scrapy.Request]:
        requests = list(self.article_requests(response, self.links(response)))
        keyed = [r.meta[META_KEYS][1] for r in requests]
        store = store_for(self.crawler)
        known = sum(bool(store.known(self.profile.name, keys)) for keys in keyed) if store else 0
        yield from requests
        if not requests:
            return
        if known >= self.crawler.settings.getfloat("NEWSBOT_KNOWN_STOP_RATIO", 0.8) * len(keyed):
            self.crawler.stats.inc_value("newsbot/archive/stopped_all_known")
            return
        if page - self.profile.archive.first_page + 1 >= self.max_archive_pages:
            self.crawler.stats.inc_value("newsbot/archive/stopped_max_pages")
            return
        yield self.archive_request(page + 1, day)

    # -- articles ----------------------------------------------------------
    def links(self, response: Response) -> list[LinkEntry]:
        """Every ``a[href]`` of an HTML page; none (and a discovery error) for a non-text response."""
        if not isinstance(response, TextResponse):
            self.discovery_error(response, "non_text_page", ValueError(non_text_type(response)))
            return []
        return [LinkEntry(href) for href in response.css("a::attr(href)").getall()]

    def own_url(self, url: str) -> str | None:
        """*url* if it belongs to this site (rebased onto ``base_url``), else ``None``."""
        if not url.startswith(("http://", "https://")):
            return None
        host = host_of(url)
        if self.rebasing and host_in_domains(host, self.profile.domains):
            return rebase(url, self.base_url)
        return url if host_in_domains(host, self.allowed_domains) else None

    def article_requests(self, response: Response, entries: Iterable[LinkEntry]) -> Iterator[scrapy.Request]:
        """Requests for the entries that are article URLs of this site.

        Each carries its seen-store keys (news code from the URL, else the
        URL) so ``SeenFilterMiddleware`` can skip known articles.
        """
        for entry in entries:
            url = self.own_url(response.urljoin(entry.url.strip()))
            match = self.profile.article_match(url) if url else None
            if match is None:
                continue
            if self.backfill and entry.published and not self.backfill.contains(entry.published, self.tz):
                self.crawler.stats.inc_value("newsbot/backfill/skipped_by_listing_date")
                continue
            code = match.groupdict().get("id")
            keys = [article_id(code, None, url, None, None)]  # "code:<id>", else "url:<link>"
            yield scrapy.Request(url, callback=self.parse_article,
                                 meta={META_KEYS: (self.profile.name, keys), LISTED_AT: entry.published})

    def parse_article(self, response: Response):
        if not isinstance(response, TextResponse):  # image/jpeg, PDF, ... at an article URL
            yield rejected_page(response, self.profile, ValueError(f"{response.url}: not an article: "
                                f"non-text response ({non_text_type(response)})"), stats=self.crawler.stats)
            return
        # charset by evidence (BOM, header, meta, bytes), or forced by the profile/-a encoding=
        try:
            item = article_from_response(response, self.profile, encoding=self.encoding,
                                         stats=self.crawler.stats, listed=response.meta.get(LISTED_AT))
        except Exception as exc:  # a page that cannot be used: dropped once with its reason
            yield rejected_page(response, self.profile, exc, stats=self.crawler.stats)
            return
        if self.backfill and item.published_at and not self.backfill.contains(item.published_at, self.tz):
            self.crawler.stats.inc_value("newsbot/backfill/out_of_range")
            return
        yield item

    def discovery_error(self, response: Response, kind: str, exc: Exception) -> None:
        logger.warning("%s: %s: %s", response.url, kind.replace("_", " "), exc)
        self.crawler.stats.inc_value(f"newsbot/discovery/{kind}")


def non_text_type(response: Response) -> str:
    """The Content-Type of a response Scrapy did not decode as text (for log lines)."""
    kind = response.headers.get(b"Content-Type", b"").decode("latin-1").split(";")[0].strip()
    return f"Content-Type {kind[:60]}" if kind else "no Content-Type"
