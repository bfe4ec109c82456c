"""Replay of a page whose only date is relative («۴ ساعت پیش»): dated from the
recorded fetch time, or left without a date when the fetch time is unknown."""

from __future__ import annotations

from datetime import datetime, timezone

from scrapy.statscollectors import MemoryStatsCollector
from scrapy.utils.test import get_crawler

from newsbot.core.savedpage import SavedPage
from newsbot.extract.replay import extract_saved
from tests.mocknews import NewsSite

URL = "https://www.asrpress.ir/fa/news/50000/x"
FETCHED = datetime(2024, 5, 13, 10, 0, tzinfo=timezone.utc)


def relative_page() -> bytes:
    site = NewsSite("iransamaneh", 1)
    article = site.articles[0]
    html = site.article_html(article).decode()
    assert article.shown_date() in html
    return html.replace(article.shown_date(), "۴ ساعت پیش").encode()


def test_relative_date_with_recorded_fetch_time():
    stats = MemoryStatsCollector(get_crawler())
    item = extract_saved(SavedPage(body=relative_page(), url=URL, fetched_at=FETCHED, source="a.html"), stats=stats)
    assert item.published_at_raw == "۴ ساعت پیش"
    assert item.published_at.isoformat() == "2024-05-13T09:30:00+03:30"  # 10:00 UTC − 4 h, Tehran time
    assert item.crawled_at == FETCHED
    assert stats.get_value("newsbot/date/relative") == 1


def test_relative_date_without_fetch_time_is_left_empty():
    stats = MemoryStatsCollector(get_crawler())
    item = extract_saved(SavedPage(body=relative_page(), url=URL, source="a.html"), stats=stats)
    assert item.published_at_raw == "۴ ساعت پیش"
    assert item.published_at is None
    assert stats.get_value("newsbot/date/relative_without_fetch_time") == 1
    assert stats.get_value("newsbot/date/relative") is None
    assert item.title  # the rest of the article is read as usual
