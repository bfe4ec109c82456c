"""A generated news site on no known CMS (for the any-site spider's tests and benchmark).

Articles live at ``/story/<code>/<slug>`` and carry ``og:type`` article,
JSON-LD ``NewsArticle`` (``datePublished`` with the Tehran offset), an
``h1`` and ``<article>`` paragraphs.  The homepage links the latest
articles, two sections (``/politics``, ``/economy``, listing the rest), an
about page and tag pages (not articles); ``robots.txt`` names
``/sitemap-posts.xml``; with ``feed_link`` the homepage has a
``<link rel="alternate">`` RSS feed at ``/feeds/latest.xml``.  Text is our
own filler.
"""

from __future__ import annotations

import json
from html import escape

from tests.mocknews import NewsSite


class GenericSite(NewsSite):
    def __init__(self, count: int, *, feed_link: bool = True, **kwargs):
        super().__init__("iransamaneh", count, **kwargs)  # reuses the article generator only
        self.family = "generic"
        self.feed_link = feed_link

    def path(self, article) -> str:
        return f"/story/{article.code}/گزارش-{article.code}"

    def article_html(self, a) -> bytes:
        ld = {"@context": "https://schema.org", "@type": "NewsArticle", "headline": a.title,
              "datePublished": a.published.isoformat(), "description": a.lead}
        body = "".join(f"<p>{escape(p)}</p>" for p in a.paragraphs)
        return f"""<!DOCTYPE html><html lang="fa" dir="rtl"><head><meta charset="utf-8">
<title>{escape(a.title)} | خبرنامه آزمایشی</title><meta property="og:type" content="article">
<link rel="canonical" href="{{base}}{self.path(a)}">
<script type="application/ld+json">{json.dumps(ld, ensure_ascii=False)}</script></head>
<body><nav><a href="/">خانه</a> <a href="/politics">سیاست</a> <a href="/tag/اقتصاد">اقتصاد</a></nav>
<article><h1>{escape(a.title)}</h1><p class="lead">{escape(a.lead)}</p>{body}</article>
<aside class="related"><a href="{self.path(self.articles[0])}">{escape(self.articles[0].title)}</a></aside>
</body></html>""".encode()

    def home_html(self) -> bytes:
        latest = self.latest(5)
        items = "".join(f'<li><a href="{self.path(a)}">{escape(a.title)}</a></li>' for a in latest)
        feed = '<link rel="alternate" type="application/rss+xml" href="/feeds/latest.xml">' if self.feed_link else ""
        return (f'<!DOCTYPE html><html lang="fa"><head><meta charset="utf-8"><title>خبرنامه</title>{feed}</head>'
                f'<body><nav><a href="/politics">سیاست</a> <a href="/economy">اقتصاد</a> <a href="/about">درباره ما</a>'
                f' <a href="/tag/ورزش">ورزش</a> <a href="https://elsewhere.example/story/1/x">بیرونی</a></nav>'
                f'<ul>{items}</ul><p>تمامی حقوق محفوظ است.</p></body></html>').encode()

    def route(self, path: str, query: dict):
        html = "text/html; charset=utf-8"
        rest = [a for a in self.articles if a not in self.latest(5)]
        if path == "/":
            return html, self.home_html()
        if path == "/robots.txt":
            return "text/plain", b"User-agent: *\nDisallow: /admin\nSitemap: {base}/sitemap-posts.xml\n"
        if path == "/politics":
            return html, self.links_html(rest[::2])
        if path == "/economy":
            return html, self.links_html(rest[1::2])
        if path == "/about" or path.startswith("/tag/"):
            return html, "<html><body><h1>درباره ما</h1><p>یک سایت آزمایشی.</p></body></html>".encode()
        if path == "/feeds/latest.xml" and self.feed_link:
            return "application/rss+xml; charset=utf-8", self.rss()
        if path == "/sitemap-posts.xml":
            return "application/xml", self.news_sitemap()
        parts = path.strip("/").split("/")
        if len(parts) == 3 and parts[0] == "story" and parts[1].isdigit():
            article = self.by_code.get(int(parts[1]))
            if article is not None and path == self.path(article):
                return html, self.article_html(article)
        return None

