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
    assert entries[1].published is None  # a date without offset is not an instant


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
