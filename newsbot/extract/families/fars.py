"""Fars News Agency's own CMS (farsnews.ir).

Markup: ``.news-box .title``, ``.lead``, ``.nt-body``, ``div.publish-time
span``, ``link[rel=canonical]``; URLs ``/news/<id>/<slug>``.
"""

from newsbot.extract.spec import FamilySpec

FARS = FamilySpec(
    name="fars",
    markers=("nt-body", "publish-time"),
    selectors={
        "news_code": (".news-code", "//span[contains(., 'کد خبر')]"),
        "title": (".news-box .title", "h1.title", "meta[property='og:title']::attr(content)"),
        "kicker": (".news-box .subtitle", ".rutitr"),
        "lead": (".news-box .lead", ".lead"),
        "published_at_raw": ("div.publish-time span", ".publish-time"),
        "category": (".subject-category", ".breadcrumb a"),
        "tags": (".tags a",),
        "images": (".nt-body img::attr(src)", "meta[property='og:image']::attr(content)"),
        "canonical_url": ("link[rel='canonical']::attr(href)",),
    },
    body=(".nt-body",),
    drop=("script", "style", "noscript", "iframe", ".related", ".share", ".ads"),
    article_path=r"^/news/(?P<id>\d+)(?:/|$)",
    article_url_template="/news/{news_code}",
    feeds=("/rss",),
)
