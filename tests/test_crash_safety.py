"""kill -9 at random moments, 20 times, then finish: nothing half-written, duplicated or lost."""

from __future__ import annotations

import json
import random
import signal
import subprocess
import sys
import time
from collections import Counter

import pytest

from tests.conftest import REPO
from tests.mocknews import NewsSite
from tests.mocksite import MockSite
from tests.scrapy_run import FAST, all_records, crawl_site

pytestmark = pytest.mark.e2e  # runs the real scrapy (or scrapyd/redis) as a subprocess

KILLS = 20


def check_whole_lines(out) -> int:
    """Every JSONL file ends with a newline and every line is a JSON object; returns the line count."""
    lines = 0
    for path in out.rglob("*.jsonl"):
        data = path.read_bytes()
        assert data == b"" or data.endswith(b"\n"), f"half line in {path}"
        for line in data.splitlines():
            assert isinstance(json.loads(line), dict)
            lines += 1
    return lines


def wait_for_progress(out, before: int, process, timeout: float = 30) -> None:
    """Until *out* holds more than *before* lines (or the crawl ended)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and process.poll() is None:
        if out.exists() and sum(p.read_bytes().count(b"\n") for p in out.rglob("*.jsonl")) > before:
            return
        time.sleep(0.02)


def test_repeated_kill_9_then_rerun_exports_each_article_exactly_once(tmp_path):
    site = NewsSite("iransamaneh", 200)
    rng = random.Random(20261124)

    def router(path, query):
        if path.startswith("/fa/news/"):
            time.sleep(0.04)
        return site.route(path, query)

    killed_with_progress = 0
    with MockSite(router) as server:
        for attempt in range(KILLS):
            before = check_whole_lines(tmp_path / "out") if (tmp_path / "out").exists() else 0
            process = subprocess.Popen(
                [sys.executable, "-m", "scrapy", "crawl", "asrpress", "-a", f"base_url={server.base_url}", "-s", "NEWSBOT_ARCHIVE_DIR=",
                 "-s", f"NEWSBOT_OUTPUT_DIR={tmp_path / 'out'}", "-s", f"NEWSBOT_SEEN_PATH={tmp_path / 'seen.sqlite3'}",
                 "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=2", *FAST[:4]],
                cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            time.sleep(rng.uniform(0.8, 2.2))
            if attempt % 2:  # every other kill lands once lines are being written, however slow start-up is
                wait_for_progress(tmp_path / "out", before, process)
                time.sleep(rng.uniform(0.0, 0.5))
            process.send_signal(signal.SIGKILL)  # no-op if the crawl already ended (poll() reaped it)
            process.wait(timeout=30)
            if (tmp_path / "out").exists():
                after = check_whole_lines(tmp_path / "out")
                killed_with_progress += after > before
        crawl_site("asrpress", server.base_url, tmp_path)
    counts = Counter(r["news_code"] for r in all_records(tmp_path))
    assert counts == Counter({str(a.code): 1 for a in site.articles})
    assert killed_with_progress >= 5  # kills really landed mid-crawl, while articles were being written
