"""published_at from the visible date, machine dates and relative dates."""

from __future__ import annotations

from datetime import datetime, timezone

from scrapy.statscollectors import MemoryStatsCollector
from scrapy.utils.test import get_crawler

from newsbot.extract.dates import resolve_published


def stats():
    return MemoryStatsCollector(get_crawler())


def iso(value):
    return value.isoformat() if value else None


def test_visible_wins_and_disagreement_is_counted():
    s = stats()
    got = resolve_published("۲۹ بهمن ۱۳۹۸ - ۰۶:۵۵", ["2020-02-18T05:00:00Z"], "Asia/Tehran", stats=s)
    assert iso(got) == "2020-02-18T06:55:00+03:30"
    assert s.get_value("newsbot/date/machine_disagrees") == 1


def test_agreeing_utc_machine_date_is_not_a_disagreement():
    s = stats()
    got = resolve_published("پنجشنبه / ۹ خرداد ۱۳۹۸ / ۰۰:۲۰", ["2019-05-29T19:50:37Z"], "Asia/Tehran", stats=s)
    assert iso(got) == "2019-05-30T00:20:00+04:30"
    assert s.get_value("newsbot/date/machine_disagrees") is None


def test_date_only_visible_takes_time_from_machine_on_same_day():
    got = resolve_published("جدی ۰۳, ۱۴۰۳", ["2024-12-23T08:40:04+04:30"], "Asia/Kabul")
    assert iso(got) == "2024-12-23T08:40:04+04:30"


def test_date_only_visible_with_machine_two_days_away_is_a_conflict():
    s = stats()
    got = resolve_published("جدی ۰۳, ۱۴۰۳", ["2024-12-25T08:40:04+04:30"], "Asia/Kabul", stats=s)
    assert got is None
    assert s.get_value("newsbot/date/rejected/conflicting_dates") == 1


def test_date_only_visible_with_machine_next_day_keeps_visible():
    s = stats()
    got = resolve_published("جدی ۰۳, ۱۴۰۳", ["2024-12-24T08:40:04+04:30"], "Asia/Kabul", stats=s)
    assert iso(got) == "2024-12-23T00:00:00+04:30"
    assert s.get_value("newsbot/date/machine_disagrees") == 1


def test_offsetless_and_jalali_machine_values():
    assert iso(resolve_published(None, ["2023-12-20T08:17:00"], "Asia/Tehran")) == "2023-12-20T08:17:00+03:30"
    assert iso(resolve_published(None, ["۱۳۹۹/۰۲/۲۱ - ۱۸:۵۹"], "Asia/Tehran")) == "2020-05-10T18:59:00+04:30"


def test_relative_date_uses_page_timestamp_then_crawl_time():
    now = datetime(2024, 5, 13, 10, 0, tzinfo=timezone.utc)
    s = stats()
    assert iso(resolve_published("۴ ساعت پیش", [], "Asia/Tehran", now=now, stats=s)) == "2024-05-13T09:30:00+03:30"
    assert iso(resolve_published("4 hours ago", ["2024-05-13T05:35:00Z"], "Asia/Tehran", now=now)) == \
        "2024-05-13T09:05:00+03:30"
    assert s.get_value("newsbot/date/relative") == 1


def test_nothing_parses_gives_none_and_a_stat():
    s = stats()
    assert resolve_published("به زودی", ["not a date"], "Asia/Tehran", stats=s) is None
    assert s.get_value("newsbot/date/visible_unparseable") == 1
    assert s.get_value("newsbot/date/machine_unparseable") == 1
