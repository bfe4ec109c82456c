"""Helpers for the distributed tests: a Redis-mode worker process of ``asrpress``."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

from tests.conftest import REPO
from tests.mocknews import NewsSite
from tests.scrapy_run import FAST


def worker(base_url: str, redis_url: str, work: Path, name: str, *extra: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "scrapy", "crawl", "asrpress", "-a", f"base_url={base_url}", "-s", f"NEWSBOT_ARCHIVE_DIR={work / 'archive'}",
         "-s", "NEWSBOT_MODE=redis", "-s", f"REDIS_URL={redis_url}", "-s", f"NEWSBOT_WORKER_ID={name}",
         "-s", f"NEWSBOT_OUTPUT_DIR={work / 'out'}", *FAST, *extra],
        cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)


def finish(process: subprocess.Popen, timeout: float = 180, expect: int = 0) -> str:
    """Wait for a worker; assert its exit status and that it logged no Python warning."""
    _, err = process.communicate(timeout=timeout)
    assert process.returncode == expect, err[-3000:]
    assert "Warning:" not in err, [line for line in err.splitlines() if "Warning:" in line][:5]
    return err


def slow(site: NewsSite, delay: float):
    """A router that answers article pages after *delay* seconds."""
    def router(path, query):
        if path.startswith("/fa/news/"):
            time.sleep(delay)
        return site.route(path, query)
    return router
