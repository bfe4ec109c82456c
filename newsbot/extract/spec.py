"""Declarative specs: a CMS family's selectors and a site's profile.

Both are plain data.  A family lists, per field, CSS selectors tried in
order (the first that matches wins); a site profile names its family, its
domains and URL rules, and may override any selector.  Adding a site is one
small module in ``newsbot/sites`` holding a ``PROFILE``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property
from types import MappingProxyType
from urllib.parse import unquote, urlsplit
from typing import Mapping

#: Fields a family may declare selectors for.
SELECTOR_FIELDS = (
    "news_code", "title", "kicker", "lead", "published_at_raw",
    "category", "tags", "authors", "images", "canonical_url",
)

#: Breadcrumb entries that are not a category.
DEFAULT_CATEGORY_SKIP = ("صفحه نخست", "خانه", "صفحه اصلی")


def _frozen(mapping: Mapping[str, tuple[str, ...]] | None) -> Mapping[str, tuple[str, ...]]:
    return MappingProxyType(dict(mapping or {}))


@dataclass(frozen=True)
class ArchiveSpec:
    """A CMS's archive listing, for backfills by date.

    ``url`` is a path template with ``{page}`` and either ``{from_date}``/
    ``{to_date}`` (Jalali ``YYYY/MM/DD``, one listing for the whole range) or,
    with ``per_day``, ``{year}``/``{month}``/``{day}`` (Jalali, one listing a day).
    """

    url: str
    per_day: bool = False
    first_page: int = 1


@dataclass(frozen=True)
class FamilySpec:
    """Selectors and conventions shared by every site on one CMS."""

    name: str
    #: Substrings of the raw HTML that identify the CMS (any one suffices).
    markers: tuple[str, ...]
    #: field -> selectors tried in order (CSS, or XPath when starting with ``/``).
    selectors: Mapping[str, tuple[str, ...]]
    #: Candidate containers of the article body, tried in order.
    body: tuple[str, ...]
    #: Boilerplate inside the body (related news, share bars, ads, scripts).
    drop: tuple[str, ...] = ()
    #: Regex on the URL path of an article; group ``id`` is the news code.
    article_path: str = r"^/fa/news/(?P<id>\d+)(?:/|$)"
    #: Path of one article given its code, for sources that give no URL.
    article_url_template: str = "/fa/news/{news_code}"
    feeds: tuple[str, ...] = ()
    listing_paths: tuple[str, ...] = ("/",)
    #: Sitemaps or sitemap indexes (Google News sitemaps keep their dates).
    sitemaps: tuple[str, ...] = ("/sitemap.xml",)
    archive: ArchiveSpec | None = None
    #: Leading breadcrumb entries that are not a category («صفحه نخست»).
    category_skip: tuple[str, ...] = DEFAULT_CATEGORY_SKIP

    def __post_init__(self) -> None:
        object.__setattr__(self, "selectors", _frozen(self.selectors))


@dataclass(frozen=True)
class SiteProfile:
    """One news site: its family plus whatever differs from the family."""

    name: str
    domains: tuple[str, ...]
    family: FamilySpec
    #: Scheme and host of the live site, e.g. ``https://www.asrpress.ir``.
    base_url: str
    language: str = "fa"
    timezone: str = "Asia/Tehran"
    selectors: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    body: tuple[str, ...] = ()
    drop: tuple[str, ...] = ()
    article_path: str | None = None
    article_url_template: str | None = None
    feeds: tuple[str, ...] | None = None
    listing_paths: tuple[str, ...] | None = None
    sitemaps: tuple[str, ...] | None = None
    #: Phrases that identify the site in a plain-text dump (its name, slogan).
    text_markers: tuple[str, ...] = ()
    #: Lines of site chrome (slogans, menus) that must never reach a field.
    boilerplate_lines: tuple[str, ...] = ()
    #: Force this response encoding when the site's charset header lies.
    encoding: str | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "selectors", _frozen(self.selectors))
        if not re.fullmatch(r"[a-z0-9][a-z0-9_-]*", self.name):
            raise ValueError(f"site name {self.name!r} must be lowercase [a-z0-9_-]")

    def selectors_for(self, field_name: str) -> tuple[str, ...]:
        """The site's selectors for *field_name*, then the family's."""
        return self.selectors.get(field_name, ()) + self.family.selectors.get(field_name, ())

    @property
    def body_selectors(self) -> tuple[str, ...]:
        return self.body + self.family.body

    @property
    def drop_selectors(self) -> tuple[str, ...]:
        return self.drop + self.family.drop

    @cached_property
    def article_path_re(self) -> re.Pattern[str]:
        return re.compile(self.article_path or self.family.article_path)

    def article_match(self, url: str) -> re.Match[str] | None:
        """The article-path match of *url*'s (percent-decoded) path, if it is an article URL."""
        return self.article_path_re.search(unquote(urlsplit(url).path))

    def article_id(self, url: str) -> str | None:
        """The news code in an article URL (group ``id`` of the article path)."""
        match = self.article_match(url)
        return (match.groupdict().get("id") or None) if match else None

    @property
    def feed_paths(self) -> tuple[str, ...]:
        return self.family.feeds if self.feeds is None else self.feeds

    @property
    def listing(self) -> tuple[str, ...]:
        return self.family.listing_paths if self.listing_paths is None else self.listing_paths

    @property
    def sitemap_paths(self) -> tuple[str, ...]:
        return self.family.sitemaps if self.sitemaps is None else self.sitemaps

    @property
    def archive(self) -> ArchiveSpec | None:
        return self.family.archive

    def article_url(self, news_code: str, base_url: str | None = None) -> str:
        """URL of the article with *news_code* (used for sources without a URL)."""
        template = self.article_url_template or self.family.article_url_template
        return (base_url or self.base_url).rstrip("/") + template.format(news_code=news_code)
