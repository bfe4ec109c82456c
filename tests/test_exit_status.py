"""Exit status, disk full, corrupt seen-store, stopped runs (newsbot.exitcodes policy)."""

from __future__ import annotations

import signal
import sqlite3
import subprocess
import sys
import time
from collections import Counter

import pytest

from newsbot.extensions import exit_requests
from tests.conftest import REPO
from tests.mocknews import NewsSite
from tests.mocksite import MockSite
from tests.scrapy_run import FAST, all_records, crawl_site, jsonl_files

PIPELINES = ('{"newsbot.pipelines.normalize.NormalizePipeline": 100, "newsbot.pipelines.validate.ValidatePipeline": 200,'
             ' "newsbot.pipelines.dedupe.DedupePipeline": 300, "tests.faultwriter.FullDiskPipeline": 800}')


@pytest.mark.parametrize(("reason", "stats", "expected"), [
    ("finished", {"item_scraped_count": 5, "response_received_count": 9}, []),
    ("finished", {}, []),  # nothing new, nothing failed
    ("shutdown", {"item_scraped_count": 5}, [(1, "stopped_shutdown")]),
    ("closespider_timeout", {"item_scraped_count": 5}, [(1, "stopped_closespider_timeout")]),
    ("closespider_itemcount", {"item_scraped_count": 5}, []),
    ("finished", {"item_dropped_count": 3, "response_received_count": 4}, [(1, "nothing_exported")]),
    ("finished", {"newsbot/replay/rejected/not_article": 2, "newsbot/replay/files": 2}, [(1, "nothing_exported")]),
    ("finished", {"log_count/ERROR": 2, "item_scraped_count": 18, "response_received_count": 20}, []),
    ("finished", {"log_count/ERROR": 3, "item_scraped_count": 18, "response_received_count": 20},
     [(1, "errors_above_threshold")]),
    ("finished", {"log_count/ERROR": 1}, [(1, "nothing_exported"), (1, "errors_above_threshold")]),
    # every page answered 404 (or the connection failed): nothing done
    ("finished", {"httperror/response_ignored_count": 4, "response_received_count": 4}, [(1, "nothing_exported")]),
    ("finished", {"downloader/exception_count": 3}, [(1, "nothing_exported")]),
    # a missing optional feed in an incremental run with nothing new: the job was done
    ("finished", {"httperror/response_ignored_count": 1, "downloader/response_status_count/200": 3,
                  "response_received_count": 4}, []),
    # a replay whose only archive cannot be read
    ("finished", {"newsbot/replay/archive/unreadable": 1}, [(1, "nothing_exported")]),
    ("finished", {"newsbot/replay/archive/truncated": 1, "item_scraped_count": 5}, []),
])
def test_exit_requests(reason, stats, expected):
    assert exit_requests(reason, stats, 0.1) == expected


def crawl(server, work, *extra, spider="asrpress"):
    return subprocess.Popen(
        [sys.executable, "-m", "scrapy", "crawl", spider, "-a", f"base_url={server.base_url}", "-s", "NEWSBOT_ARCHIVE_DIR=",
         "-s", f"NEWSBOT_OUTPUT_DIR={work / 'out'}", "-s", f"NEWSBOT_SEEN_PATH={work / 'seen.sqlite3'}",
         *FAST, *extra], cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)


def seen_codes(work) -> set[str]:
    with sqlite3.connect(work / "seen.sqlite3") as db:
        return {key[5:] for (key,) in db.execute("SELECT key FROM seen WHERE key LIKE 'code:%'")}


@pytest.mark.e2e
def test_disk_full_loses_nothing_exit_1_then_next_run_writes_the_articles(tmp_path):
    site = NewsSite("iransamaneh", 12)
    with MockSite(site.route) as server:
        first = crawl_site("asrpress", server.base_url, tmp_path, "-a", "discovery=feeds",
                           "-s", f"ITEM_PIPELINES={PIPELINES}", "-s", "FULL_DISK_ITEMS=3,7", check=False)
        assert first.returncode == 1, first.stderr[-3000:]
        assert "exit status: 1 (items_not_written)" in first.stderr
        assert "NOT WRITTEN (write failed, fetched again next run): 2" in first.stderr
        assert first.stderr.count("No space left on device") == 2  # one line per lost item
        written = [r["news_code"] for r in all_records(tmp_path)]  # whole lines only (read_jsonl checks)
        assert len(written) == 10 and seen_codes(tmp_path) == set(written)  # lost ones not marked seen
        second = crawl_site("asrpress", server.base_url, tmp_path, "-a", "discovery=feeds")
    assert "articles: new 2, updated 0, unchanged 0" in second.stderr
    assert Counter(r["news_code"] for r in all_records(tmp_path)) == Counter({str(a.code): 1 for a in site.articles})


@pytest.mark.e2e
def test_every_page_failing_exits_1(tmp_path):
    site = NewsSite("iransamaneh", 4)

    def router(path, query):
        if path.startswith("/fa/news/"):
            return ("status", 500, {}, b"down")
        return site.route(path, query)

    with MockSite(router) as server:
        result = crawl_site("asrpress", server.base_url, tmp_path, "-a", "discovery=feeds", check=False)
    assert result.returncode == 1
    assert "exit status: 1 (errors_above_threshold, nothing_exported)" in result.stderr


@pytest.mark.e2e
def test_corrupt_seen_store_stops_with_one_line_exit_2(tmp_path):
    (tmp_path / "seen.sqlite3").write_bytes(b"this is not a database" * 100)
    site = NewsSite("iransamaneh", 3)
    with MockSite(site.route) as server:
        result = crawl_site("asrpress", server.base_url, tmp_path, check=False)
        hits = sum(server.hits.values())
    assert result.returncode == 2
    assert "Traceback" not in result.stderr and result.stderr.strip().splitlines()[-1:] == [
        f"newsbot: seen-store {tmp_path / 'seen.sqlite3'} is unusable (file is not a database); "
        "move it aside to start afresh (articles are then fetched again)"]
    assert hits == 0 and not (tmp_path / "out").exists()


def slow(site, delay):
    def router(path, query):
        if path.startswith("/fa/news/"):
            time.sleep(delay)
        return site.route(path, query)
    return router


def wait_for_lines(work, count, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if sum(p.read_bytes().count(b"\n") for p in jsonl_files(work / "out")) >= count if (work / "out").exists() else False:
            return
        time.sleep(0.05)
    raise AssertionError("the crawl wrote nothing")


@pytest.mark.e2e
def test_sigterm_stops_gracefully_with_exit_1(tmp_path):
    site = NewsSite("iransamaneh", 60)
    with MockSite(slow(site, 0.1)) as server:
        process = crawl(server, tmp_path, "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=1")
        wait_for_lines(tmp_path, 3)
        process.send_signal(signal.SIGTERM)
        _, err = process.communicate(timeout=60)
    assert process.returncode == 1, err[-2000:]
    assert "'finish_reason': 'shutdown'" in err and "exit status: 1 (stopped_shutdown)" in err
    records = all_records(tmp_path)
    assert 3 <= len(records) < 60 and seen_codes(tmp_path) == {r["news_code"] for r in records}


@pytest.mark.e2e
def test_second_run_of_a_site_exits_2_or_waits_for_the_lock(tmp_path):
    site = NewsSite("iransamaneh", 20)
    with MockSite(slow(site, 0.5)) as server:  # the first run takes 10 s or more
        first = crawl(server, tmp_path, "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=1")
        wait_for_lines(tmp_path, 1)
        refused = subprocess.run(
            [sys.executable, "-m", "scrapy", "crawl", "asrpress", "-a", f"base_url={server.base_url}", "-s", "NEWSBOT_ARCHIVE_DIR=",
             "-s", f"NEWSBOT_OUTPUT_DIR={tmp_path / 'other'}", "-s", f"NEWSBOT_SEEN_PATH={tmp_path / 'seen.sqlite3'}"],
            cwd=REPO, capture_output=True, text=True, timeout=60)
        assert first.poll() is None  # still running: the refusal was the lock's doing
        waiter = crawl(server, tmp_path, "-s", "NEWSBOT_LOCK_WAIT=120")
        _, first_err = first.communicate(timeout=120)
        _, waiter_err = waiter.communicate(timeout=120)
        other = crawl(server, tmp_path, spider="tabnak")  # another site's lock is free
        other.communicate(timeout=120)
    assert refused.returncode == 2 and not (tmp_path / "other").exists()
    assert "Traceback" not in refused.stderr and refused.stderr.strip().splitlines() == [  # one line, no banner
        f"newsbot: another run holds {tmp_path / 'asrpress.lock'} (pid {first.pid}); "
        "wait for it or use -s NEWSBOT_LOCK_WAIT=SECONDS"]
    assert first.returncode == 0, first_err[-2000:]
    assert waiter.returncode == 0, waiter_err[-2000:]
    assert "articles: new 20" in first_err and "articles:" not in waiter_err  # it found every article known
    assert other.returncode == 0
    assert Counter(r["news_code"] for r in all_records(tmp_path) if r["site"] == "asrpress") == Counter({str(a.code): 1 for a in site.articles})


@pytest.mark.e2e
def test_replay_whose_every_file_is_rejected_exits_1(tmp_path):
    (tmp_path / "pages").mkdir()
    (tmp_path / "pages" / "empty.html").write_bytes(b"")
    (tmp_path / "pages" / "noise.html").write_bytes(b"<html><body><p>hello</p></body></html>")
    result = subprocess.run(
        [sys.executable, "-m", "scrapy", "crawl", "replay", "-a", f"path={tmp_path / 'pages'}",
         "-s", f"NEWSBOT_OUTPUT_DIR={tmp_path / 'out'}", "-s", f"NEWSBOT_SEEN_PATH={tmp_path / 'seen.sqlite3'}"],
        cwd=REPO, capture_output=True, text=True, timeout=120)
    assert result.returncode == 1, result.stderr[-2000:]
    assert "every_file_rejected, nothing_exported)" in result.stderr
