"""Replay over 500+ bad files mixed with good ones: no crash, every bad file accounted for."""

from __future__ import annotations

import json
import random
import shutil

import pytest

from tests.badinputs import make_bad_corpus
from tests.conftest import FIXTURES
from tests.scrapy_run import jsonl_files, read_jsonl, run_scrapy, stat

pytestmark = pytest.mark.e2e  # runs the real scrapy (or scrapyd/redis) as a subprocess

GOOD = ["asrpress/36482.html", "farsnews", "rajanews", "jahannews"]


def good_pages():
    for name in GOOD:
        path = FIXTURES / name
        yield from ([path] if path.is_file() else sorted(path.glob("*.html")))


def test_bad_corpus_is_rejected_with_reasons_and_good_pages_are_written(tmp_path):
    pages = tmp_path / "pages"
    made = make_bad_corpus(pages, random.Random(7))
    bad_total = sum(made.values())
    assert bad_total >= 500
    good = list(good_pages())
    for index, page in enumerate(good):
        shutil.copy(page, pages / f"good_{index:02d}_{page.name}")
    rejects = tmp_path / "rejects.jsonl"
    result = run_scrapy("crawl", "replay", "-a", f"path={pages}", "-a", f"rejects={rejects}",
                        "-s", f"NEWSBOT_OUTPUT_DIR={tmp_path / 'out'}", timeout=600)
    log = result.stderr
    assert "Traceback" not in log
    assert stat(log, "newsbot/replay/rejected/extraction_error") is None  # no unexpected exception
    written = [r for f in jsonl_files(tmp_path / "out") for r in read_jsonl(f)]
    assert sorted(r["source_path"].rsplit("/", 1)[-1] for r in written) == \
        sorted(f"good_{i:02d}_{p.name}" for i, p in enumerate(good))
    rejected = [json.loads(line) for line in rejects.read_text(encoding="utf-8").splitlines()]
    names = [r["path"].rsplit("/", 1)[-1] for r in rejected]
    assert len(names) == len(set(names)) == bad_total  # every bad file: exactly one reason
    assert all(r["reason"] and r["message"] for r in rejected)
    assert not any(name.startswith("good_") for name in names)
    assert stat(log, "newsbot/replay/files") == bad_total + len(good)
