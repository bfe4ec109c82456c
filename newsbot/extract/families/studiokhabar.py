"""StudioKhabar / News-Studio CMS (jahannews.com, baharnews.ir).

Markup by id: ``#docDiv3TitrRou`` (kicker), ``#docDiv3TitrMain`` (title),
``#docDivLead1`` (lead), ``#doctextarea`` (body), ``#docDiv3Date`` (date),
``#docDiv5InfoCode`` (code); URLs ``/fa/news/<id>/<slug>``.
"""

from newsbot.extract.spec import FamilySpec

STUDIOKHABAR = FamilySpec(
    name="studiokhabar",
    markers=("docDiv3TitrMain", "doctextarea"),
    selectors={
        "news_code": ("#docDiv5InfoCode",),
        "title": ("#docDiv3TitrMain", "meta[property='og:title']::attr(content)"),
        "kicker": ("#docDiv3TitrRou",),
        "lead": ("#docDivLead1",),
        "published_at_raw": ("#docDiv3Date",),
        "category": ("#docDiv3Service a", ".doc-section-info a", ".breadcrumb a"),
        "tags": ("#docDivKeywords a", ".tags a"),
        "images": ("#doctextarea img::attr(src)", "meta[property='og:image']::attr(content)"),
        "canonical_url": ("link[rel='canonical']::attr(href)",),
    },
    body=("#doctextarea",),
    drop=("script", "style", "noscript", "iframe", ".related", ".ads"),
    article_path=r"^/(?:fa/)?news/(?P<id>\d+)(?:/|$)",
    article_url_template="/fa/news/{news_code}",
    feeds=("/fa/rss/allnews",),
)
