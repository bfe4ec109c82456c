"""SiteSpider: the one live-crawl spider class; each site is a profile on it."""

from __future__ import annotations

from typing import Any, ClassVar, Iterator
from urllib.parse import unquote, urlsplit

import scrapy
from scrapy.http import Response
from scrapy.selector import Selector

from newsbot.core.urls import host_in_domains, host_of, rebase
from newsbot.extract.article import extract_article
from newsbot.extract.spec import SiteProfile

_FEED_LINKS = (
    "//item/link/text()",
    "//*[local-name()='entry']/*[local-name()='link'][not(@rel) or @rel='alternate']/@href",
)


class SiteSpider(scrapy.Spider):
    """Crawls a site's feeds and listing pages and parses its articles.

    Arguments: ``-a base_url=http://host:port`` crawls a mirror or a test
    server with the same paths (article links on the real domain are
    rebased onto it).
    """

    profile: ClassVar[SiteProfile]

    def __init__(self, *args: Any, base_url: str | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.base_url = (base_url or self.profile.base_url).rstrip("/")
        domains = list(self.profile.domains)
        if base_url:
            domains.append(host_of(self.base_url))
        self.allowed_domains = domains

    async def start(self):
        for path in self.profile.feed_paths:
            yield scrapy.Request(self.base_url + path, callback=self.parse_feed)
        for path in self.profile.listing:
            yield scrapy.Request(self.base_url + path, callback=self.parse_listing)

    def parse_feed(self, response: Response) -> Iterator[scrapy.Request]:
        selector = Selector(text=response.text, type="xml")
        for xpath in _FEED_LINKS:
            for link in selector.xpath(xpath).getall():
                yield from self.article_requests(response, [link.strip()])

    def parse_listing(self, response: Response) -> Iterator[scrapy.Request]:
        yield from self.article_requests(response, response.css("a::attr(href)").getall())

    def parse(self, response: Response, **kwargs: Any):
        return self.parse_listing(response)

    def article_requests(self, response: Response, hrefs: list[str]) -> Iterator[scrapy.Request]:
        """Requests for the hrefs that are article URLs of this site."""
        for href in hrefs:
            url = response.urljoin(href)
            if not url.startswith(("http://", "https://")):
                continue
            if host_in_domains(host_of(url), self.profile.domains) and self.base_url != self.profile.base_url:
                url = rebase(url, self.base_url)
            if self.is_article_url(url):
                yield scrapy.Request(url, callback=self.parse_article)

    def is_article_url(self, url: str) -> bool:
        parts = urlsplit(url)
        return host_in_domains(parts.hostname or "", self.allowed_domains) and bool(
            self.profile.article_path_re.search(unquote(parts.path))
        )

    def parse_article(self, response: Response):
        yield extract_article(response, self.profile, stats=self.crawler.stats)
