"""Asam CMS (tasnimnews, ilna, mojnews, donya-e-eqtesad, sharghdaily, etemadonline, ...).

Markup: ``h1.title`` (tasnim: ``article.single-news h1.title``), ``.uptitle``,
``h3.lead``/``.lead``, ``li.time`` or ``time[datetime]``, ``li.service a``,
body ``.story`` or ``#echo_detail``, short link ``a#short-link``; URLs
``/fa/news/YYYY/MM/DD/<id>/<slug>``.
"""

from newsbot.extract.spec import FamilySpec

ASAM = FamilySpec(
    name="asam",
    markers=('class="story"', "echo_detail", "short-link"),
    selectors={
        "news_code": ("a#short-link", ".news-id", ".short-link"),
        "title": ("article.single-news h1.title", "h1.title", "h1",
                  "meta[property='og:title']::attr(content)"),
        "kicker": (".uptitle", "h4.uptitle", "article.single-news .kicker"),
        "lead": ("article.single-news h3.lead", "h3.lead", ".lead", "#echo_lead"),
        "published_at_raw": ("li.time", "time", ".news-time", ".date"),
        "category": ("li.service a", "ul.breadcrumb_list li a", ".breadcrumb_cnt ul.bread_crump li a",
                     "ul.breadcrumb-list li a"),
        "tags": (".smart-keyword li a", ".tags a", ".article-tag a", ".article_tag a", ".news_tags a"),
        "images": (".story img::attr(src)", "meta[property='og:image']::attr(content)"),
        "canonical_url": ("link[rel='canonical']::attr(href)", "meta[property='og:url']::attr(content)"),
    },
    body=("article.single-news .story", ".story", "#echo_detail", ".echo-detail", ".article_content",
          ".article-body", ".news-body"),
    drop=("script", "style", "noscript", "iframe", ".hideTag", ".readmore-container",
          ".markup-container", ".ads", ".ads-footer", ".sharer"),
    # Tasnim: /fa/news/YYYY/MM/DD/<id>/<slug>; other Asam sites: /<section>/<id>-<slug>.
    article_path=r"^/(?:fa/news/(?:\d{4}/\d{1,2}/\d{1,2}/)?|[^/]+/(?=\d+-))(?P<id>\d+)(?:[-/]|$)",
    article_url_template="/fa/news/{news_code}",
    feeds=("/fa/rss/feed/0/0/0/0/AllStories",),
)
