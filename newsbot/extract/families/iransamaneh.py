"""IranSamaneh CMS (asrpress, tabnak, asriran, yjc, fararu, snn, ...).

Markup: ``div.news_nav.news_id_c`` («کد خبر»), ``div.news_nav.news_pdate_c``
(«تاریخ انتشار», time-first or date-first), ``h1.title``, ``.rutitr``
(kicker), ``.subtitle`` (lead), ``.body`` (text), ``.news_path a``
(breadcrumb), ``.tags_title a`` (tags); URLs ``/fa/news/<id>/<slug>``, RSS
``/fa/rss/allnews``.
"""

from newsbot.extract.spec import ArchiveSpec, FamilySpec

IRANSAMANEH = FamilySpec(
    name="iransamaneh",
    markers=("news_id_c", "news_pdate_c", "iransamaneh", "ایران سامانه"),
    selectors={
        "news_code": (".news_id_c",),
        "title": ("h1.title", ".title h1", "meta[property='og:title']::attr(content)"),
        "kicker": (".rutitr",),
        "lead": (".subtitle", "strong.news_strong", ".lead"),
        "published_at_raw": (".news_pdate_c",),
        "category": (".news_path a",),
        "tags": (".tags_title a",),
        "authors": (".news_author", ".reporter"),
        "images": (".body img::attr(src)", "meta[property='og:image']::attr(content)"),
        "canonical_url": ("link[rel='canonical']::attr(href)", "meta[property='og:url']::attr(content)"),
    },
    body=("div.body.body_news", "div.body", ".news_body"),
    drop=(
        "script", "style", "noscript", "iframe", "form",
        ".related_news", ".news_related", ".related", ".share", ".share_news",
        ".tags_title", ".news_nav", ".ads", ".adv", ".banner", ".sign",
    ),
    article_path=r"^/fa/news/(?P<id>\d+)(?:/|$)",
    article_url_template="/fa/news/{news_code}",
    feeds=("/fa/rss/allnews",),
    listing_paths=("/",),
    archive=ArchiveSpec("/fa/archive?service_id=-1&sec_id=-1&cat_id=-1&rpp=100&from_date={from_date}&to_date={to_date}&p={page}"),
)
