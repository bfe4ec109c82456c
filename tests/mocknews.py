"""Generated news sites (IranSamaneh and Nastooh markup) for the mock server.

``NewsSite(family, count)`` makes ``count`` articles, one every
``step_hours`` from ``start`` (Tehran time), and serves: robots.txt (with a
Sitemap line), the homepage (latest 10), RSS (latest 20), a sitemap index
pointing to a Google News sitemap (every article, with its publication
date), the CMS archive with pagination (``per_page`` a page; each page
also lists one article of another day, as ISNA's archive does), and the
articles.  ``add()`` publishes one more article (for incremental tests).
The text is our own filler, not any site's.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from html import escape
from zoneinfo import ZoneInfo

import jdatetime

from newsbot.core.digits import to_persian_digits

TEHRAN = ZoneInfo("Asia/Tehran")
MONTHS = ["فروردین", "اردیبهشت", "خرداد", "تیر", "مرداد", "شهریور",
          "مهر", "آبان", "آذر", "دی", "بهمن", "اسفند"]
TOPICS = ["بازار سرمایه", "کشاورزی", "حمل و نقل", "آموزش", "بهداشت", "محیط زیست", "ورزش", "فرهنگ"]
SENTENCES = [
    "به گزارش خبرنگار ما، نشست بررسی {t} امروز با حضور مسئولان استانی برگزار شد.",
    "در این نشست گزارشی از وضعیت {t} در شش ماه نخست سال ارائه شد.",
    "کارشناسان حاضر در جلسه بر ضرورت برنامه‌ریزی بلندمدت در حوزه {t} تاکید کردند.",
    "بر اساس این گزارش، اعتبارات حوزه {t} نسبت به سال گذشته افزایش یافته است.",
    "قرار است نتایج این بررسی تا پایان ماه جاری به اطلاع عموم برسد.",
]


@dataclass
class MockArticle:
    code: int
    published: datetime
    topic: str

    @property
    def title(self) -> str:
        return f"گزارش شماره {to_persian_digits(str(self.code))} درباره {self.topic}"

    @property
    def lead(self) -> str:
        return f"خلاصه‌ای از تازه‌ترین تحولات {self.topic} در کشور."

    @property
    def paragraphs(self) -> list[str]:
        return [s.format(t=self.topic) for s in SENTENCES]

    @property
    def jalali(self) -> jdatetime.datetime:
        return jdatetime.datetime.fromgregorian(datetime=self.published)

    def shown_date(self) -> str:
        j = self.jalali
        return to_persian_digits(f"{j.hour:02d}:{j.minute:02d} - {j.day} {MONTHS[j.month - 1]} {j.year}")


class NewsSite:
    """A generated site of one family: ``iransamaneh`` or ``nastooh``."""

    def __init__(self, family: str, count: int, *, first_code: int = 50000, per_page: int = 5,
                 start: datetime = datetime(2023, 12, 1, 8, 0, tzinfo=TEHRAN), step_hours: float = 5):
        assert family in ("iransamaneh", "nastooh")
        self.family, self.per_page = family, per_page
        self.start, self.step = start, timedelta(hours=step_hours)
        self.first_code = first_code
        self.articles: list[MockArticle] = []
        for _ in range(count):
            self.add()
        self.by_code = {a.code: a for a in self.articles}

    def add(self) -> MockArticle:
        index = len(self.articles)
        article = MockArticle(self.first_code + index, self.start + index * self.step,
                              TOPICS[index % len(TOPICS)])
        self.articles.append(article)
        self.by_code = {a.code: a for a in self.articles}
        return article

    # -- URLs ----------------------------------------------------------------
    def path(self, article: MockArticle) -> str:
        prefix = "/fa/news" if self.family == "iransamaneh" else "/news"
        return f"{prefix}/{article.code}/گزارش-{article.code}"

    @property
    def feed_path(self) -> str:
        return "/fa/rss/allnews" if self.family == "iransamaneh" else "/rss"

    def latest(self, n: int) -> list[MockArticle]:
        return sorted(self.articles, key=lambda a: a.published, reverse=True)[:n]

    # -- pages ---------------------------------------------------------------
    def article_html(self, a: MockArticle) -> bytes:
        body = "\n".join(f"<p>{escape(p)}</p>" for p in a.paragraphs)
        canonical = "{base}" + self.path(a)
        if self.family == "iransamaneh":
            main = f"""<div class="news_path"><a href="/">صفحه نخست</a> » <a href="/fa/service/2">{a.topic}</a></div>
<div class="news_nav news_id_c"><span class="news_nav_title">کد خبر: </span>{to_persian_digits(str(a.code))}</div>
<div class="news_nav news_pdate_c"><span class="news_nav_title">تاریخ انتشار: </span>{a.shown_date()}</div>
<h1 class="title"><a href="{self.path(a)}">{escape(a.title)}</a></h1>
<div class="subtitle">{escape(a.lead)}</div>
<div class="body">{body}<p>انتهای پیام/</p></div>
<div class="related_news"><a href="{self.path(self.articles[0])}">{escape(self.articles[0].title)}</a></div>"""
        else:
            main = f"""<ol class="breadcrumb"><li><a href="/">صفحه اصلی</a></li><li><a href="/service/x">{a.topic}</a></li></ol>
<div class="item-date"><span>{a.shown_date()}</span></div>
<div class="item-title"><h1 class="title"><a href="{self.path(a)}">{escape(a.title)}</a></h1></div>
<div class="item-summary"><p class="summary introtext">{escape(a.lead)}</p></div>
<div class="item-body"><div class="item-text">{body}</div></div>
<div class="item-code">کد خبر <span>{a.code}</span></div>"""
        marker = "lib.iransamaneh_news.js" if self.family == "iransamaneh" else "nastooh.js"
        return f"""<!DOCTYPE html><html lang="fa" dir="rtl"><head><meta charset="utf-8">
<title>{escape(a.title)}</title><link rel="canonical" href="{canonical}">
<script src="/js/{marker}"></script></head><body><div class="header">سایت خبری آزمایشی</div>
{main}<div class="footer">تمامی حقوق محفوظ است.</div></body></html>""".encode()

    def links_html(self, articles: list[MockArticle], next_href: str | None = None) -> bytes:
        items = "".join(f'<li><a href="{self.path(a)}">{escape(a.title)}</a></li>' for a in articles)
        more = f'<a class="next" href="{escape(next_href)}">بعدی</a>' if next_href else ""
        return (f'<!DOCTYPE html><html lang="fa"><head><meta charset="utf-8"><title>فهرست</title></head>'
                f'<body><ul>{items}</ul>{more}</body></html>').encode()

    def rss(self) -> bytes:
        items = "".join(
            f"<item><title>{escape(a.title)}</title><link>{{base}}{self.path(a)}</link>"
            f"<pubDate>{a.published.astimezone(ZoneInfo('UTC')).strftime('%a, %d %b %Y %H:%M:%S GMT')}</pubDate></item>"
            for a in self.latest(20))
        return f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>آزمایشی</title>{items}</channel></rss>'.encode()

    def news_sitemap(self) -> bytes:
        urls = "".join(
            f"<url><loc>{{base}}{self.path(a)}</loc><news:news><news:publication_date>{a.published.isoformat()}"
            f"</news:publication_date><news:title>{escape(a.title)}</news:title></news:news></url>"
            for a in self.articles)
        return ('<?xml version="1.0" encoding="utf-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
                f'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">{urls}</urlset>').encode()

    def archive(self, query: dict) -> bytes:
        """Archive page: articles of the requested Jalali day range, ``per_page`` a page."""
        if self.family == "iransamaneh":
            first = jdatetime.datetime.strptime(query["from_date"], "%Y/%m/%d").togregorian().date()
            last = jdatetime.datetime.strptime(query["to_date"], "%Y/%m/%d").togregorian().date()
            page = int(query.get("p", 1))
        else:
            day = jdatetime.date(int(query["yr"]), int(query["mn"]), int(query["dy"])).togregorian()
            first = last = day
            page = int(query.get("pi", 1))
        chosen = [a for a in sorted(self.articles, key=lambda a: a.published, reverse=True)
                  if first <= a.published.date() <= last]
        chunk = chosen[(page - 1) * self.per_page: page * self.per_page]
        if chunk:  # archives mix in other days' news: one article from outside the range
            outside = [a for a in self.articles if not first <= a.published.date() <= last]
            chunk = chunk + outside[page % len(outside):][:1] if outside else chunk
        return self.links_html(chunk)

    def route(self, path: str, query: dict):
        html = "text/html; charset=utf-8"
        if path == "/robots.txt":
            return "text/plain", b"User-agent: *\nDisallow: /admin\nSitemap: {base}/sitemap.xml\n"
        if path == "/":
            return html, self.links_html(self.latest(10))
        if path == self.feed_path:
            return "application/rss+xml; charset=utf-8", self.rss()
        if path == "/sitemap.xml":
            return "application/xml", (b'<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/'
                                       b'sitemap/0.9"><sitemap><loc>{base}/sitemap-news.xml</loc></sitemap></sitemapindex>')
        if path == "/sitemap-news.xml":
            return "application/xml", self.news_sitemap()
        if path in ("/fa/archive", "/archive"):
            try:
                return html, self.archive(query)
            except (KeyError, ValueError):
                return None
        parts = path.strip("/").split("/")
        if len(parts) >= 2 and parts[-2 if len(parts) > 2 else -1].isdigit():
            code = int(parts[-2] if len(parts) > 2 else parts[-1])
            article = self.by_code.get(code)
            if article is not None and path == self.path(article):
                return html, self.article_html(article)
        return None
