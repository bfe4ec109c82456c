"""Scheduled crawls end to end: incremental runs and date-range backfills.

Each test runs the real ``scrapy crawl`` against a generated IranSamaneh
site (spider ``asrpress``) or Nastooh site (spider ``khabaronline``)
served on 127.0.0.1.
"""

from __future__ import annotations

from collections import Counter
from datetime import date

import pytest

from tests.mocknews import TEHRAN, NewsSite
from tests.mocksite import MockSite
from tests.scrapy_run import all_records, crawl_site, stat

pytestmark = pytest.mark.e2e  # runs the real scrapy (or scrapyd/redis) as a subprocess

SITES = [("asrpress", "iransamaneh", "/fa/news/"), ("khabaronline", "nastooh", "/news/")]


def codes(records) -> Counter:
    return Counter(r["news_code"] for r in records)


@pytest.mark.parametrize(("spider", "family", "prefix"), SITES)
def test_incremental_runs_fetch_only_new_articles(spider, family, prefix, tmp_path):
    site = NewsSite(family, 30)
    with MockSite(site.route) as server:
        first = crawl_site(spider, server.base_url, tmp_path)
        assert codes(all_records(tmp_path)) == Counter({str(a.code): 1 for a in site.articles})
        assert server.hits_under(prefix) == 30  # each article page fetched once
        assert stat(first.stderr, "newsbot/jsonl/written") == 30

        server.reset_hits()
        second = crawl_site(spider, server.base_url, tmp_path)
        assert server.hits_under(prefix) == 0
        assert server.hits_under("/sitemap") >= 1 and server.hits_under("/robots.txt") == 1
        assert stat(second.stderr, "newsbot/seen/skipped") >= 30
        assert stat(second.stderr, "newsbot/jsonl/written") is None

        new = site.add()
        server.reset_hits()
        crawl_site(spider, server.base_url, tmp_path)
        fetched = [path for path in server.hits if path.startswith(prefix)]
        assert fetched == [site.path(new)]
        assert codes(all_records(tmp_path)) == Counter({str(a.code): 1 for a in site.articles})


@pytest.mark.parametrize(("spider", "family", "prefix"), SITES)
def test_backfill_by_jalali_range_returns_exactly_the_range(spider, family, prefix, tmp_path):
    site = NewsSite(family, 40, per_page=4)
    first, last = date(2023, 12, 3), date(2023, 12, 5)  # 1402/09/12 .. 1402/09/14
    expected = {str(a.code) for a in site.articles
                if first <= a.published.astimezone(TEHRAN).date() <= last}
    assert 10 <= len(expected) < 40
    with MockSite(site.route) as server:
        result = crawl_site(spider, server.base_url, tmp_path, "-a", "since=1402/09/12",
                            "-a", "until=1402/09/14", "-a", "discovery=archive")
        archive_pages = server.hits_under("/fa/archive" if family == "iransamaneh" else "/archive")
    records = all_records(tmp_path)
    assert codes(records) == Counter({code: 1 for code in expected})
    assert "newsbot/backfill/out_of_range" in result.stderr  # archives mix in other days
    assert archive_pages >= 3  # pagination was followed
    for record in records:
        assert record["published_at"][:10] in {"2023-12-03", "2023-12-04", "2023-12-05"}


def test_backfill_with_iso_days_via_sitemap(tmp_path):
    site = NewsSite("iransamaneh", 40)
    with MockSite(site.route) as server:
        result = crawl_site("asrpress", server.base_url, tmp_path, "-a", "since=2023-12-03",
                            "-a", "until=2023-12-03", "-a", "discovery=sitemaps")
        article_hits = server.hits_under("/fa/news/")
    expected = {str(a.code) for a in site.articles if a.published.date() == date(2023, 12, 3)}
    assert set(codes(all_records(tmp_path))) == expected
    assert article_hits == len(expected)  # news:publication_date filtered before fetching
    assert stat(result.stderr, "newsbot/backfill/skipped_by_listing_date") >= 30


def test_second_backfill_stops_archive_pagination_at_known_pages(tmp_path):
    site = NewsSite("iransamaneh", 40, per_page=4)
    args = ("-a", "since=1402/09/12", "-a", "until=1402/09/14", "-a", "discovery=archive")
    with MockSite(site.route) as server:
        crawl_site("asrpress", server.base_url, tmp_path, *args)
        first_pages = server.hits_under("/fa/archive")
        server.reset_hits()
        again = crawl_site("asrpress", server.base_url, tmp_path, *args)
        second_pages = server.hits_under("/fa/archive")
        article_hits = server.hits_under("/fa/news/")
    assert first_pages >= 3 and second_pages == 1  # page 1 was (almost) all known: no page 2
    assert article_hits == 1  # only page 1's article of another day, never exported by this range
    assert stat(again.stderr, "newsbot/archive/stopped_all_known") == 1
