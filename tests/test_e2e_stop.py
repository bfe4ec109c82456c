"""A graceful stop is bounded (issue 12 item 7): SIGTERM with hanging downloads.

The mock site's article pages never answer (until the test ends).  With one
request at a time per domain, 11 article requests wait in the downloader's
queue behind the one in flight; Scrapy alone would let each of them run into
DOWNLOAD_TIMEOUT in turn (12 × 20 s here).  newsbot drops the queued ones at
once and cancels the one in flight after NEWSBOT_STOP_TIMEOUT (2 s).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time

import pytest

from tests.conftest import REPO
from tests.mocksite import MockSite
from tests.scrapy_run import stat

pytestmark = pytest.mark.e2e
HTML = "text/html; charset=utf-8"
HOME = "".join(f'<a href="/fa/news/{n}/x">{n}</a>' for n in range(101, 113)).encode()


def crawl_until_sigterm(router, tmp_path, started, *settings):
    """Start ``scrapy crawl asrpress``, SIGTERM it once *started* is set; (seconds to exit, stderr)."""
    with MockSite(router) as site:
        process = subprocess.Popen(
            [sys.executable, "-m", "scrapy", "crawl", "asrpress", "-a", f"base_url={site.base_url}", "-s", "NEWSBOT_ARCHIVE_DIR=",
             "-a", "discovery=listings", "-s", "ROBOTSTXT_OBEY=False", "-s", "DOWNLOAD_DELAY=0",
             "-s", "AUTOTHROTTLE_ENABLED=False", "-s", "DOWNLOAD_TIMEOUT=20", "-s", "RETRY_TIMES=0",
             "-s", "NEWSBOT_STOP_TIMEOUT=2", "-s", f"NEWSBOT_OUTPUT_DIR={tmp_path / 'out'}",
             "-s", f"NEWSBOT_SEEN_PATH={tmp_path / 'seen.sqlite3'}", *settings],
            cwd=REPO, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True,
        )
        try:
            assert started.wait(60), "the crawl never reached the article pages"
            time.sleep(1.0)  # let the other article requests reach the downloader queue
            sent = time.monotonic()
            process.send_signal(signal.SIGTERM)
            _, stderr = process.communicate(timeout=90)
            return time.monotonic() - sent, stderr
        finally:
            if process.poll() is None:
                os.kill(process.pid, signal.SIGKILL)
                process.wait()


def test_sigterm_with_hanging_downloads_stops_within_the_stop_timeout(tmp_path):
    started, release = threading.Event(), threading.Event()

    def hang(handler):
        started.set()
        release.wait(60)

    def router(path, query):
        return (HTML, HOME) if path == "/" else ("raw", hang)

    try:
        seconds, stderr = crawl_until_sigterm(router, tmp_path, started)
    finally:
        release.set()
    assert seconds < 8, stderr[-3000:]
    assert stat(stderr, "newsbot/stop/dropped_queued") == 11
    assert stat(stderr, "newsbot/stop/cancelled_in_flight") == 1
    assert "stopping: 11 queued downloads dropped, 1 in flight get 2 s to finish" in stderr
    assert "Traceback" not in stderr


def test_sigterm_during_a_retry_after_wait_ends_the_wait(tmp_path):
    started = threading.Event()

    def router(path, query):
        if path == "/":
            return HTML, HOME[:HOME.index(b"</a>") + 4]  # one article
        started.set()
        return ("status", 503, {"Retry-After": "250"}, b"busy")

    seconds, stderr = crawl_until_sigterm(router, tmp_path, started)
    assert seconds < 8, stderr[-3000:]
    assert stat(stderr, "newsbot/retry_after/waits") == 1
    assert stat(stderr, "newsbot/retry_after/cut_by_stop") == 1
