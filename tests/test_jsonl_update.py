"""Re-extraction (``update`` policy): changed records replaced in place by an atomic rewrite."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from datetime import datetime, timezone
from zoneinfo import ZoneInfo

import pytest
from scrapy.statscollectors import MemoryStatsCollector
from scrapy.utils.test import get_crawler

from newsbot.items import NewsArticle
from newsbot.pipelines import jsonl_files
from newsbot.pipelines.jsonl import JsonLinesPipeline
from newsbot.pipelines.jsonl_files import temp_path
from tests.conftest import REPO

TEHRAN = ZoneInfo("Asia/Tehran")
DAY1 = datetime(2020, 5, 10, 18, 59, tzinfo=TEHRAN)
DAY2 = datetime(2020, 5, 11, 9, 0, tzinfo=TEHRAN)


def pipeline(tmp_path, policy="update"):
    return JsonLinesPipeline(str(tmp_path), "{site}/{date}.jsonl", False,
                             MemoryStatsCollector(get_crawler()), policy=policy)


def article(code, title="عنوان", when=DAY1, crawled=1):
    return NewsArticle(site="yjc", news_code=code, title=title, body="متن", published_at=when,
                       crawled_at=datetime(2026, 1, crawled, tzinfo=timezone.utc),
                       source_path=f"/saved/{crawled}/{code}.html")


def records(path):
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def counts(stats):
    return {name: stats.get_value(f"newsbot/jsonl/{name}", 0) for name in ("new", "updated", "unchanged")}


def test_changed_record_replaced_in_place_moved_day_removed_unchanged_kept(tmp_path):
    first = pipeline(tmp_path)
    for code in ("1", "2", "3", "4"):
        first.process_item(article(code))
    first.close_spider()
    day1, day2 = tmp_path / "yjc" / "2020-05-10.jsonl", tmp_path / "yjc" / "2020-05-11.jsonl"
    second = pipeline(tmp_path)
    second.process_item(article("2", title="عنوان درست", crawled=2))  # parser fix: new title
    second.process_item(article("3", when=DAY2, crawled=2))  # date fix: another day
    second.process_item(article("4", crawled=2))  # same content, other crawl time and path
    second.process_item(article("5", crawled=2))  # new
    second.close_spider()
    assert counts(second.stats) == {"new": 1, "updated": 2, "unchanged": 1}
    got = records(day1)
    assert [(r["news_code"], r["title"]) for r in got] == [
        ("1", "عنوان"), ("2", "عنوان درست"), ("4", "عنوان"), ("5", "عنوان")]
    assert got[1]["crawled_at"] == "2026-01-02T00:00:00+00:00"  # the new extraction's record
    assert got[2]["crawled_at"] == "2026-01-01T00:00:00+00:00"  # unchanged: the old line is kept
    assert [(r["news_code"], r["published_at"]) for r in records(day2)] == [("3", "2020-05-11T09:00:00+04:30")]
    assert not list((tmp_path / "yjc").glob(".*"))  # no temporary file left
    assert second.stats.get_value("newsbot/jsonl/written") == 3  # 2 rewritten, 3 moved, 5 appended
    third = pipeline(tmp_path)  # replaying the same again changes nothing
    for item in (article("2", title="عنوان درست", crawled=3), article("3", when=DAY2, crawled=3)):
        third.process_item(item)
    third.close_spider()
    assert counts(third.stats) == {"new": 0, "updated": 0, "unchanged": 2}


def test_append_policy_keeps_the_old_record(tmp_path):
    first = pipeline(tmp_path, "append")
    first.process_item(article("1"))
    first.close_spider()
    second = pipeline(tmp_path, "append")
    second.process_item(article("1", title="دیگر"))
    second.close_spider()
    assert [r["title"] for r in records(tmp_path / "yjc" / "2020-05-10.jsonl")] == ["عنوان"]
    assert counts(second.stats) == {"new": 0, "updated": 0, "unchanged": 1}


def test_failed_rewrite_leaves_the_old_file_and_counts_the_loss(tmp_path, monkeypatch):
    first = pipeline(tmp_path)
    first.process_item(article("1"))
    first.close_spider()
    path = tmp_path / "yjc" / "2020-05-10.jsonl"
    before = path.read_bytes()

    def dies(*args):  # fault between writing the temporary file and the rename
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(jsonl_files.os, "replace", dies)
    second = pipeline(tmp_path)
    second.process_item(article("1", title="دیگر"))
    second.close_spider()
    assert path.read_bytes() == before and not temp_path(path).exists()
    assert second.stats.get_value("newsbot/jsonl/write_failed") == 1
    assert second.stats.get_value("newsbot/exit_code") == 1


def test_stale_temporary_file_of_a_dead_process_is_removed(tmp_path):
    first = pipeline(tmp_path)
    first.process_item(article("1"))
    first.close_spider()
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True).stdout.strip()
    stale = tmp_path / "yjc" / f".2020-05-10.jsonl.{dead}.tmp"
    stale.write_bytes(b'{"half')
    pipeline(tmp_path).process_item(article("1"))
    assert not stale.exists()


REWRITER = """
import sys
from pathlib import Path
from newsbot.pipelines.jsonl_files import rewrite
path, lines = Path(sys.argv[1]), int(sys.argv[2])
print("ready", flush=True)
for round in range(10 ** 6):
    changes = {("yjc", "code:%d" % i): b'{"site": "yjc", "news_code": "%d", "title": "v%d"}\\n' % (i, round)
               for i in range(lines)}
    rewrite(path, changes)
"""


@pytest.mark.e2e
def test_kill_9_during_rewrites_leaves_a_whole_old_or_new_file(tmp_path):
    """A process rewrites a 20,000-line file over and over; SIGKILL at random moments."""
    path, lines = tmp_path / "day.jsonl", 20000
    path.write_bytes(b"".join(b'{"site": "yjc", "news_code": "%d", "title": "v-1"}\n' % i for i in range(lines)))
    env = dict(os.environ, PYTHONPATH=str(REPO))
    versions = set()
    for attempt in range(8):
        process = subprocess.Popen([sys.executable, "-c", REWRITER, str(path), str(lines)], env=env,
                                   stdout=subprocess.PIPE, text=True)
        assert process.stdout.readline().strip() == "ready"
        time.sleep(0.15 + 0.11 * attempt)
        os.kill(process.pid, signal.SIGKILL)
        process.wait(timeout=30)
        process.stdout.close()
        got = records(path)
        titles = {r["title"] for r in got}
        assert len(got) == lines and len(titles) == 1, "a mix of two versions or a cut file"
        assert [r["news_code"] for r in got] == [str(i) for i in range(lines)]
        versions |= titles
    assert len(versions) >= 3  # the kills landed on different rewrites


def test_update_policy_writes_nothing_for_a_site_whose_lock_another_run_holds(tmp_path):
    from newsbot.pipelines.jsonl import WriteFailed
    from newsbot.state.guard import SiteLock

    held = SiteLock(tmp_path / "state" / "yjc.lock").acquire()  # a live crawl of yjc is running
    writer = JsonLinesPipeline(str(tmp_path / "out"), "{site}/{date}.jsonl", False,
                               MemoryStatsCollector(get_crawler()), policy="update",
                               lock=lambda site: SiteLock(tmp_path / "state" / f"{site}.lock").acquire())
    for code in ("1", "2"):
        with pytest.raises(WriteFailed, match="the output of yjc is locked by another run"):
            writer.process_item(article(code))
    writer.process_item(NewsArticle(site="isna", news_code="5", title="t", body="b", published_at=DAY1))
    writer.close_spider()
    held.release()
    assert writer.stats.get_value("newsbot/jsonl/write_failed") == 2
    assert writer.stats.get_value("newsbot/exit_code") == 1
    assert not (tmp_path / "out" / "yjc").exists() and (tmp_path / "out" / "isna").exists()
    SiteLock(tmp_path / "state" / "isna.lock").acquire().release()  # released at close


def test_an_interrupted_move_left_in_two_files_ends_in_one(tmp_path):
    """A kill between the two renames of a day change leaves the article in both day files."""
    first = pipeline(tmp_path)
    first.process_item(article("1"))
    first.process_item(article("2", when=DAY2))
    first.close_spider()
    day1, day2 = tmp_path / "yjc" / "2020-05-10.jsonl", tmp_path / "yjc" / "2020-05-11.jsonl"
    with open(day2, "ab") as handle:  # the copy of "1" already appended to its new day
        handle.write(day1.read_bytes())
    second = pipeline(tmp_path)
    second.process_item(article("1", when=DAY2, crawled=2))
    second.close_spider()
    assert records(day1) == []
    assert [r["news_code"] for r in records(day2)] == ["2", "1"]
    assert counts(second.stats) == {"new": 0, "updated": 1, "unchanged": 0}
