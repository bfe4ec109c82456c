"""Generic fallback for Persian news pages on no known CMS.

Uses what most news pages carry: OpenGraph/``article:*`` meta, JSON-LD
(handled in ``article.py`` for every family), ``time[datetime]``, an
``h1``, and for the body ``[itemprop=articleBody]``/``article`` or, failing
those, the main-text heuristic (the element whose ``<p>`` children hold
the most text).
"""

from newsbot.extract.spec import FamilySpec

GENERIC = FamilySpec(
    name="generic",
    markers=(),
    selectors={
        "news_code": ("//*[contains(text(), 'کد خبر')]",),
        "title": ("h1", "meta[property='og:title']::attr(content)", "title"),
        "kicker": (".rutitr", ".uptitle", ".kicker"),
        "lead": (".lead", ".summary", "meta[property='og:description']::attr(content)",
                 "meta[name='description']::attr(content)"),
        "published_at_raw": ("//*[contains(@class,'date') or contains(@class,'time')][not(self::time)]",),
        "tags": ("meta[property='article:tag']::attr(content)",),
        "category": ("meta[property='article:section']::attr(content)",),
        "images": ("meta[property='og:image']::attr(content)",),
        "canonical_url": ("link[rel='canonical']::attr(href)", "meta[property='og:url']::attr(content)"),
    },
    body=("[itemprop='articleBody']", "article .content", "article"),
    drop=("script", "style", "noscript", "iframe", "form", "nav", "aside", "footer", "header",
          ".related", ".share", ".ads", ".comments"),
    article_path=r"/(?P<id>\d{3,})(?:[/.]|$)",
    article_url_template="/{news_code}",
)
