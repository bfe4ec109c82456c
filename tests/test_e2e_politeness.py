"""Politeness end to end: Retry-After honoured, lying charset overridden, robots.txt obeyed."""

from __future__ import annotations

import time

import pytest

from newsbot.core.digits import to_ascii_digits
from tests.mocknews import NewsSite
from tests.mocksite import MockSite
from tests.scrapy_run import all_records, crawl_site, stat

pytestmark = pytest.mark.e2e  # runs the real scrapy (or scrapyd/redis) as a subprocess


def test_retry_after_is_honoured_then_article_exported(tmp_path):
    site = NewsSite("iransamaneh", 1)
    article = site.articles[0]
    answered = {"429": 0}

    def router(path, query):
        if path == site.path(article) and answered["429"] == 0:
            answered["429"] += 1
            return ("status", 429, {"Retry-After": "2"}, b"slow down")
        return site.route(path, query)

    with MockSite(router) as server:
        started = time.monotonic()
        result = crawl_site("asrpress", server.base_url, tmp_path, "-a", "discovery=feeds")
        elapsed = time.monotonic() - started
    assert [r["news_code"] for r in all_records(tmp_path)] == [str(article.code)]
    assert stat(result.stderr, "newsbot/retry_after/waits") == 1
    assert stat(result.stderr, "newsbot/retry_after/seconds") == 2
    assert elapsed >= 2


def test_lying_charset_header_is_overridden(tmp_path):
    site = NewsSite("iransamaneh", 1)
    article = site.articles[0]
    # windows-1256 has Arabic yeh/kaf and ASCII digits only: the page uses them as such sites do.
    page = to_ascii_digits(site.article_html(article).decode()).replace("ی", "ي").replace("ک", "ك")

    def router(path, query):
        if path == site.path(article):
            return ("text/html; charset=utf-8", page.encode("cp1256", errors="replace"))
        return site.route(path, query)

    with MockSite(router) as server:
        crawl_site("asrpress", server.base_url, tmp_path, "-a", "discovery=feeds", "-a", "encoding=cp1256")
    (record,) = all_records(tmp_path)
    assert to_ascii_digits(record["title"]) == to_ascii_digits(article.title)  # decoded; ي/ك → ی/ک
    assert record["published_at"] == article.published.isoformat()


def test_robots_txt_disallow_is_obeyed(tmp_path):
    site = NewsSite("iransamaneh", 3)

    def router(path, query):
        if path == "/robots.txt":
            return ("text/plain", f"User-agent: *\nDisallow: {site.path(site.articles[1])}\n".encode())
        return site.route(path, query)

    with MockSite(router) as server:
        result = crawl_site("asrpress", server.base_url, tmp_path, "-a", "discovery=feeds")
        hits = dict(server.hits)
    assert sorted(r["news_code"] for r in all_records(tmp_path)) == [str(site.articles[0].code),
                                                                      str(site.articles[2].code)]
    assert site.path(site.articles[1]) not in hits
    assert stat(result.stderr, "robotstxt/forbidden") == 1
