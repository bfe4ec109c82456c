"""Run the real ``scrapy`` command in a subprocess, bounded in time."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

from tests.conftest import REPO


def run_scrapy(*args: str, timeout: float = 120, check: bool = True) -> subprocess.CompletedProcess:
    """``python -m scrapy ARGS`` from the repository root; fails on warnings in its log."""
    env = dict(os.environ, PYTHONWARNINGS="error::DeprecationWarning")
    if args[:1] == ("crawl",) and not any(a.startswith("NEWSBOT_ARCHIVE_DIR=") for a in args):
        args = (*args, "-s", "NEWSBOT_ARCHIVE_DIR=")  # no WARC archive in the repository (crawl_site sets one)
    result = subprocess.run(
        [sys.executable, "-m", "scrapy", *args],
        cwd=REPO, env=env, capture_output=True, text=True, timeout=timeout,
    )
    if check:
        assert result.returncode == 0, result.stderr[-4000:]
        assert "Warning" not in result.stderr, result.stderr[-4000:]
    return result


def read_jsonl(path: Path) -> list[dict]:
    """Every line of a JSON Lines file, each parsed (a half line fails the test)."""
    raw = path.read_bytes()
    assert raw.endswith(b"\n"), f"{path} does not end with a newline"
    assert b"\\u" not in raw, f"{path} has \\u escapes"
    return [json.loads(line) for line in raw.decode("utf-8").splitlines()]


def stat(stderr: str, key: str) -> int | None:
    """An integer value from the stats dump in a crawl's log (``None`` if absent)."""
    match = re.search(r"'" + re.escape(key) + r"': (\d+)", stderr)
    return int(match.group(1)) if match else None


def jsonl_files(directory: Path) -> list[Path]:
    return sorted(directory.rglob("*.jsonl"))


FAST = ("-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=False",
        "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=8")


def crawl_site(spider: str, base_url: str, workdir: Path, *args: str, timeout: float = 120, check: bool = True):
    """``scrapy crawl SPIDER`` against a mock site with output and state under *workdir*."""
    return run_scrapy(
        "crawl", spider, "-a", f"base_url={base_url}",
        "-s", f"NEWSBOT_ARCHIVE_DIR={workdir / 'archive'}", *args,  # later -s wins
        "-s", f"NEWSBOT_OUTPUT_DIR={workdir / 'out'}",
        "-s", f"NEWSBOT_SEEN_PATH={workdir / 'seen.sqlite3'}", *FAST, timeout=timeout, check=check,
    )


def all_records(workdir: Path) -> list[dict]:
    return [r for f in jsonl_files(workdir / "out") for r in read_jsonl(f)]
