"""Extract a :class:`NewsArticle` from an HTML response with a site profile."""

from __future__ import annotations

from datetime import datetime, timezone
from urllib.parse import unquote, urlsplit
from zoneinfo import ZoneInfo

from lxml import etree
from scrapy.http import TextResponse

from newsbot.extract.dates import parse_machine_values, resolve_published
from newsbot.extract.html_text import block_texts, collapse_ws
from newsbot.extract.jsonld import article_fields, article_objects
from newsbot.extract.query import query_nodes, query_texts
from newsbot.extract.spec import SELECTOR_FIELDS, SiteProfile
from newsbot.items import NewsArticle
from newsbot.loaders import ArticleLoader

MACHINE_DATE_SELECTORS = (
    "meta[property='article:published_time']::attr(content)",
    "meta[name='article:published_time']::attr(content)",
    "time[datetime]::attr(datetime)",
    "meta[itemprop='datePublished']::attr(content)",
)
MODIFIED_SELECTORS = (
    "meta[property='article:modified_time']::attr(content)",
    "meta[itemprop='dateModified']::attr(content)",
)
#: A main-text candidate needs this much paragraph text to count as a body.
MIN_HEURISTIC_TEXT = 200


class NoArticleError(ValueError):
    """The page has no article body or title under the profile's selectors."""


def drop_boilerplate(node, profile: SiteProfile, html: str | None = None) -> None:
    """Remove the profile's ``drop`` selectors below *node* (tails are kept)."""
    for query in profile.drop_selectors:
        for junk in query_nodes(node, query, html):
            if isinstance(junk, etree._Element) and junk is not node and junk.getparent() is not None:
                junk.drop_tree()


def body_paragraphs_of(response: TextResponse, profile: SiteProfile) -> list[str]:
    """Paragraph texts of the first body container, boilerplate removed.

    Removes the profile's ``drop`` selectors from the page tree in place, so
    call it after every other field has been read.
    """
    root, html = response.selector.root, response.text
    for query in profile.body_selectors:
        found = [n for n in query_nodes(root, query, html) if isinstance(n, etree._Element)]
        if found:
            drop_boilerplate(found[0], profile, html)
            return block_texts(found[0])
    return main_text_paragraphs(response, profile)


def main_text_paragraphs(response: TextResponse, profile: SiteProfile) -> list[str]:
    """Body by heuristic: the element whose direct ``<p>`` children hold the most text."""
    best, best_score = None, MIN_HEURISTIC_TEXT
    for parent in response.selector.root.xpath("//*[p]"):
        score = sum(len(t.strip()) for t in parent.xpath("./p//text()"))
        if score > best_score:
            best, best_score = parent, score
    if best is None:
        return []
    drop_boilerplate(best, profile)
    return [p for p in (collapse_ws(node.xpath("string()")) for node in best.xpath("./p")) if p]


def add_first_match(loader: ArticleLoader, name: str, queries: tuple[str, ...], root, html, stats) -> None:
    """Add the values of the first selector that yields non-blank text.

    Each selector tried is counted as ``parser/<field>/css/<selector>``
    (1 when it matched), itemloaders' rule-usage key, so a layout change
    shows up as a falling counter.
    """
    for query in queries:
        values = [v for v in query_texts(root, query, html) if v.strip()]
        if stats is not None:
            stats.inc_value(f"parser/{name}/css/{query}", 1 if values else 0)
        if values:
            loader.add_value(name, values)
            return


def invisible_lead(description: str, body: str | None) -> str | None:
    """A JSON-LD description is the lead unless it is just the body's first paragraph.

    A visible lead repeated in the body is cut from the body (the page shows
    it above the text); a description readers never see separately (Pangea's
    bold first paragraph) stays in the body and is not a lead.
    """
    text = collapse_ws(description)
    if not text or (body and body.split("\n", 1)[0].startswith(text[:80])):
        return None
    return text


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
    root, html = response.selector.root, response.text
    loader = ArticleLoader(selector=response.selector, response=response, profile=profile)
    for name in SELECTOR_FIELDS:
        if name != "images":
            add_first_match(loader, name, profile.selectors_for(name), root, html, stats)
    match = profile.article_path_re.search(_path(response.url))
    if match and match.groupdict().get("id"):
        loader.add_value("news_code", match.group("id"))
    loader.add_value("canonical_url", response.url)
    ld = next(iter(article_objects(query_texts(root, "script[type='application/ld+json']::text"))), None)
    ld = article_fields(ld) if ld else {}
    for name in ("title", "authors", "category", "tags"):
        if not loader.get_collected_values(name):
            loader.add_value(name, ld.get(name))
    hidden_lead = None if loader.get_collected_values("lead") else ld.get("lead")
    paragraphs = body_paragraphs_of(response, profile)
    if not paragraphs and ld.get("body"):
        paragraphs = ld["body"].split("\n")
    loader.add_value("body", paragraphs)
    add_first_match(loader, "images", profile.selectors_for("images"), root, html, stats)
    loader.add_value("images", ld.get("images"))
    loader.add_value("site", profile.name)
    loader.add_value("url", response.url)
    loader.add_value("language", profile.language)
    loader.add_value("source_path", source_path)
    loader.add_value("crawled_at", now or datetime.now(timezone.utc))
    item = loader.load_item()
    if hidden_lead and item.lead is None:
        item.lead = invisible_lead(hidden_lead, item.body)
    machine = [v.strip() for css in MACHINE_DATE_SELECTORS for v in query_texts(root, css)]
    if ld.get("published"):
        machine.append(ld["published"])
    item.published_at = resolve_published(
        item.published_at_raw, machine, profile.timezone, url=response.url, stats=stats,
        now=item.crawled_at,
    )
    modified = [v.strip() for css in MODIFIED_SELECTORS for v in query_texts(root, css)]
    modified += [ld["modified"]] if ld.get("modified") else []
    parsed = parse_machine_values(modified, ZoneInfo(profile.timezone), url=response.url)
    item.modified_at = parsed[0] if parsed else None
    return item


def _path(url: str) -> str:
    return unquote(urlsplit(url).path)
