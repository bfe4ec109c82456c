"""scrapyd: build the egg with scrapyd-deploy, deploy to a local scrapyd, run a spider on the mock site."""

from __future__ import annotations

import json
import shutil
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from tests.conftest import REPO
from tests.mocknews import NewsSite
from tests.mocksite import MockSite
from tests.scrapy_run import all_records

pytestmark = pytest.mark.e2e  # runs the real scrapy (or scrapyd/redis) as a subprocess

BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def call(url: str, data: dict | None = None, files: dict | None = None) -> dict:
    if files:
        boundary = "newsbotboundary"
        body = b""
        for name, value in (data or {}).items():
            body += f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
        for name, (filename, content) in files.items():
            body += (f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
                     f"Content-Type: application/octet-stream\r\n\r\n").encode() + content + b"\r\n"
        body += f"--{boundary}--\r\n".encode()
        request = urllib.request.Request(url, body, {"Content-Type": f"multipart/form-data; boundary={boundary}"})
    elif data is not None:
        request = urllib.request.Request(url, urllib.parse.urlencode(data, doseq=True).encode())
    else:
        request = urllib.request.Request(url)
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.loads(response.read())


def test_deploy_to_local_scrapyd_and_run_a_spider(tmp_path):
    if not (BIN / "scrapyd").exists() or not (BIN / "scrapyd-deploy").exists():
        pytest.skip("scrapyd / scrapyd-client are not installed (requirements-dev.txt)")
    # Build the egg from a copy of the project, as scrapyd-deploy does from a checkout.
    project = tmp_path / "project"
    shutil.copytree(REPO / "newsbot", project / "newsbot", ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("scrapy.cfg", "setup.py"):
        shutil.copy(REPO / name, project / name)
    egg = tmp_path / "newsbot.egg"
    subprocess.run([str(BIN / "scrapyd-deploy"), "--build-egg", str(egg)], cwd=project, check=True,
                   capture_output=True, timeout=120)

    port = free_port()
    home = tmp_path / "scrapyd"
    home.mkdir()
    (home / "scrapyd.conf").write_text(
        f"[scrapyd]\nbind_address = 127.0.0.1\nhttp_port = {port}\neggs_dir = {home}/eggs\n"
        f"logs_dir = {home}/logs\ndbs_dir = {home}/dbs\nitems_dir =\nmax_proc = 1\npoll_interval = 0.5\n")
    server = subprocess.Popen([str(BIN / "scrapyd")], cwd=home, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    site = NewsSite("iransamaneh", 5)
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
        added = call(base + "/addversion.json", {"project": "newsbot", "version": "1"},
                     {"egg": ("newsbot.egg", egg.read_bytes())})
        assert added["status"] == "ok" and added["spiders"] >= 33
        with MockSite(site.route) as mock:
            job = call(base + "/schedule.json", {
                "project": "newsbot", "spider": "asrpress", "base_url": mock.base_url,
                "setting": [f"NEWSBOT_OUTPUT_DIR={tmp_path / 'out'}", f"NEWSBOT_SEEN_PATH={tmp_path / 'seen.sqlite3'}",
                            "DOWNLOAD_DELAY=0", "AUTOTHROTTLE_ENABLED=False"]})
            assert job["status"] == "ok"
            deadline = time.monotonic() + 120
            while time.monotonic() < deadline:
                jobs = call(base + "/listjobs.json?project=newsbot")
                if any(j["id"] == job["jobid"] for j in jobs["finished"]):
                    break
                time.sleep(0.5)
            else:
                pytest.fail("scrapyd job did not finish in 120 s")
    finally:
        server.terminate()
        server.wait(timeout=15)
    assert sorted(r["news_code"] for r in all_records(tmp_path)) == [str(a.code) for a in site.articles]
