"""IranDrupal, a Drupal distribution (rajanews.com).

Markup: ``.rutitr`` (kicker), ``h1.title``, ``.lead``, ``.body``,
``.date-display-single`` (date), ``div.news-id`` (code); URLs
``/news/<id>`` or ``/node/<id>``.
"""

from newsbot.extract.spec import FamilySpec

IRANDRUPAL = FamilySpec(
    name="irandrupal",
    markers=("date-display-single", "news-id", "Drupal"),
    selectors={
        "news_code": ("div.news-id",),
        "title": ("h1.title", ".title", "meta[property='og:title']::attr(content)"),
        "kicker": (".rutitr",),
        "lead": (".lead",),
        "published_at_raw": (".date-display-single",),
        "category": (".category-breadcrumb a", ".breadcrumb a"),
        "tags": (".field-name-field-tags a", ".tags a"),
        "images": (".body img::attr(src)", "meta[property='og:image']::attr(content)"),
        "canonical_url": ("link[rel='canonical']::attr(href)",),
    },
    body=(".field-name-body", ".body"),
    drop=("script", "style", "noscript", "iframe", ".related", ".ads", ".links"),
    article_path=r"^/(?:news|node)/(?P<id>\d+)(?:/|$)",
    article_url_template="/news/{news_code}",
    feeds=("/rss.xml",),
)
