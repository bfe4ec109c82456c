"""Nastooh CMS (khabaronline, mehrnews, irna, hamshahrionline, mashreghnews, imna, ...).

Markup: ``.item-code span`` (code), ``.item-date span`` (date), ``.kicker``,
``h1.title``, ``p.summary.introtext`` (lead), ``.item-body .item-text``
(body), ``.breadcrumb`` (category), ``section.tags`` (tags), JSON-LD
NewsArticle; URLs ``/news/<id>/<slug>``, RSS ``/rss``.
"""

from newsbot.extract.spec import ArchiveSpec, FamilySpec

NASTOOH = FamilySpec(
    name="nastooh",
    markers=('class="item-code"', "item-text", "nastooh"),
    selectors={
        "news_code": (".item-code span", ".item-code"),
        "title": ("h1.title", "h1[itemprop='headline']", "meta[property='og:title']::attr(content)"),
        "kicker": (".item-title .kicker", ".kicker", ".uptitle"),
        "lead": ("p.summary.introtext", ".item-summary .summary", "p.summary", ".introtext"),
        "published_at_raw": (".item-date span", ".item-date"),
        "category": (".breadcrumb li a",),
        "tags": ("section.tags li a", ".tags li a"),
        "authors": (".item-author", "[itemprop='author'] [itemprop='name']"),
        "images": (".item-summary img::attr(src)", ".item-text img::attr(src)",
                   "meta[property='og:image']::attr(content)"),
        "canonical_url": ("link[rel='canonical']::attr(href)", "meta[property='og:url']::attr(content)"),
    },
    body=(".item-body .item-text", ".item-text", "[itemprop='articleBody']"),
    drop=("script", "style", "noscript", "iframe", "form", ".related-items", ".item-sharing",
          ".ads", ".ad", ".banner"),
    article_path=r"^/news/(?P<id>\d+)(?:/|$)",
    article_url_template="/news/{news_code}",
    feeds=("/rss",),
    archive=ArchiveSpec("/archive?pi={page}&ms=0&dy={day}&mn={month}&yr={year}", per_day=True),
)
