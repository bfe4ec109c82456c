"""A page rejected for what it is is recorded with a retry-after time and not
fetched again until then (issue 12 item 3, issue 13 K16); walls and missing
fields are not recorded."""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path
from datetime import datetime, timedelta, timezone

import pytest

from newsbot.state import REJECT_REASONS
from newsbot.state.sqlite import SqliteSeenStore
from tests.mocknews import NewsSite
from tests.mocksite import MockSite
from tests.scrapy_run import all_records, crawl_site, stat

NOW = datetime(2026, 11, 30, 6, 0, tzinfo=timezone.utc)


def test_reasons_recorded_are_page_properties_only():
    assert REJECT_REASONS == {"not_html", "extraction_error", "conflicting_dates", "future_date",
                              "implausible_date"}


def test_sqlite_rejection_expires_and_is_replaced(tmp_path):
    store = SqliteSeenStore(tmp_path / "seen.sqlite3")
    store.reject("asrpress", ["code:1"], "future_date", NOW + timedelta(days=7))
    assert store.rejected("asrpress", ["code:1", "code:2"], NOW) == {"code:1": "future_date"}
    assert store.rejected("tabnak", ["code:1"], NOW) == {}
    assert store.rejected("asrpress", ["code:1"], NOW + timedelta(days=7, seconds=1)) == {}
    store.reject("asrpress", ["code:1"], "not_html", NOW + timedelta(days=1))  # a later record replaces it
    assert store.rejected("asrpress", ["code:1"], NOW) == {"code:1": "not_html"}
    assert store.rejected("asrpress", ["code:1"], NOW + timedelta(days=2)) == {}
    assert store.count() == 0 and store.known("asrpress", ["code:1"]) == set()  # not "seen"
    store.close()


def test_redis_rejection_expires(tmp_path):
    pytest.importorskip("redis")
    import redis

    from newsbot.state.redis import RedisSeenStore
    from tests.redis_server import redis_server

    with redis_server() as url:
        store = RedisSeenStore(redis.Redis.from_url(url), "t", tmp_path / "seen-spool.w.jsonl")
        store.reject("asrpress", ["code:1", "url:x"], "not_html", NOW + timedelta(hours=1))
        store.server.hset("t:rejected:asrpress", "code:9", "garbage")  # not ours: ignored
        assert store.rejected("asrpress", ["code:1", "code:2", "code:9"], NOW) == {"code:1": "not_html"}
        assert store.rejected("asrpress", ["url:x"], NOW + timedelta(hours=2)) == {}
        store.close()


def poisoned_site():
    """Three IranSamaneh articles: the second has only a machine date in year 9999
    (→ ``future_date``), the third is answered as image/jpeg (→ ``not_html``)."""
    site = NewsSite("iransamaneh", 3)
    dated, image = site.articles[1], site.articles[2]
    page = site.article_html(dated).decode()
    start = page.index('<div class="news_nav news_pdate_c">')
    page = page[:start] + page[page.index("</div>", start) + 6:]
    page = page.replace("</head>", '<meta property="article:published_time" '
                                   'content="9999-06-01T10:00:00+00:00"></head>')

    def router(path, query):
        if path == site.path(dated):
            return ("text/html; charset=utf-8", page.encode())
        if path == site.path(image):
            return ("image/jpeg", b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + bytes(200))
        return site.route(path, query)

    return site, router, [site.path(dated), site.path(image)]


def rejected_rows(workdir):
    with sqlite3.connect(workdir / "seen.sqlite3") as db:
        return sorted(db.execute("SELECT key, reason FROM rejected").fetchall())


@pytest.mark.e2e
def test_rejected_page_is_not_fetched_again_until_retry_after(tmp_path):
    site, router, poisoned = poisoned_site()
    with MockSite(router) as server:
        first = crawl_site("asrpress", server.base_url, tmp_path, "-a", "discovery=feeds")
        assert [server.hits[p] for p in poisoned] == [1, 1]
        assert stat(first.stderr, "newsbot/dropped/future_date") == 1
        assert stat(first.stderr, "newsbot/dropped/not_html") == 1
        assert stat(first.stderr, "newsbot/seen/rejected_recorded") == 2
        assert rejected_rows(tmp_path) == [(f"code:{site.articles[1].code}", "future_date"),
                                           (f"code:{site.articles[2].code}", "not_html")]
        second = crawl_site("asrpress", server.base_url, tmp_path, "-a", "discovery=feeds")
        assert [server.hits[p] for p in poisoned] == [1, 1]  # not fetched again
        assert stat(second.stderr, "newsbot/seen/skipped_rejected") == 2
        assert stat(second.stderr, "newsbot/seen/skipped") == 1
        assert stat(second.stderr, "newsbot/dropped/future_date") is None
    assert [r["news_code"] for r in all_records(tmp_path)] == [str(site.articles[0].code)]


@pytest.mark.e2e
def test_rejected_page_is_fetched_again_once_retry_after_passed(tmp_path):
    site, router, poisoned = poisoned_site()
    tiny = ("-s", "NEWSBOT_REJECT_RETRY_AFTER=1")
    with MockSite(router) as server:
        first = crawl_site("asrpress", server.base_url, tmp_path, "-a", "discovery=feeds", *tiny)
        assert stat(first.stderr, "newsbot/seen/rejected_recorded") == 2
        time.sleep(1.1)
        second = crawl_site("asrpress", server.base_url, tmp_path, "-a", "discovery=feeds", *tiny, check=False)
        assert second.returncode == 1  # pages failed and nothing was exported (newsbot.extensions)
        assert [server.hits[p] for p in poisoned] == [2, 2]  # tried again: still rejected, recorded again
        assert stat(second.stderr, "newsbot/seen/skipped_rejected") is None
        assert stat(second.stderr, "newsbot/seen/rejected_recorded") == 2


@pytest.mark.e2e
def test_missing_fields_and_walls_are_not_recorded(tmp_path):
    site = NewsSite("iransamaneh", 3)
    empty, walled = site.articles[1], site.articles[2]
    wall = (Path(__file__).parent / "walls" / "arvan.html").read_bytes()

    def router(path, query):
        if path == site.path(empty):  # no title, body or date: maybe a half-rendered answer
            return ("text/html; charset=utf-8", b"<html><head><title></title></head><body></body></html>")
        if path == site.path(walled):
            return ("text/html; charset=utf-8", wall)
        return site.route(path, query)

    with MockSite(router) as server:
        first = crawl_site("asrpress", server.base_url, tmp_path, "-a", "discovery=feeds")
        assert stat(first.stderr, "newsbot/wall/arvan") == 1
        assert stat(first.stderr, "newsbot/seen/rejected_recorded") is None
        assert rejected_rows(tmp_path) == []
        crawl_site("asrpress", server.base_url, tmp_path, "-a", "discovery=feeds", check=False)
        assert server.hits[site.path(empty)] == 2 and server.hits[site.path(walled)] == 2
