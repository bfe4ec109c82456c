"""Extract a :class:`NewsArticle` from an HTML response with a site profile."""

from __future__ import annotations

import codecs
import logging
import re
from datetime import datetime, timezone
from types import EllipsisType

from lxml import etree
from scrapy.http import HtmlResponse, TextResponse
from scrapy.selector import Selector

from newsbot.extract.assemble import assemble_article, invisible_lead  # noqa: F401 (re-export)
from newsbot.extract.html_text import block_texts, collapse_ws
from newsbot.extract.jsonld import article_fields, article_objects
from newsbot.extract.query import PageIndex, query_nodes, query_texts, wanted
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
LD_JSON_SELECTOR = "script[type='application/ld+json']::text"
SITE_NAME_SELECTOR = "meta[property='og:site_name']::attr(content)"
logger = logging.getLogger(__name__)
#: A main-text candidate needs this much paragraph text to count as a body.
MIN_HEURISTIC_TEXT = 200


def page_root(response: TextResponse, text: str | None = None) -> etree._Element:
    """The lxml tree of *response*, parsed once.

    The response's own selector tree when something already built it;
    otherwise the text is parsed here exactly as parsel parses an HTML
    response (same libxml2 parser and options), but into plain lxml
    elements, whose Python proxies are several times cheaper to create than
    ``lxml.html``'s (every element visited by a tree walk gets one).
    *text* is ``response.text`` when the caller already has it.
    """
    cached = getattr(response, "_cached_selector", None)
    if cached is not None or not isinstance(response, HtmlResponse):
        return response.selector.root
    text = response.text if text is None else text
    body = response.body
    if not (response.encoding == "utf-8" and "\ufffd" not in text and b"\x00" not in body
            and not body.startswith(codecs.BOM_UTF8)):
        # parsel's input: the decoded text, stripped, without NULs, as UTF-8.  A
        # page that is already clean UTF-8 gives the same bytes, so it is passed
        # as it is (saves encoding ~100 kB per page).
        body = text.strip().replace("\x00", "").encode("utf-8")
    body = body if body and not body.isspace() else b"<html/>"
    # collect_ids=False: no libxml2 ID table (nothing here uses XPath id()); the
    # tree is the same, and parsing and freeing it take ~3% less time
    parser = etree.HTMLParser(recover=True, encoding="utf-8", huge_tree=True, collect_ids=False)
    root = etree.fromstring(body, parser=parser)
    if root is None:
        root = etree.fromstring(b"<html/>", parser=parser)
    return root


#: Characters lxml refuses in text it is given (libxml2 keeps them from a parsed page).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def drop_tree(node: etree._Element) -> None:
    """Remove *node* and its children; its tail joins the previous sibling or parent text
    (``lxml.html``'s ``drop_tree``, for any lxml element).

    Text holding control characters, which lxml will not take back (it raised
    ``ValueError`` here before), is joined without them.
    """
    parent = node.getparent()
    if node.tail:
        previous = node.getprevious()
        if previous is None:
            text = (parent.text or "") + node.tail
            try:
                parent.text = text
            except ValueError:
                parent.text = _NOT_XML.sub("", text)
        else:
            text = (previous.tail or "") + node.tail
            try:
                previous.tail = text
            except ValueError:
                previous.tail = _NOT_XML.sub("", text)
    parent.remove(node)


def drop_boilerplate(node, profile: SiteProfile, html: str | None = None,
                     index: PageIndex | None = None) -> None:
    """Remove the profile's ``drop`` selectors below *node* (tails are kept)."""
    for query in profile.drop_selectors:
        for junk in query_nodes(node, query, html, index):
            if isinstance(junk, etree._Element) and junk is not node and junk.getparent() is not None:
                drop_tree(junk)
                if index is not None:
                    index.mutated()


def body_paragraphs_of(response: TextResponse, profile: SiteProfile, root=None,
                       index: PageIndex | None = None, html: str | None = None, stats=None) -> list[str]:
    """Paragraph texts of the first body container, boilerplate removed
    (white space not yet collapsed: ``ArticleLoader.body_in`` does that).

    Removes the profile's ``drop`` selectors from the page tree (*root*,
    default :func:`page_root`) in place, so call it after every other field
    has been read.
    """
    html = response.text if html is None else html
    root = page_root(response, html) if root is None else root
    for query in profile.body_selectors:
        found = [n for n in query_nodes(root, query, html, index) if isinstance(n, etree._Element)]
        if stats is not None:  # same rule-usage counters as add_first_match (newsbot.monitor reads them)
            stats.inc_value(f"parser/body/css/{query}", 1 if found else 0)
        if found:
            drop_boilerplate(found[0], profile, html, index)
            return block_texts(found[0], collapse=False)  # the loader's body_in collapses them
    paragraphs = main_text_paragraphs(response, profile, root, index)
    if stats is not None:
        stats.inc_value("parser/body/heuristic", 1 if paragraphs else 0)
    return paragraphs


def main_text_paragraphs(response: TextResponse, profile: SiteProfile, root=None,
                         index: PageIndex | None = None) -> list[str]:
    """Body by heuristic: the element whose direct ``<p>`` children hold the most text."""
    root = page_root(response) if root is None else root
    best, best_score = None, MIN_HEURISTIC_TEXT
    for parent in root.xpath("//*[p]"):
        score = sum(len(t.strip()) for t in parent.xpath("./p//text()"))
        if score > best_score:
            best, best_score = parent, score
    if best is None:
        return []
    drop_boilerplate(best, profile, index=index)
    return [p for p in (collapse_ws(node.xpath("string()")) for node in best.xpath("./p")) if p]


def add_first_match(loader: ArticleLoader, name: str, queries: tuple[str, ...], root, html, stats,
                    index: PageIndex | None = None) -> None:
    """Add the values of the first selector that yields a usable value (non-blank
    text the field's input processor keeps).

    Each selector tried is counted as ``parser/<field>/css/<selector>``
    (1 when it matched), itemloaders' rule-usage key, so a layout change
    shows up as a falling counter.
    """
    for query in queries:
        values = [v for v in query_texts(root, query, html, index) if v.strip()]
        if values:
            loader.add_value(name, values)
            if not loader.get_collected_values(name):
                values = []  # nothing usable after the field's processors: next selector
        if stats is not None:
            stats.inc_value(f"parser/{name}/css/{query}", 1 if values else 0)
        if values:
            return


def page_index(root: etree._Element, profile: SiteProfile) -> PageIndex:
    """A :class:`PageIndex` of *root* recording what *profile*'s selectors ask for."""
    queries = tuple(q for name in SELECTOR_FIELDS for q in profile.selectors_for(name))
    queries += profile.body_selectors + MACHINE_DATE_SELECTORS + MODIFIED_SELECTORS
    queries += (LD_JSON_SELECTOR, SITE_NAME_SELECTOR)
    return PageIndex(root, **wanted(queries, profile.drop_selectors))


def extract_article(
    response: TextResponse,
    profile: SiteProfile,
    *,
    stats=None,
    source_path: str | None = None,
    now: datetime | None = None,
    text: str | None = None,
    listed: datetime | None = None,
    url: str | None | EllipsisType = ...,
) -> NewsArticle:
    """Run the profile's selectors on *response* and load a NewsArticle.

    Missing fields stay ``None``; validation happens in the pipelines.
    Selector use is counted in *stats* (``parser/<field>/css/<selector>``)
    so a layout change shows up as a falling counter.  *text* is
    ``response.text`` when the caller already has it (saves decoding again);
    *listed* is the feed/sitemap date of the link, evidence for the publish
    date (see :mod:`newsbot.extract.dates`).  When the date evidence forbids
    writing the article, ``item.rejection`` is ``(reason, message)`` (not a
    field: ``ValidatePipeline`` drops the item with it).
    *url* is the page's URL (default ``response.url``); ``None`` when it is
    not known (a saved page without one: ``url``/``canonical_url`` stay empty,
    see :func:`~newsbot.extract.assemble.assemble_article`).  Spiders call
    :func:`newsbot.extract.page.article_from_response`, not this.
    """
    html = response.text if text is None else text
    root = page_root(response, html)
    index = page_index(root, profile)
    site_name = next(iter(query_texts(root, SITE_NAME_SELECTOR, index=index)), None)
    loader = ArticleLoader(selector=Selector(root=root, type="html"), response=response, profile=profile,
                           stats=stats, site_name=site_name)
    for name in SELECTOR_FIELDS:
        if name != "images":
            add_first_match(loader, name, profile.selectors_for(name), root, html, stats, index)
    url = response.url if url is ... else url
    code = profile.article_id(url) if url else None
    if code:
        loader.add_value("news_code", code)
    if url:
        loader.add_value("canonical_url", url)
    ld = next(iter(article_objects(query_texts(root, LD_JSON_SELECTOR, index=index), stats)), None)
    ld = article_fields(ld) if ld else {}
    for name in ("title", "authors", "category", "tags"):
        if ld.get(name) and not loader.get_collected_values(name):
            loader.add_value(name, ld[name])
    hidden_lead = None if loader.get_collected_values("lead") else ld.get("lead")
    paragraphs = body_paragraphs_of(response, profile, root, index, html, stats)
    if not paragraphs and ld.get("body"):
        paragraphs = ld["body"].split("\n")
    loader.add_value("body", paragraphs)
    add_first_match(loader, "images", profile.selectors_for("images"), root, html, stats, index)
    if ld.get("images"):
        loader.add_value("images", ld["images"])
    machine = [v.strip() for css in MACHINE_DATE_SELECTORS for v in query_texts(root, css, index=index)]
    if ld.get("published"):
        machine.append(ld["published"])
    modified = [v.strip() for css in MODIFIED_SELECTORS for v in query_texts(root, css, index=index)]
    modified += [ld["modified"]] if ld.get("modified") else []
    return assemble_article(loader, profile, url=url, machine_dates=machine, modified_dates=modified,
                            hidden_lead=hidden_lead, source_path=source_path, crawled_at=now, stats=stats,
                            listed=listed, page_text=html)


def rejected_page(response, profile: SiteProfile, exc: Exception, *, stats=None) -> NewsArticle:
    """An item standing for a page that cannot be used at all (not HTML, or an
    extraction bug): ``item.rejection`` names the reason (``not_html`` or
    ``extraction_error``), so ``ValidatePipeline`` drops it once with that reason
    instead of the page ending in a spider error."""
    reason = "extraction_error" if isinstance(response, TextResponse) else "not_html"
    if reason == "extraction_error":
        logger.error("%s: extraction failed", response.url, exc_info=exc)
    item = NewsArticle(site=profile.name, url=response.url, language=profile.language,
                       crawled_at=datetime.now(timezone.utc))
    detail = str(exc) if reason == "not_html" else f"{type(exc).__name__}: {exc}"
    item.rejection = (reason, f"{reason}: {detail}")
    if stats is not None:
        stats.inc_value(f"newsbot/extract/{reason}")
    return item
