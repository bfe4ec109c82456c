"""Archive under scrapyd, then one scrapyd replay job per archive file (the README recipe)."""

from __future__ import annotations

import shutil
import subprocess
import time
from pathlib import Path

import pytest

from tests.conftest import REPO
from tests.mocknews import NewsSite
from tests.mocksite import MockSite
from tests.scrapy_run import read_jsonl
from tests.test_scrapyd import BIN, call, free_port

pytestmark = pytest.mark.e2e


def wait_for(base: str, job: dict, timeout: float = 120) -> None:
    assert job["status"] == "ok", job
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if any(j["id"] == job["jobid"] for j in call(base + "/listjobs.json?project=newsbot")["finished"]):
            return
        time.sleep(0.5)
    pytest.fail(f"scrapyd job {job['jobid']} did not finish in {timeout} s")


def test_scrapyd_archives_a_crawl_and_replays_one_job_per_archive_file(tmp_path):
    if not (BIN / "scrapyd").exists() or not (BIN / "scrapyd-deploy").exists():
        pytest.skip("scrapyd / scrapyd-client are not installed (requirements-dev.txt)")
    project = tmp_path / "project"
    shutil.copytree(REPO / "newsbot", project / "newsbot", ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("scrapy.cfg", "setup.py"):
        shutil.copy(REPO / name, project / name)
    egg = tmp_path / "newsbot.egg"
    subprocess.run([str(BIN / "scrapyd-deploy"), "--build-egg", str(egg)], cwd=project, check=True,
                   capture_output=True, timeout=120)
    port, home = free_port(), tmp_path / "scrapyd"
    home.mkdir()
    (home / "scrapyd.conf").write_text(
        f"[scrapyd]\nbind_address = 127.0.0.1\nhttp_port = {port}\neggs_dir = {home}/eggs\n"
        f"logs_dir = {home}/logs\ndbs_dir = {home}/dbs\nitems_dir =\nmax_proc = 2\npoll_interval = 0.5\n")
    server = subprocess.Popen([str(BIN / "scrapyd")], cwd=home, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    site, archive = NewsSite("iransamaneh", 12), tmp_path / "archive"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                call(base + "/daemonstatus.json")
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)
        call(base + "/addversion.json", {"project": "newsbot", "version": "1"},
             {"egg": ("newsbot.egg", egg.read_bytes())})
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
                        "NEWSBOT_OUTPUT_TEMPLATE={site}/{date}.{worker}.jsonl", "NEWSBOT_LOCK_WAIT=120"]}) for file in files]
        for job in jobs:
            wait_for(base, job)
    finally:
        server.terminate()
        server.wait(timeout=15)
    live = {r["url"]: r for f in sorted((tmp_path / "live").rglob("*.jsonl")) for r in read_jsonl(f)}
    replayed = [r for f in sorted(Path(tmp_path / "replayed").rglob("*.jsonl")) for r in read_jsonl(f)]
    assert len(live) == 12
    assert sorted(r["url"] for r in replayed) == sorted(live)  # every article once, over all jobs
    for record in replayed:
        assert record["title"] == live[record["url"]]["title"]
        assert record["published_at"] == live[record["url"]]["published_at"]
