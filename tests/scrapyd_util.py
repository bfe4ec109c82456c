"""A local scrapyd on 127.0.0.1 with newsbot's egg deployed (for the scrapyd tests)."""

from __future__ import annotations

import json
import shutil
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from contextlib import contextmanager
from pathlib import Path

import pytest

from tests.conftest import REPO

BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def call(url: str, data: dict | None = None, files: dict | None = None) -> dict:
    """A scrapyd JSON API call (GET, form POST, or multipart POST with *files*)."""
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


@contextmanager
def local_scrapyd(tmp_path: Path, max_proc: int = 1):
    """Build the egg from a copy of the project (as scrapyd-deploy does from a checkout),
    start scrapyd, deploy the egg; yield ``(base_url, addversion_answer)``; stop scrapyd."""
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
        f"logs_dir = {home}/logs\ndbs_dir = {home}/dbs\nitems_dir =\nmax_proc = {max_proc}\npoll_interval = 0.5\n")
    server = subprocess.Popen([str(BIN / "scrapyd")], cwd=home, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
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
        yield base, added
    finally:
        server.terminate()
        server.wait(timeout=15)


def wait_for(base: str, job: dict, timeout: float = 120) -> None:
    """Wait until the scheduled *job* is finished (fails the test after *timeout* s)."""
    assert job["status"] == "ok", job
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if any(j["id"] == job["jobid"] for j in call(base + "/listjobs.json?project=newsbot")["finished"]):
            return
        time.sleep(0.5)
    pytest.fail(f"scrapyd job {job['jobid']} did not finish in {timeout} s")
