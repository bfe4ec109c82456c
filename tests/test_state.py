"""SQLite seen-store, day ranges and Retry-After parsing."""

from __future__ import annotations

import sqlite3
from datetime import date, datetime, timezone
from zoneinfo import ZoneInfo

import pytest

from newsbot.core.dayrange import DayRange, parse_day
from newsbot.core.identity import lookup_keys
from newsbot.items import NewsArticle
from newsbot.middlewares import retry_after_seconds
from newsbot.state.sqlite import SqliteSeenStore


def test_sqlite_store_round_trip_and_persistence(tmp_path):
    path = tmp_path / "s" / "seen.sqlite3"
    store = SqliteSeenStore(path)
    store.add("asrpress", lookup_keys(NewsArticle(news_code="36482", canonical_url="https://www.asrpress.ir/fa/news/36482")), "u")
    assert store.known("asrpress", ["code:36482", "code:1"]) == {"code:36482"}
    assert store.known("tabnak", ["code:36482"]) == set()
    store.add("asrpress", ["code:36482"], "u")  # idempotent
    store.close()
    reopened = SqliteSeenStore(path)
    assert reopened.count("asrpress") == 2 and reopened.count() == 2
    assert reopened.known("asrpress", [f"code:{i}" for i in range(2000)] + ["code:36482"]) == {"code:36482"}
    reopened.close()


@pytest.mark.parametrize(("text", "expected"), [
    ("1402/09/01", date(2023, 11, 22)), ("۱۴۰۲/۰۹/۳۰", date(2023, 12, 21)),
    ("2023-11-22", date(2023, 11, 22)), ("1403-12-30", date(2025, 3, 20)),
])
def test_parse_day(text, expected):
    assert parse_day(text) == expected


@pytest.mark.parametrize("text", ["1402/13/01", "1402/12/30", "yesterday", "2023-02-30", ""])
def test_parse_day_rejects(text):
    with pytest.raises(ValueError, match="not a day"):
        parse_day(text)


def test_day_range_is_inclusive_in_local_time():
    days = DayRange.parse("1402/09/12", "1402/09/14", today=date(2024, 1, 1))
    tehran = ZoneInfo("Asia/Tehran")
    assert list(days.days()) == [date(2023, 12, 3), date(2023, 12, 4), date(2023, 12, 5)]
    # 2023-12-05 21:00 UTC is already 6 December in Tehran.
    assert not days.contains(datetime(2023, 12, 5, 21, 0, tzinfo=timezone.utc), tehran)
    assert days.contains(datetime(2023, 12, 5, 20, 29, tzinfo=timezone.utc), tehran)
    with pytest.raises(ValueError, match="before"):
        DayRange.parse("1402/09/14", "1402/09/12", today=date(2024, 1, 1))


def test_retry_after_values():
    now = datetime(2024, 1, 1, 12, 0, tzinfo=timezone.utc)
    assert retry_after_seconds(b"120") == 120.0
    assert retry_after_seconds("Mon, 01 Jan 2024 12:00:30 GMT", now=now) == 30.0
    assert retry_after_seconds("Mon, 01 Jan 2024 11:00:00 GMT", now=now) == 0.0
    assert retry_after_seconds(b"soon") is None and retry_after_seconds(None) is None


def test_site_lock_is_exclusive_names_the_holder_and_waits(tmp_path):
    import os
    import threading

    from newsbot.exitcodes import UsageError
    from newsbot.state.guard import SiteLock

    path = tmp_path / "state" / "isna.lock"
    held = SiteLock(path).acquire()
    with pytest.raises(UsageError, match=rf"another run holds {path} \(pid {os.getpid()}\) after waiting 0.3 s"):
        SiteLock(path).acquire(wait=0.3, poll=0.05)
    threading.Timer(0.2, held.release).start()
    SiteLock(path).acquire(wait=5, poll=0.05).release()  # waits until the holder lets go
    with pytest.raises(UsageError, match="cannot create the lock"):
        SiteLock(tmp_path / "state" / "isna.lock" / "x.lock").acquire()


def test_seen_store_failure_is_counted_once_logged_and_fails_the_run(tmp_path, caplog):
    from scrapy.utils.test import get_crawler

    from newsbot.state import _STORES
    from newsbot.state.middleware import SeenRecorder

    class FullStore(SqliteSeenStore):
        def add(self, site, keys, url):
            raise sqlite3.OperationalError("database or disk is full")

    crawler = get_crawler(settings_dict={"NEWSBOT_SEEN_PATH": str(tmp_path / "seen.sqlite3")})
    crawler.stats.open_spider()
    _STORES[crawler] = FullStore(tmp_path / "seen.sqlite3")
    recorder = SeenRecorder(crawler)
    for code in ("1", "2", "3"):
        recorder.item_scraped(NewsArticle(site="isna", news_code=code, url=f"https://www.isna.ir/news/{code}/"))
    _STORES.pop(crawler).close()
    assert crawler.stats.get_value("newsbot/seen/record_failed") == 3
    assert crawler.stats.get_value("newsbot/exit_reason/seen_store_not_updated") == 1
    assert caplog.text.count("could not record") == 1
    assert "seen-store: could not record isna code:1 (OperationalError: database or disk is full)" in caplog.text
