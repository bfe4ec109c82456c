"""scrapyd: build the egg with scrapyd-deploy, deploy to a local scrapyd, run a spider on the mock site."""

from __future__ import annotations

import pytest

from tests.mocknews import NewsSite
from tests.mocksite import MockSite
from tests.scrapy_run import all_records
from tests.scrapyd_util import call, local_scrapyd, wait_for

pytestmark = pytest.mark.e2e  # runs the real scrapy (or scrapyd/redis) as a subprocess

def test_deploy_to_local_scrapyd_and_run_a_spider(tmp_path):
    site = NewsSite("iransamaneh", 5)
    with local_scrapyd(tmp_path) as (base, added):
        assert added["status"] == "ok" and added["spiders"] >= 33
        with MockSite(site.route) as mock:
            wait_for(base, call(base + "/schedule.json", {
                "project": "newsbot", "spider": "asrpress", "base_url": mock.base_url,
                "setting": [f"NEWSBOT_OUTPUT_DIR={tmp_path / 'out'}", f"NEWSBOT_SEEN_PATH={tmp_path / 'seen.sqlite3'}",
                            "DOWNLOAD_DELAY=0", "AUTOTHROTTLE_ENABLED=False"]}))
    assert sorted(r["news_code"] for r in all_records(tmp_path)) == [str(a.code) for a in site.articles]
