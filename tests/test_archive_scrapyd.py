"""Archive under scrapyd, then one scrapyd replay job per archive file (the README recipe)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.mocknews import NewsSite
from tests.mocksite import MockSite
from tests.scrapy_run import read_jsonl
from tests.scrapyd_util import call, local_scrapyd, wait_for

pytestmark = pytest.mark.e2e


def test_scrapyd_archives_a_crawl_and_replays_one_job_per_archive_file(tmp_path):
    site, archive = NewsSite("iransamaneh", 12), tmp_path / "archive"
    with local_scrapyd(tmp_path, max_proc=2) as (base, _):
        with MockSite(site.route) as mock:
            wait_for(base, call(base + "/schedule.json", {
                "project": "newsbot", "spider": "asrpress", "base_url": mock.base_url,
                "setting": [f"NEWSBOT_OUTPUT_DIR={tmp_path / 'live'}", f"NEWSBOT_SEEN_PATH={tmp_path / 'seen.db'}",
                            f"NEWSBOT_ARCHIVE_DIR={archive}", "NEWSBOT_ARCHIVE_MAX_BYTES=8000",
                            "DOWNLOAD_DELAY=0", "AUTOTHROTTLE_ENABLED=False"]}))
        files = sorted(archive.rglob("*.warc.gz"))
        assert len(files) >= 2  # rotated by size
        jobs = [call(base + "/schedule.json", {
            "project": "newsbot", "spider": "replay", "path": str(file),
            "setting": [f"NEWSBOT_OUTPUT_DIR={tmp_path / 'replayed'}", f"NEWSBOT_WORKER_ID={file.name[:-8]}",
                        "NEWSBOT_OUTPUT_TEMPLATE={site}/{date}.{worker}.jsonl",
                        "NEWSBOT_LOCK_WAIT=120"]})  # jobs of one site take the lock in turn
                for file in files]
        for job in jobs:
            wait_for(base, job)
    live = {r["url"]: r for f in sorted((tmp_path / "live").rglob("*.jsonl")) for r in read_jsonl(f)}
    replayed = [r for f in sorted(Path(tmp_path / "replayed").rglob("*.jsonl")) for r in read_jsonl(f)]
    assert len(live) == 12
    assert sorted(r["url"] for r in replayed) == sorted(live)  # every article once, over all jobs
    for record in replayed:
        assert record["title"] == live[record["url"]]["title"]
        assert record["published_at"] == live[record["url"]]["published_at"]
