"""The one record newsbot writes per article.

Declaration order is output order (Scrapy >= 2.18 exporters and newsbot's
JSON Lines writer both follow it).  Every field has a default so an
``ItemLoader`` can build the item field by field.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from datetime import datetime


@dataclass
class NewsArticle:
    """A news article as extracted from one page.

    ``news_code`` is the site's own article number (کد خبر) as a string of
    ASCII digits when numeric; ``published_at`` is an aware datetime (exported
    as ISO 8601 with the site's UTC offset at that instant) and
    ``published_at_raw`` the date exactly as the page shows it.
    """

    site: str | None = None
    url: str | None = None
    canonical_url: str | None = None
    news_code: str | None = None
    title: str | None = None
    kicker: str | None = None
    lead: str | None = None
    body: str | None = None
    published_at: datetime | None = None
    published_at_raw: str | None = None
    modified_at: datetime | None = None
    category: str | None = None
    tags: list[str] = field(default_factory=list)
    authors: list[str] = field(default_factory=list)
    images: list[str] = field(default_factory=list)
    language: str | None = None
    crawled_at: datetime | None = None
    source_path: str | None = None


FIELD_NAMES: tuple[str, ...] = tuple(f.name for f in fields(NewsArticle))
