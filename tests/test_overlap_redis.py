"""Redis mode: an overlapping second run of a site joins the first; nothing is duplicated.

Local mode refuses a second run with the per-site lock (tests/test_exit_status.py);
in Redis mode there is no lock: a run started while another one of the same
site is crawling joins it (same run id within NEWSBOT_RUN_WINDOW), shares its
request queue, dupefilter and seen-store, and every article is fetched and
written once.
"""

from __future__ import annotations

import time
from collections import Counter

import pytest

from tests.mocknews import NewsSite
from tests.mocksite import MockSite
from tests.redis_server import redis_server
from tests.scrapy_run import all_records
from tests.test_distributed import finish, lines_written, slow, worker


@pytest.mark.e2e
def test_overlapping_redis_runs_of_one_site_export_each_article_once(tmp_path):
    site = NewsSite("iransamaneh", 60)
    with redis_server() as url, MockSite(slow(site, 0.1)) as server:
        first = worker(server.base_url, url, tmp_path, "first", "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=2")
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and lines_written(tmp_path) < 5:
            time.sleep(0.05)
        assert first.poll() is None and lines_written(tmp_path) >= 5  # the first run is mid-crawl
        second = worker(server.base_url, url, tmp_path, "second", "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=2")
        logs = [finish(first), finish(second)]  # both exit 0: no lock in Redis mode
        article_hits = server.hits_under("/fa/news/")
    counts = Counter(r["news_code"] for r in all_records(tmp_path))
    assert counts == Counter({str(a.code): 1 for a in site.articles})
    assert article_hits == 60  # no article fetched twice
    assert all("exit status: 0" in log for log in logs)
