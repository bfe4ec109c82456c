"""Any-site spider: ``scrapy crawl site -a url=https://www.example.ir`` (or ``-a urls=FILE``).

Crawls Persian news sites that have no profile, with the same pipelines,
seen-store, walls and politeness settings as a site spider (it is a
:class:`~newsbot.spiders.base.SiteSpider`).  Per site:

* discovery: the homepage (its ``<link rel="alternate">`` feeds, else the
  usual feed paths ``/feed`` and ``/rss``), ``robots.txt`` ``Sitemap:``
  lines (else ``/sitemap.xml``), and up to ``MAX_SECTIONS`` section pages
  linked from the homepage;
* CMS family: detected from its markers on the homepage or any page
  (``newsbot.extract.families``); then the family's article URL rule and
  selectors are used;
* otherwise article links are learned (:mod:`newsbot.core.urlshapes`): a
  few links of each URL shape are fetched, and a shape is an article shape
  once one of them is an article page (OpenGraph ``og:type`` article,
  JSON-LD article, ``article:published_time``, or the generic extractor
  found a title and at least ``MIN_ARTICLE_BODY`` characters of body);
* extraction: the detected family, else the generic family.

A site known by host (a module profile or a catalogue entry) is crawled
with that profile.  ``-a urls=FILE``: one URL a line, ``#`` comments; each
site keeps its own state.  Catalogue entries are spiders of this class
with a fixed site (``newsbot.spiders.catalogue``); they accept ``-a
base_url=`` for a mirror or a test server.

Stats: ``newsbot/anysite/family/<name>`` (sites whose family was detected),
``newsbot/anysite/learned_shapes``, ``newsbot/anysite/not_article`` (probed
pages that were not articles), ``newsbot/date/no_page_offset`` (``page``
time zone sites: a date without a stated offset is left empty).
"""

from __future__ import annotations

import re
from typing import Any, ClassVar, Iterable, Iterator
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import scrapy
from scrapy.http import Response, TextResponse

from newsbot.core.feeds import LinkEntry
from newsbot.core.identity import article_id
from newsbot.core.urls import host_in_domains, host_of, rebase
from newsbot.security import origin_of
from newsbot.extract.article import rejected_page
from newsbot.extract.detect import HEAD_BYTES, looks_like_article
from newsbot.extract.families import FAMILIES
from newsbot.extract.page import article_from_response
from newsbot.sites.catalogue import CatalogueEntry
from newsbot.spiders.anysite_sites import SiteState, check_anysite_arguments, read_urls, site_target
from newsbot.spiders.base import LISTED_AT, SiteSpider
from newsbot.state.middleware import META_KEYS

USUAL_FEEDS = ("/feed", "/rss")
DEFAULT_ZONE = ZoneInfo("Asia/Tehran")
USUAL_SITEMAPS = ("/sitemap.xml",)
MAX_SECTIONS = 20
MIN_ARTICLE_BODY = 400
_FEED_LINKS = ("link[rel~='alternate'][type*='rss']::attr(href)",
               "link[rel~='alternate'][type*='atom']::attr(href)")
_OFFSET = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d(?::\d\d(?:\.\d+)?)?(?:Z|[+-]\d\d:?\d\d)")


class AnySiteSpider(SiteSpider):
    """Crawls any Persian news site, or many (``-a url=`` / ``-a urls=FILE``)."""

    name = "site"
    #: A catalogue spider's site (``None`` on the any-site spider).
    entry: ClassVar[CatalogueEntry | None] = None

    @classmethod
    def check_arguments(cls, spargs: dict, settings) -> None:
        """Raise ``newsbot.exitcodes.UsageError`` for a missing/bad ``url``/``urls`` or an unknown option."""
        check_anysite_arguments(cls.name, cls.entry is not None, spargs, settings)

    def __init__(self, *args: Any, url: str | None = None, urls: str | None = None,
                 base_url: str | None = None, discovery: str | None = None, **kwargs: Any):
        scrapy.Spider.__init__(self, *args, **kwargs)
        self.backfill, self.encoding = None, None
        self.discovery = {d.strip() for d in (discovery or "feeds,sitemaps,listings").split(",") if d.strip()}
        if self.entry is not None:
            targets = [(self.entry.profile, base_url or self.entry.base_url, self.entry.timezone == "page")]
        else:
            listed = [url] if url else read_urls(urls) if urls else []
            targets = [(profile, u, page_zone) for u in listed for profile, page_zone in [site_target(u)]]
        self.sites = [SiteState.make(profile, base, page_zone) for profile, base, page_zone in targets]
        self.by_netloc = {site.netloc: site for site in reversed(self.sites)}
        self.tz = ZoneInfo(self.sites[0].profile.timezone) if self.sites else DEFAULT_ZONE
        self.allowed_domains = sorted({d for s in self.sites for d in s.domains})
        #: hosts the operator named (-a url/urls/base_url): fetched even when private (SafeRequestsMiddleware)
        self.operator_origins = {origin_of(s.base_url) for s in self.sites} if url or urls or base_url else set()

    # -- which site ------------------------------------------------------------
    def site_for_url(self, url: str) -> SiteState | None:
        parts = urlsplit(url)
        site = self.by_netloc.get(parts.netloc.lower())
        if site is not None:
            return site
        host = (parts.hostname or "").lower()
        return next((s for s in self.sites if host_in_domains(host, s.profile.domains)), None)

    def zone_for(self, response: Response) -> ZoneInfo:
        """The time zone of the feed's or sitemap's own site (``DEFAULT_ZONE`` when unknown)."""
        site = self.site_for_url(response.url)
        return ZoneInfo(site.profile.timezone) if site else DEFAULT_ZONE

    def site_name_for(self, url: str) -> str | None:
        """The site name of *url* (for wall stats), if it is one of this run's sites."""
        site = self.site_for_url(url)
        return site.profile.name if site else None

    def own_url(self, url: str) -> str | None:
        if not url.startswith(("http://", "https://")):
            return None
        site = self.site_for_url(url)
        if site is None:
            return None
        if site.rebasing and host_in_domains(host_of(url), site.profile.domains):
            return rebase(url, site.root)
        return url

    # -- start -----------------------------------------------------------------
    async def start(self):
        for site in self.sites:
            if "listings" in self.discovery or "feeds" in self.discovery:
                yield scrapy.Request(site.base_url + "/", callback=self.parse_home)
            if "sitemaps" in self.discovery:
                yield scrapy.Request(site.root + "/robots.txt", callback=self.parse_robots,
                                     errback=self.no_robots, cb_kwargs={"root": site.root})
            if "feeds" in self.discovery and site.learner is None:
                for path in site.profile.feed_paths:
                    yield scrapy.Request(self.absolute(site, path), callback=self.parse_feed)

    @staticmethod
    def absolute(site: SiteState, path: str) -> str:
        return path if path.startswith(("http://", "https://")) else site.base_url + path

    # -- discovery -------------------------------------------------------------
    def parse_robots(self, response: Response, root: str) -> Iterator[scrapy.Request]:
        lines = response.text.splitlines() if isinstance(response, TextResponse) else []
        sitemaps = [line.split(":", 1)[1].strip() for line in lines if line.lower().startswith("sitemap:")]
        owned = [u for u in (self.own_url(s) for s in sitemaps) if u]
        for url in owned or [root + p for p in USUAL_SITEMAPS]:
            yield scrapy.Request(url, callback=self.parse_sitemap)

    def no_robots(self, failure) -> Iterator[scrapy.Request]:
        for path in USUAL_SITEMAPS:
            yield scrapy.Request(failure.request.cb_kwargs["root"] + path, callback=self.parse_sitemap)

    def page_site(self, response: Response) -> SiteState | None:
        """The site of an HTML/text *response*; ``None`` (counted) for a binary answer or another site."""
        if not isinstance(response, TextResponse):
            self.crawler.stats.inc_value("newsbot/anysite/not_a_page")
            return None
        return self.site_for_url(response.url)

    def parse_listing(self, response: Response) -> Iterator[scrapy.Request]:
        if self.page_site(response) is not None:
            yield from self.article_requests(response, self.links(response))

    def parse_home(self, response: Response) -> Iterator[scrapy.Request]:
        site = self.page_site(response)
        if site is None:
            return
        yield from self.detect(site, response)
        site.adopt_language(response.css("html::attr(lang)").get())
        if "feeds" in self.discovery:
            feeds = [u for u in (self.own_url(response.urljoin(h)) for css in _FEED_LINKS
                                 for h in response.css(css).getall()) if u]
            if not feeds and site.learner is not None:
                feeds = [site.base_url + p for p in USUAL_FEEDS]
            for url in feeds:
                yield scrapy.Request(url, callback=self.parse_feed)
        if "listings" in self.discovery:
            yield from self.article_requests(response, self.links(response), sections=True)

    def article_requests(self, response: Response, entries: Iterable[LinkEntry],
                         sections: bool = False) -> Iterator[scrapy.Request]:
        """Requests for the entries that are (or may be) article URLs of their site."""
        for entry in entries:
            url = self.own_url(response.urljoin(entry.url.strip()))
            site = self.site_for_url(url) if url else None
            if site is None:
                continue
            if site.learner is None:
                match = site.profile.article_match(url)
                if match is not None:
                    yield self.article_request(site, url, match.groupdict().get("id"), listed=entry.published)
                continue
            verdict = site.learner.classify(url)
            if verdict == "article":
                yield self.article_request(site, url, None, listed=entry.published)
            elif verdict == "probe":
                yield self.article_request(site, url, None, probe=True, listed=entry.published)
            elif verdict == "wait" and entry.published is not None:
                site.listed[url] = entry.published  # its listing date, for when it is requested
            elif verdict == "section" and sections and site.sections < MAX_SECTIONS:
                site.sections += 1
                yield scrapy.Request(url, callback=self.parse_listing)

    def article_request(self, site: SiteState, url: str, code: str | None, probe: bool = False,
                        listed=None) -> scrapy.Request:
        """A request for a (possible) article, with its seen-store key and the date a feed,
        sitemap or listing gave it (``listed``: evidence for the publish date)."""
        keys = [article_id(code, None, url, None, None)]  # "code:<id>", else "url:<link>"
        listed = listed if listed is not None else site.listed.pop(url, None)
        return scrapy.Request(url, callback=self.parse_article, errback=self.probe_failed if probe else None,
                              cb_kwargs={"probe": probe},
                              meta={META_KEYS: (site.profile.name, keys), LISTED_AT: listed})

    def probe_failed(self, failure) -> Iterator[scrapy.Request]:
        site = self.site_for_url(failure.request.url)
        if site is not None and site.learner is not None:
            yield from self.settled(site, failure.request.url, None)

    def settled(self, site: SiteState, url: str, is_article: bool | None) -> Iterator[scrapy.Request]:
        articles, probes = site.learner.settle(url, is_article)
        for other in articles:
            yield self.article_request(site, other, None)
        for other in probes:
            yield self.article_request(site, other, None, probe=True)

    # -- articles --------------------------------------------------------------
    def detect(self, site: SiteState, response: Response) -> list[scrapy.Request]:
        """Switch *site* to the CMS family whose markers are in the page, if it has none yet.

        Returns the requests that follows from it: the links that were waiting
        for a verdict on their shape (now judged by the family's URL rule) and
        the family's feeds.
        """
        if site.learner is None:
            return []
        head = response.text[:HEAD_BYTES]
        family = next((f for f in FAMILIES if any(marker in head for marker in f.markers)), None)
        if family is None:
            return []
        waiting = [LinkEntry(url) for urls in site.learner.pending.values() for url in urls]
        site.use_family(family)
        self.crawler.stats.inc_value(f"newsbot/anysite/family/{family.name}")
        requests = list(self.article_requests(response, waiting))
        if "feeds" in self.discovery:
            requests += [scrapy.Request(self.absolute(site, p), callback=self.parse_feed) for p in family.feeds]
        return requests

    def parse_article(self, response: Response, probe: bool = False):
        site = self.page_site(response)
        if site is None:
            site = self.site_for_url(response.url)
            if probe and site is not None and site.learner is not None:
                yield from self.settled(site, response.url, False)
            return
        yield from self.detect(site, response)
        generic = site.learner is not None
        links = self.links(response) if generic or probe else []
        try:  # the one extraction path of live crawls and replay (charset by evidence)
            item = article_from_response(response, site.profile, stats=self.crawler.stats,
                                         listed=response.meta.get(LISTED_AT))
        except Exception as exc:  # a page that cannot be used: dropped once with its reason
            yield rejected_page(response, site.profile, exc, stats=self.crawler.stats)
            return
        if generic:
            is_article = looks_like_article(response.text[:HEAD_BYTES]) or bool(
                item.title and len(item.body or "") >= MIN_ARTICLE_BODY)
            if probe:
                yield from self.settled(site, response.url, is_article)
                if len(site.learner.articles) > site.shapes:
                    site.shapes = len(site.learner.articles)
                    self.crawler.stats.inc_value("newsbot/anysite/learned_shapes")
            if not is_article:
                self.crawler.stats.inc_value("newsbot/anysite/not_article")
                yield from self.article_requests(response, links)
                return
        elif probe and site.profile.article_match(response.url) is None:
            # probed before the site's family was known; the family's URL rule says: not an article
            yield from self.article_requests(response, links)
            return
        if site.page_zone and item.published_at is not None and not _OFFSET.search(response.text):
            item.published_at = None
            self.crawler.stats.inc_value("newsbot/date/no_page_offset")
        yield item
