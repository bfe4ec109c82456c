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
