"""The date policy of newsbot.extract.dates (README "Dates"): weighed evidence,
rejections with a reason, years only from evidence."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest
from scrapy.statscollectors import MemoryStatsCollector
from scrapy.utils.test import get_crawler

from newsbot.extract.dates import DateRejected, url_date, weigh_published
from zoneinfo import ZoneInfo

NOW = datetime(2024, 1, 1, 12, 0, tzinfo=timezone.utc)
TZ = "Asia/Tehran"


def stats():
    return MemoryStatsCollector(get_crawler())


def weigh(raw, machine=(), **kwargs):
    kwargs.setdefault("now", NOW)
    got = weigh_published(raw, list(machine), TZ, **kwargs)
    return got.isoformat() if got else None


def rejected(raw, machine=(), **kwargs):
    with pytest.raises(DateRejected) as info:
        weigh(raw, machine, **kwargs)
    assert str(info.value).startswith(info.value.reason + ": ")
    return info.value.reason


def test_agreeing_evidence_gives_the_visible_date():
    assert weigh("۰۸:۱۷ - ۲۹ آذر ۱۴۰۲", ["2023-12-20T04:47:00Z"],
                 url="https://x.ir/news/2023/12/20/1") == "2023-12-20T08:17:00+03:30"


def test_visible_and_machine_years_apart_is_a_conflict():
    assert rejected("۰۸:۱۷ - ۲۹ آذر ۱۴۰۲", ["2021-03-01T10:00:00+03:30"]) == "conflicting_dates"


def test_a_majority_settles_a_disagreement():
    s = stats()
    # visible and URL agree, the machine value is a year away: outvoted, visible kept
    assert weigh("۰۸:۱۷ - ۲۹ آذر ۱۴۰۲", ["2022-12-20T08:17:00+03:30"], stats=s,
                 url="https://x.ir/1402/09/29/5") == "2023-12-20T08:17:00+03:30"
    assert s.get_value("newsbot/date/outvoted") == 1


def test_url_date_alone_against_visible_is_a_conflict():
    assert rejected("۲۹ آذر ۱۴۰۲", url="https://x.ir/2023/05/01/a") == "conflicting_dates"


def test_future_and_implausible_own_dates_reject():
    assert rejected("۱۰:۰۰ - ۱۰ دی ۱۴۰۳") == "future_date"  # 2024-12-30, after NOW
    assert rejected(None, ["1985-01-01T00:00:00Z"]) == "implausible_date"
    assert rejected(None, ["2024-01-01T14:00:00Z"]) == "future_date"  # 2 h after NOW


def test_small_future_tolerance_and_implausible_other_values_are_ignored():
    s = stats()
    assert weigh(None, ["2024-01-01T12:30:00Z"]) == "2024-01-01T16:00:00+03:30"
    # an epoch-zero machine value next to a good visible date is not evidence
    assert weigh("۰۸:۱۷ - ۲۹ آذر ۱۴۰۲", ["1970-01-01T00:00:00Z"], stats=s) == "2023-12-20T08:17:00+03:30"
    assert s.get_value("newsbot/date/implausible_value") == 1


def test_year_9999_machine_date_is_left_out_not_raised():
    s = stats()
    assert weigh("۰۸:۱۷ - ۲۹ آذر ۱۴۰۲", ["9999-12-31T23:59:59-14:00"], stats=s) == "2023-12-20T08:17:00+03:30"
    assert s.get_value("newsbot/date/machine_unparseable") == 1


def test_feed_date_is_evidence_only_when_earlier():
    listed_later = datetime(2023, 12, 28, 10, 0, tzinfo=timezone.utc)  # lastmod: updated later
    assert weigh("۰۸:۱۷ - ۲۹ آذر ۱۴۰۲", listed=listed_later) == "2023-12-20T08:17:00+03:30"
    listed_before = datetime(2023, 11, 2, 10, 0, tzinfo=timezone.utc)
    assert rejected("۰۸:۱۷ - ۲۹ آذر ۱۴۰۲", listed=listed_before) == "conflicting_dates"
    # no visible date: the feed date is the date
    assert weigh(None, listed=datetime(2023, 12, 20, 4, 47, tzinfo=timezone.utc)) == "2023-12-20T08:17:00+03:30"


def test_year_less_date_takes_its_year_from_evidence_never_the_clock():
    s = stats()
    # year from the machine date
    assert weigh("۲۹ آذر - ۰۸:۱۷", ["2023-12-20T04:47:00Z"], stats=s) == "2023-12-20T08:17:00+03:30"
    assert s.get_value("newsbot/date/year_from_evidence") == 1
    # year from a full date with the same day and month elsewhere on the page
    page = "<h2>گزارش زنده ۲۹ آذر ۱۴۰۲</h2><span class='date'>۲۹ آذر - ۰۸:۱۷</span>"
    assert weigh("۲۹ آذر - ۰۸:۱۷", page_text=page) == "2023-12-20T08:17:00+03:30"
    # a full date of another day is no evidence; no evidence at all → no date
    assert weigh("۲۹ آذر - ۰۸:۱۷", page_text="<p>۱ دی ۱۴۰۲</p>") is None
    assert weigh("۲۹ آذر - ۰۸:۱۷") is None


def test_url_dates():
    tz = ZoneInfo(TZ)
    assert url_date("https://x.ir/fa/2023/12/20/slug", tz).isoformat() == "2023-12-20T00:00:00+03:30"
    assert url_date("https://x.ir/1402/09/29/123", tz).isoformat() == "2023-12-20T00:00:00+03:30"
    assert url_date("https://x.ir/news/1402091234/slug", tz) is None
