"""Extract a :class:`NewsArticle` from an HTML response with a site profile."""

from __future__ import annotations

from datetime import datetime, timezone
from urllib.parse import unquote, urlsplit

from scrapy.http import TextResponse

from newsbot.extract.dates import resolve_published
from newsbot.extract.html_text import block_texts
from newsbot.extract.spec import SELECTOR_FIELDS, SiteProfile
from newsbot.items import NewsArticle
from newsbot.loaders import ArticleLoader

MACHINE_DATE_SELECTORS = (
    "meta[property='article:published_time']::attr(content)",
    "meta[name='article:published_time']::attr(content)",
    "time[datetime]::attr(datetime)",
    "meta[itemprop='datePublished']::attr(content)",
)


class NoArticleError(ValueError):
    """The page has no article body or title under the profile's selectors."""


def body_paragraphs_of(response: TextResponse, profile: SiteProfile) -> list[str]:
    """Paragraph texts of the first body container, boilerplate removed.

    Removes the profile's ``drop`` selectors from the page tree in place, so
    call it after every other field has been read.
    """
    for css in profile.body_selectors:
        container = response.css(css)
        if container:
            node = container[0]
            for drop_css in profile.drop_selectors:
                for junk in node.css(drop_css):
                    junk.drop()
            return block_texts(node.root)
    return []


def extract_article(
    response: TextResponse,
    profile: SiteProfile,
    *,
    stats=None,
    source_path: str | None = None,
    now: datetime | None = None,
) -> NewsArticle:
    """Run the profile's selectors on *response* and load a NewsArticle.

    Missing fields stay ``None``; validation happens in the pipelines.
    Selector use is counted in *stats* (``parser/<field>/css/<selector>``)
    so a layout change shows up as a falling counter.
    """
    loader = ArticleLoader(response=response, stats=stats, profile=profile)
    for name in SELECTOR_FIELDS:
        if name == "images":
            continue
        for css in profile.selectors_for(name):
            loader.add_css(name, css)
    match = profile.article_path_re.search(_path(response.url))
    if match and match.groupdict().get("id"):
        loader.add_value("news_code", match.group("id"))
    loader.add_value("canonical_url", response.url)
    loader.add_value("body", body_paragraphs_of(response, profile))
    for css in profile.selectors_for("images"):
        loader.add_css("images", css)
    loader.add_value("site", profile.name)
    loader.add_value("url", response.url)
    loader.add_value("language", profile.language)
    loader.add_value("source_path", source_path)
    loader.add_value("crawled_at", now or datetime.now(timezone.utc))
    item = loader.load_item()
    machine = [v.strip() for css in MACHINE_DATE_SELECTORS for v in response.css(css).getall()]
    item.published_at = resolve_published(
        item.published_at_raw, machine, profile.timezone, url=response.url, stats=stats
    )
    return item


def _path(url: str) -> str:
    return unquote(urlsplit(url).path)
