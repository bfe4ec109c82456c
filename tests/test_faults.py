"""Fault injection: a misbehaving site never crashes the crawl or loses a good article."""

from __future__ import annotations

from collections import Counter

import pytest

from tests.faultsite import FaultySite
from tests.mocksite import MockSite
from tests.scrapy_run import all_records, crawl_site, stat

pytestmark = pytest.mark.e2e  # runs the real scrapy (or scrapyd/redis) as a subprocess


def test_crawl_survives_every_fault_and_counts_each(tmp_path):
    site = FaultySite(healthy=20)
    with MockSite(site.route) as server:
        result = crawl_site("asrpress", server.base_url, tmp_path, "-s", "DOWNLOAD_TIMEOUT=2",
                            "-s", "NEWSBOT_RETRY_AFTER_MAX=2", timeout=300, check=False)
    log = result.stderr
    # 8 pages given up with an error among 32 responses (> NEWSBOT_MAX_ERROR_RATIO 0.1): exit status 1
    assert result.returncode == 1 and "exit status: 1 (errors_above_threshold)" in log, log[-3000:]
    assert "Warning" not in log
    counts = Counter(r["news_code"] for r in all_records(tmp_path))
    assert set(counts) == site.expected_codes() and max(counts.values()) == 1
    assert "finish_reason': 'finished'" in log
    assert stat(log, "memusage/max") < 400 * 1024 * 1024  # the 200 MB bomb was never inflated
    causes = {
        "retry/reason_count/500 Internal Server Error": 2,
        "retry/max_reached": None,
        "newsbot/retry_after/waits": 2,
        "downloader/exception_type_count/scrapy.exceptions.DownloadTimeoutError": 3,       # timeout
        "downloader/exception_type_count/scrapy.exceptions.ResponseDataLossError": 3,      # truncated
        "downloader/exception_type_count/scrapy.exceptions.DownloadFailedError": None,     # reset
        "downloader/exception_type_count/scrapy.exceptions.DownloadCancelledError": 1,    # 50 MB page
        "retry/reason_count/502 Bad Gateway": 2,
        "newsbot/charset/override/utf-8_as_cp1256": 1,  # lying charset, decoded by evidence
        "downloader/response_status_count/302": None,  # redirect loop
    }
    for key, expected in causes.items():
        value = stat(log, key)
        assert value is not None, key
        if expected is not None:
            assert value == expected, (key, value)
    assert "exceeded DOWNLOAD_MAXSIZE (10485760 B) during decompression" in log  # gzip bomb
    assert site.calls["truncated"] == 3 and site.calls["always_502"] == 3  # 1 try + 2 retries
    assert site.calls["reset"] >= 3
