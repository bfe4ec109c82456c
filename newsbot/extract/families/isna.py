"""ISNA's own CMS (isna.ir).

Markup: ``h1.first-title``, ``.kicker``, ``p.summary``, ``.item-body
.item-text``, a meta list ``.meta-news li`` (weekday / date, service, news
code); URLs ``/news/<id>/<slug>``.  Daily archives mix days: filter by the
article's own date.
"""

from newsbot.extract.spec import ArchiveSpec, FamilySpec

ISNA = FamilySpec(
    name="isna",
    markers=("first-title", "meta-news"),
    selectors={
        "news_code": (".meta-news li:contains('کد خبر')",),
        "title": ("h1.first-title", "meta[property='og:title']::attr(content)"),
        "kicker": (".kicker",),
        "lead": ("p.summary", "[itemprop='description']"),
        "published_at_raw": (".meta-news li:first-child",),
        "category": (".meta-news li:contains('دسته') span.text-meta",),
        "tags": (".tags li a",),
        "authors": (".meta-news li:contains('خبرنگار') span.text-meta",),
        "images": (".item-body img::attr(src)", "meta[property='og:image']::attr(content)"),
        "canonical_url": ("link[rel='canonical']::attr(href)",),
    },
    body=(".item-body .item-text", ".item-text"),
    drop=("script", "style", "noscript", "iframe", ".item-footer", ".related", ".ads"),
    article_path=r"^/news/(?P<id>\d+)(?:/|$)",
    article_url_template="/news/{news_code}",
    feeds=("/rss",),
    archive=ArchiveSpec("/archive?pi={page}&ms=0&dy={day}&mn={month}&yr={year}", per_day=True),
)
