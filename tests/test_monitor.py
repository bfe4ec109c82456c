"""Coverage counting, drift rules and the history stores (newsbot.monitor)."""

from __future__ import annotations

import subprocess
import sys
from datetime import datetime, timezone

from newsbot.items import NewsArticle
from newsbot.monitor.coverage import MONITORED_FIELDS, SiteCoverage, build_row, filled, parser_selectors
from newsbot.monitor.drift import DriftPolicy, find_drifts, top_selector
from newsbot.monitor.history import RedisHistory, SqliteHistory
from tests.redis_server import redis_server


def row(items=10, fill=None, dropped=None, walls=None, selectors=None, exact=True, links_known=0, n=0):
    return {"run_id": f"r{n}", "spider": "isna", "site": "isna", "finished_at": f"2024-01-01T00:00:{n:02d}+00:00",
            "items_seen": items, "items_written": items, "dropped": dropped or {}, "walls": walls or {},
            "fill": fill if fill is not None else {"lead": 1.0, "body": 1.0}, "links_known": links_known,
            "selectors": selectors or {}, "selectors_exact": exact, "days": {}, "drifts": []}


def kinds(flags):
    return sorted((f.kind, f.field) for f in flags)


def test_filled():
    assert [filled(v) for v in (None, "", "  \n", [], "x", ["a"], datetime(2024, 1, 1))] == [
        False, False, False, False, True, True, True]


def test_site_coverage_counts_fields_of_items_and_dicts():
    coverage = SiteCoverage("isna")
    when = datetime(2024, 3, 1, 23, 0, tzinfo=timezone.utc)
    coverage.observe(NewsArticle(site="isna", title="t", lead=" ", body="b", tags=["x"], published_at=when))
    coverage.observe({"title": "t2", "lead": "l"})
    coverage.written_item(NewsArticle(published_at=when))
    rates = coverage.fill_rates()
    assert set(rates) == set(MONITORED_FIELDS)
    assert (rates["title"], rates["lead"], rates["body"], rates["tags"], rates["published_at"]) == (1.0, 0.5, 0.5, 0.5, 0.5)
    assert dict(coverage.days) == {"2024-03-01": 1}


def test_parser_selectors_groups_by_field_and_filters_to_a_site():
    stats = {"parser/lead/css/.subtitle": 7, "parser/lead/css/.lead": 0, "parser/body/heuristic": 2,
             "parser/body/css/div.body": 5, "newsbot/x": 1, "parser/title/css/h1": 3}
    assert parser_selectors(stats) == {"lead": {".subtitle": 7, ".lead": 0}, "body": {"heuristic": 2, "div.body": 5},
                                       "title": {"h1": 3}}
    assert parser_selectors(stats, {"lead": {".lead"}, "body": {"heuristic"}}) == {
        "lead": {".lead": 0}, "body": {"heuristic": 2}}
    assert top_selector({"a": 0, "b": 3, "c": 3}) == "b" and top_selector({"a": 0}) is None


def test_no_flag_without_enough_history():
    history = [row(n=1), row(n=2)]  # min_runs 3
    assert find_drifts(row(fill={"lead": 0.0, "body": 1.0}), history) == []


def test_fill_drop_is_flagged_against_the_median():
    history = [row(n=1), row(n=2, fill={"lead": 0.0, "body": 1.0}), row(n=3), row(n=4)]  # one odd run
    flags = find_drifts(row(fill={"lead": 0.7, "body": 0.8}), history)
    assert kinds(flags) == [("fill_drop", "lead")]  # 1.0 → 0.7 flagged; body 1.0 → 0.8 is within 0.25
    assert flags[0].message == "isna: lead filled in 70% of 10 items (median 100% over 4 runs)"
    assert find_drifts(row(fill={"lead": 0.76, "body": 1.0}), history) == []


def test_rare_fields_and_small_runs_are_not_judged():
    history = [row(n=i, fill={"lead": 0.4, "body": 1.0}) for i in range(3)]
    assert find_drifts(row(fill={"lead": 0.0, "body": 1.0}), history) == []  # median 40% < 50%
    history = [row(n=i) for i in range(3)]
    assert find_drifts(row(items=4, fill={"lead": 0.0, "body": 0.0}), history) == []  # 4 items < min_items
    small = [row(items=2, n=i) for i in range(5)]  # runs with too few items are no baseline
    assert find_drifts(row(fill={"lead": 0.0, "body": 1.0}), small) == []


def test_zero_articles():
    history = [row(n=i, items=12) for i in range(3)]
    assert kinds(find_drifts(row(items=0, fill={}), history)) == [("zero_articles", "")]
    # nothing new but known links skipped: an ordinary quiet incremental run
    assert find_drifts(row(items=0, fill={}, links_known=40), history) == []


def test_drops_and_walls_jumps():
    history = [row(n=i, dropped={"duplicate": 5, "missing_body": 1}, walls={"captcha": 1}) for i in range(3)]
    flags = find_drifts(row(dropped={"missing_body": 4, "duplicate": 9}, walls={"captcha": 5}), history)
    assert kinds(flags) == [("drops_jump", ""), ("walls_jump", "")]
    assert find_drifts(row(dropped={"duplicate": 9}, walls={"captcha": 3}), history) == []


def test_selector_change_needs_agreeing_history_and_exact_counts():
    sel = lambda top: {"body": {"div.body": 10 if top == "div.body" else 0, "heuristic": 10 if top == "h" else 0}}
    history = [row(n=i, selectors=sel("div.body")) for i in range(3)]
    flags = find_drifts(row(selectors=sel("h")), history)
    assert kinds(flags) == [("selector_changed", "body")]
    assert flags[0].message == "isna: body now filled by 'heuristic' (was 'div.body' in 3 of 3 runs)"
    assert find_drifts(row(selectors=sel("h"), exact=False), history) == []
    # a baseline that does not agree (no selector in two thirds of the runs) flags nothing
    split = history[:1] + [row(n=1, selectors=sel("h")), row(n=2, selectors={"body": {".news_body": 9}})]
    assert find_drifts(row(selectors={"body": {".other": 10}}), split) == []
    # two thirds agree: flagged
    agree = history[:2] + [row(n=2, selectors=sel("h"))]
    assert kinds(find_drifts(row(selectors=sel("h")), agree)) == [("selector_changed", "body")]


def test_build_row_shape():
    coverage = SiteCoverage("isna")
    coverage.observe({"title": "t"})
    coverage.dropped["missing_body"] += 1
    built = build_row(coverage, run_id="r", spider="isna", started_at="s", finished_at="f", finish_reason="finished",
                      walls={"captcha": 2}, selectors={}, selectors_exact=True, links_known=3)
    assert built["items_seen"] == 1 and built["items_written"] == 0 and built["fill"]["title"] == 1.0
    assert built["dropped"] == {"missing_body": 1} and built["walls"] == {"captcha": 2} and built["drifts"] == []


def test_sqlite_history_round_trip(tmp_path):
    history = SqliteHistory(tmp_path / "state" / "seen.sqlite3")
    for n in range(5):
        history.add(row(n=n))
    history.add(dict(row(n=9), site="yjc", spider="yjc"))
    assert [r["run_id"] for r in history.recent("isna", "isna", 3)] == ["r2", "r3", "r4"]
    assert history.keys() == [("isna", "isna"), ("yjc", "yjc")]
    history.close()


def test_redis_history_round_trip():
    with redis_server() as url:
        import redis

        history = RedisHistory(redis.Redis.from_url(url), "t")
        for n in range(4):
            history.add(row(n=n))
        assert [r["run_id"] for r in history.recent("isna", "isna", 2)] == ["r2", "r3"]
        assert history.keys() == [("isna", "isna")]
        history.close()


def test_monitor_package_docs_every_row_key():
    import newsbot.monitor

    built = build_row(SiteCoverage("x"), run_id="r", spider="x", started_at="s", finished_at="f",
                      finish_reason="finished", walls={}, selectors={}, selectors_exact=True, links_known=None)
    for key in built:
        assert f"``{key}``" in newsbot.monitor.__doc__, key


def test_drift_and_coverage_do_not_import_scrapy():
    code = ("import sys, newsbot.monitor.drift, newsbot.monitor.coverage;"
            "print(sorted(m for m in sys.modules if m.split('.')[0] in {'scrapy', 'twisted', 'parsel'}))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def monitor_for(tmp_path, **settings):
    import scrapy
    from scrapy.utils.test import get_crawler

    from newsbot.monitor.extension import CoverageMonitor

    class Spider(scrapy.Spider):
        name = "asrpress"

    crawler = get_crawler(Spider, settings_dict={"NEWSBOT_COVERAGE_PATH": str(tmp_path / "h.sqlite3"), **settings})
    crawler.stats.open_spider()
    return crawler, CoverageMonitor.from_crawler(crawler)


def test_extension_attributes_drops_and_walls_and_stores_a_row(tmp_path):
    from types import SimpleNamespace

    from scrapy.exceptions import DropItem

    from newsbot.sites import SITES

    crawler, monitor = monitor_for(tmp_path)
    stats = crawler.stats
    when = datetime(2024, 3, 1, 10, tzinfo=timezone.utc)
    good = NewsArticle(site="asrpress", title="t", body="b", lead="l", published_at=when)
    for _ in range(3):
        monitor.item_scraped(good)
    stats.inc_value("newsbot/dropped/missing_body")
    stats.inc_value("newsbot/dropped/missing_title")
    monitor.item_dropped(NewsArticle(site="asrpress", lead="l"), exception=DropItem("missing"))
    stats.inc_value("newsbot/dropped/duplicate")
    monitor.item_dropped(good, exception=DropItem("dup"))
    monitor.item_dropped(good, exception=DropItem("no stat"))  # a pipeline that counts nothing
    stats.inc_value("newsbot/wall/captcha", 2)
    stats.inc_value("parser/lead/css/.subtitle", 1)
    monitor.spider_closed(SimpleNamespace(name="asrpress", profile=SITES["asrpress"]), "finished")
    history = SqliteHistory(tmp_path / "h.sqlite3")
    [stored] = history.recent("asrpress", "asrpress")
    history.close()
    assert stored["items_seen"] == 6 and stored["items_written"] == 3
    assert stored["dropped"] == {"drop_item": 1, "duplicate": 1, "missing_body": 1, "missing_title": 1}
    assert stored["walls"] == {"captcha": 2} and stored["selectors"] == {"lead": {".subtitle": 1}}
    assert stored["fill"]["lead"] == 1.0 and stored["fill"]["body"] == round(5 / 6, 4)
    assert stored["days"] == {"2024-03-01": 3} and stored["selectors_exact"] is True
    assert stats.get_value("newsbot/monitor/rows") == 1 and stats.get_value("newsbot/monitor/drifts") == 0


def test_extension_is_off_for_replay_unless_asked(tmp_path):
    import pytest
    import scrapy
    from scrapy.exceptions import NotConfigured
    from scrapy.utils.test import get_crawler

    from newsbot.monitor.extension import CoverageMonitor

    class Replay(scrapy.Spider):
        name = "replay"

    with pytest.raises(NotConfigured):
        CoverageMonitor.from_crawler(get_crawler(Replay))
    assert CoverageMonitor.from_crawler(get_crawler(Replay, settings_dict={"NEWSBOT_MONITOR": True}))
    with pytest.raises(NotConfigured):
        monitor_for(tmp_path, NEWSBOT_MONITOR=False)


def test_extension_flags_zero_articles_and_fails_the_run_when_asked(tmp_path):
    from types import SimpleNamespace

    from newsbot.exitcodes import STAT_EXIT_CODE
    from newsbot.sites import SITES

    history = SqliteHistory(tmp_path / "h.sqlite3")
    for n in range(3):
        history.add(dict(row(n=n, items=20), spider="asrpress", site="asrpress"))
    history.close()
    crawler, monitor = monitor_for(tmp_path, NEWSBOT_FAIL_ON_DRIFT=True)
    monitor.spider_closed(SimpleNamespace(name="asrpress", profile=SITES["asrpress"]), "finished")
    assert crawler.stats.get_value("newsbot/drift/asrpress/zero_articles") == 1
    assert crawler.stats.get_value(STAT_EXIT_CODE) == 1
