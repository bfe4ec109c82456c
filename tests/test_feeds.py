"""RSS/Atom feeds and Google News sitemaps."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from newsbot.core.feeds import FeedError, parse_feed, parse_sitemap

UTC = timezone.utc


def test_rss_and_atom_entries():
    rss = b"""<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>
    <item><title>\xd8\xae\xd8\xa8\xd8\xb1</title><link> https://www.tabnak.ir/fa/news/1/x </link>
    <pubDate>Wed, 20 Dec 2023 04:47:00 GMT</pubDate></item><item><title>no link</title></item></channel></rss>"""
    (entry,) = parse_feed(rss)
    assert entry.url == "https://www.tabnak.ir/fa/news/1/x" and entry.title == "خبر"
    assert entry.published == datetime(2023, 12, 20, 4, 47, tzinfo=UTC)
    atom = b"""<feed xmlns="http://www.w3.org/2005/Atom"><entry><title>a</title>
    <link rel="alternate" href="https://www.radiofarda.com/a/x/123.html"/><updated>2024-01-02T03:04:05Z</updated></entry></feed>"""
    assert [e.url for e in parse_feed(atom)] == ["https://www.radiofarda.com/a/x/123.html"]


def test_malformed_feed_keeps_what_it_can_and_garbage_is_an_error():
    broken = b"<rss><channel><item><link>https://www.isna.ir/news/1/a</link></item><item><link>https://www.isna.ir/news/2/b"
    assert [e.url for e in parse_feed(broken)][:1] == ["https://www.isna.ir/news/1/a"]
    with pytest.raises(FeedError):
        parse_feed(b"\x00\x01 not xml at all")


def test_news_sitemap_keeps_publication_date_and_title():
    body = """<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
    xmlns:news="http://www.google.com/schemas/sitemap-news/0.9"><url><loc>https://www.isna.ir/news/1/a</loc>
    <news:news><news:publication_date>2023-12-20T08:17:00+03:30</news:publication_date>
    <news:title>عنوان</news:title></news:news></url><url><loc>https://www.isna.ir/news/2/b</loc>
    <lastmod>2023-12-21</lastmod></url></urlset>""".encode()
    kind, entries = parse_sitemap(body)
    assert kind == "urlset"
    assert entries[0].title == "عنوان" and entries[0].published.isoformat() == "2023-12-20T08:17:00+03:30"
    # a day without time or offset is that local day in the site's zone (Tehran by default)
    assert entries[1].published.isoformat() == "2023-12-21T00:00:00+03:30"


def test_sitemap_index_and_errors():
    kind, entries = parse_sitemap(b'<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
                                  b'<sitemap><loc>https://x.ir/s1.xml</loc></sitemap></sitemapindex>')
    assert kind == "index" and [e.url for e in entries] == ["https://x.ir/s1.xml"]
    with pytest.raises(FeedError):
        parse_sitemap(b"<html><body>not a sitemap</body></html>")


def test_entity_expansion_is_not_performed():
    bomb = (b'<?xml version="1.0"?><!DOCTYPE l [<!ENTITY a "aaaaaaaaaa">'
            b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>'
            b'<urlset><url><loc>&c;</loc></url><url><loc>https://x.ir/news/1</loc></url></urlset>')
    kind, entries = parse_sitemap(bomb)
    assert [e.url for e in entries] == ["https://x.ir/news/1"]


# -- K1: Jalali dates in feeds and sitemaps (issue 13) ----------------------------------------

def _rss(date: str) -> bytes:
    return (f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><item><title>t</title>'
            f'<link>https://www.asrpress.ir/fa/news/1/x</link><pubDate>{date}</pubDate></item></channel></rss>'
            ).encode()


def _atom(tag: str, date: str) -> bytes:
    return (f'<feed xmlns="http://www.w3.org/2005/Atom"><entry><title>a</title>'
            f'<link rel="alternate" href="https://x.ir/1"/><{tag}>{date}</{tag}></entry></feed>').encode()


def _urlset(tag: str, date: str) -> bytes:
    return (f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
            f'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9"><url><loc>https://x.ir/1</loc>'
            f'{"<news:news>" if tag.startswith("news:") else ""}<{tag}>{date}</{tag}>'
            f'{"</news:news>" if tag.startswith("news:") else ""}</url></urlset>').encode()


@pytest.mark.parametrize("date, expected", [
    ("۱۴۰۲/۰۹/۲۹ - ۰۸:۱۷", "2023-12-20T08:17:00+03:30"),      # the handed case: Persian digits, time
    ("1402/09/29 - 08:17", "2023-12-20T08:17:00+03:30"),      # Latin digits
    ("۱۴۰۲/۰۹/۲۹", "2023-12-20T00:00:00+03:30"),              # no time: local day
    ("۲۹ آذر ۱۴۰۲ ساعت ۰۸:۱۷", "2023-12-20T08:17:00+03:30"),  # month name
    ("1402-09-29T08:17:00+03:30", "2023-12-20T08:17:00+03:30"),
    ("۱۴۰۳/۰۱/۰۱ ۱۲:۰۰", "2024-03-20T12:00:00+03:30"),
    ("Wed, 20 Dec 2023 04:47:00 GMT", "2023-12-20T08:17:00+03:30"),  # RFC 2822 still read
    ("Wed, 20 Dec 2023 4:47:00 GMT", "2023-12-20T04:47:00+00:00"),   # feedparser's fallback (UTC)
    ("20 December 2023 04:47 GMT", "2023-12-20T04:47:00+00:00"),
])
def test_rss_pubdate_jalali_and_gregorian(date, expected):
    (entry,) = parse_feed(_rss(date))
    assert entry.published.isoformat() == expected and entry.published_raw == date


@pytest.mark.parametrize("tag", ["published", "updated"])
@pytest.mark.parametrize("date, expected", [
    ("1402-09-29T08:17:00+03:30", "2023-12-20T08:17:00+03:30"),
    ("1402-09-29T04:47:00Z", "2023-12-20T08:17:00+03:30"),
    ("1402-09-29", "2023-12-20T00:00:00+03:30"),
    ("۱۴۰۲-۰۹-۲۹T۰۸:۱۷:۰۰", "2023-12-20T08:17:00+03:30"),
    ("2023-12-20T04:47:00Z", "2023-12-20T08:17:00+03:30"),
])
def test_atom_dates_jalali_and_gregorian(tag, date, expected):
    (entry,) = parse_feed(_atom(tag, date))
    assert entry.published.isoformat() == expected


@pytest.mark.parametrize("tag", ["lastmod", "news:publication_date"])
@pytest.mark.parametrize("date, expected", [
    ("1402-09-29T08:17:00+03:30", "2023-12-20T08:17:00+03:30"),
    ("1402-09-29T08:17:00", "2023-12-20T08:17:00+03:30"),
    ("1402-09-29", "2023-12-20T00:00:00+03:30"),
    ("۱۴۰۲/۰۹/۲۹ ۰۸:۱۷", "2023-12-20T08:17:00+03:30"),
    ("2023-12-20T08:17:00+03:30", "2023-12-20T08:17:00+03:30"),
])
def test_sitemap_dates_jalali_and_gregorian(tag, date, expected):
    kind, (entry,) = parse_sitemap(_urlset(tag, date))
    assert kind == "urlset" and entry.published.isoformat() == expected


@pytest.mark.parametrize("date", ["2023/12/20 08:17", "2023/12/20", "12/20/2023", "yesterday"])
def test_dates_feedparser_would_misread_are_left_empty(date):
    """feedparser reads "2023/12/20 08:17" as 2023-11-01: absent is better than wrong."""
    (entry,) = parse_feed(_rss(date))
    assert entry.published is None and entry.published_raw == date


def test_dates_in_the_sites_time_zone_and_unreadable_dates():
    from zoneinfo import ZoneInfo
    kabul = ZoneInfo("Asia/Kabul")
    (entry,) = parse_feed(_rss("1402/09/29 - 08:17"), kabul)
    assert entry.published.isoformat() == "2023-12-20T08:17:00+04:30"
    (entry,) = parse_feed(_rss("دیروز"))
    assert entry.published is None and entry.published_raw == "دیروز"
    _, (entry,) = parse_sitemap(_urlset("lastmod", "1402-13-40"))
    assert entry.published is None and entry.published_raw == "1402-13-40"
    # an unreadable publication_date falls back to a readable lastmod
    body = _urlset("news:publication_date", "garbage").replace(b"</url>", b"<lastmod>1402-09-29</lastmod></url>")
    _, (entry,) = parse_sitemap(body)
    assert entry.published.isoformat() == "2023-12-20T00:00:00+03:30" and entry.published_raw == "1402-09-29"


def test_sitemap_index_lastmod_is_jalali():
    kind, (entry,) = parse_sitemap(b'<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><sitemap>'
                                   b'<loc>https://x.ir/s1.xml</loc><lastmod>1402-09-29T08:17:00+03:30</lastmod>'
                                   b'</sitemap></sitemapindex>')
    assert kind == "index" and entry.published.isoformat() == "2023-12-20T08:17:00+03:30"
