"""Varzesh3's own CMS (varzesh3.com, sports).

Markup: ``h2.subhead`` (kicker), ``h1.headline``, ``p.lead``, ``.news-info``
spans («کد خبر : …», date with «ساعت»), body ``.news-text`` (holds video
players, lazy images and a Yektanet ad block); URLs ``/news/<id>/<slug>``.
"""

from newsbot.extract.spec import FamilySpec

VARZESH3 = FamilySpec(
    name="varzesh3",
    markers=("news-info-detail", 'class="headline"'),
    selectors={
        "news_code": ("div.news-info > span:contains('کد خبر')",),
        "title": ("h1.headline", "meta[property='og:title']::attr(content)"),
        "kicker": ("h2.subhead",),
        "lead": ("p.lead",),
        "tags": ("div.news-tag .tag a",),
        # 2024 layout: the span with «ساعت»; older layouts: the info span that is a date
        # (the loader refuses the «کد خبر» one), or the first date-classed element after the headline
        "published_at_raw": ("div.news-info > span:contains('ساعت')", "div.news-info span",
                             ".news-info-detail span",
                             "(//h1)[1]/following::*[contains(@class,'date') or contains(@class,'time')][1]"),
        "images": (".news-main-image img::attr(src)", "meta[property='og:image']::attr(content)"),
        "canonical_url": ("link[rel='canonical']::attr(href)", "meta[property='og:url']::attr(content)"),
    },
    body=(".news-text",),
    drop=("script", "style", "noscript", "iframe", "figure", "video", ".video-player",
          "[id^='pos-article']", "[class*='yektanet']", "[id*='yektanet']", ".ads"),
    article_path=r"^/news/(?P<id>\d+)(?:/|$)",
    article_url_template="/news/{news_code}",
    feeds=("/rss/all",),
)
