"""Distributed mode end to end: two real worker processes sharing one Redis."""

from __future__ import annotations

import os
import signal
import time
from collections import Counter
from pathlib import Path

import pytest

from tests.distributed_util import finish, slow, worker
from tests.mocknews import NewsSite
from tests.mocksite import MockSite
from tests.redis_server import redis_server
from tests.scrapy_run import all_records, run_scrapy, stat

pytestmark = pytest.mark.e2e  # runs the real scrapy (or scrapyd/redis) as a subprocess


def test_two_workers_export_every_article_exactly_once(tmp_path):
    site = NewsSite("iransamaneh", 80)
    with redis_server() as url, MockSite(slow(site, 0.1)) as server:
        # 2 requests at a time per worker: one worker alone would need ~4 s, so both get work.
        workers = [worker(server.base_url, url, tmp_path, f"w{i}", "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=2")
                   for i in range(2)]
        logs = [finish(w) for w in workers]
        article_hits = server.hits_under("/fa/news/")
    counts = Counter(r["news_code"] for r in all_records(tmp_path))
    assert counts == Counter({str(a.code): 1 for a in site.articles})
    assert article_hits == 80  # no page fetched twice across workers
    assert sorted(stat(log, "newsbot/redis/seeder") or 0 for log in logs) == [0, 1]  # seeded once
    assert all((stat(log, "newsbot/jsonl/written") or 0) > 0 for log in logs)  # both worked
    files = {f.name.split(".")[-2] for f in (tmp_path / "out").rglob("*.jsonl")}
    assert files == {"w0", "w1"}


def test_killed_worker_survivor_finishes_restart_resumes_next_run_recovers(tmp_path):
    site = NewsSite("iransamaneh", 120)
    with redis_server() as url, MockSite(slow(site, 0.05)) as server:
        a = worker(server.base_url, url, tmp_path, "a")
        b = worker(server.base_url, url, tmp_path, "b")
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and lines_written(tmp_path) < 20:
            time.sleep(0.1)
        os.kill(a.pid, signal.SIGKILL)
        a.communicate(timeout=30)
        finish(b)
        after_kill = Counter(r["news_code"] for r in all_records(tmp_path))
        assert max(after_kill.values()) == 1 and len(after_kill) >= 20

        finish(worker(server.base_url, url, tmp_path, "a2"))  # same run: resumes, no duplicates
        resumed = Counter(r["news_code"] for r in all_records(tmp_path))
        assert max(resumed.values()) == 1

        # Requests in flight in the killed worker are picked up by the next run.
        finish(worker(server.base_url, url, tmp_path, "next", "-s", "NEWSBOT_RUN_ID=next-run"))
    final = Counter(r["news_code"] for r in all_records(tmp_path))
    assert final == Counter({str(a.code): 1 for a in site.articles})


def lines_written(work: Path) -> int:
    """Whole lines written so far by every worker."""
    out = work / "out"
    return sum(path.read_bytes().count(b"\n") for path in out.rglob("*.jsonl")) if out.exists() else 0


def test_items_to_redis_list(tmp_path):
    import redis

    site = NewsSite("iransamaneh", 10)
    with redis_server() as url, MockSite(site.route) as server:
        finish(worker(server.base_url, url, tmp_path, "w", "-s", "NEWSBOT_REDIS_ITEMS=list"))
        client = redis.Redis.from_url(url)
        items = [line.decode() for line in client.lrange("newsbot:asrpress:items", 0, -1)]
    assert len(items) == 10 and not (tmp_path / "out").exists()
    assert all('"site": "asrpress"' in line for line in items)


def test_unreachable_redis_is_one_clear_line_and_exit_2(tmp_path):
    result = run_scrapy("crawl", "asrpress", "-s", "NEWSBOT_MODE=redis", "-s", "REDIS_URL=redis://127.0.0.1:1/0",
                        "-s", f"NEWSBOT_OUTPUT_DIR={tmp_path}", check=False, timeout=60)
    assert result.returncode == 2
    assert result.stderr.strip().splitlines()[-1].startswith("newsbot: cannot reach Redis at redis://127.0.0.1:1/0")
    assert "Traceback" not in result.stderr


def test_unknown_mode_is_refused(tmp_path):
    result = run_scrapy("crawl", "asrpress", "-s", "NEWSBOT_MODE=cluster", check=False, timeout=60)
    assert result.returncode != 0 and "NEWSBOT_MODE must be" in result.stderr

