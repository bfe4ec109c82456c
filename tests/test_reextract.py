"""Re-extraction with the real ``scrapy crawl replay``: records updated in place, feeds get every item."""

from __future__ import annotations

import shutil

import pytest

from tests.conftest import FIXTURES
from tests.scrapy_run import jsonl_files, read_jsonl, run_scrapy

OLD, NEW = "بازنده اخلاقی و سیاسی", "بازنده سیاسی و اخلاقی"


def replay(pages, out, feed):
    return run_scrapy("crawl", "replay", "-a", f"path={pages}", "-s", f"NEWSBOT_OUTPUT_DIR={out}",
                      "-s", f"NEWSBOT_SEEN_PATH={out.parent / 'state' / 'seen.sqlite3'}",
                      "-O", str(feed))


@pytest.mark.e2e
def test_replay_after_a_page_changed_updates_its_record_without_duplicate(tmp_path):
    pages, out = tmp_path / "pages", tmp_path / "out"
    pages.mkdir()
    shutil.copy(FIXTURES / "asrpress" / "36482.html", pages / "asrpress.html")
    shutil.copy(FIXTURES / "farsnews" / "14020611000345.html", pages / "farsnews.html")
    first = replay(pages, out, tmp_path / "a.jsonl")
    assert "articles: new 2, updated 0, unchanged 0" in first.stderr
    before = {f.relative_to(out).as_posix(): f.read_bytes() for f in jsonl_files(out)}

    page = pages / "asrpress.html"
    page.write_bytes(page.read_bytes().replace(OLD.encode(), NEW.encode()))
    second = replay(pages, out, tmp_path / "b.jsonl")
    assert "articles: new 0, updated 1, unchanged 1" in second.stderr
    assert "exit status: 0" in second.stderr
    assert len(read_jsonl(tmp_path / "b.jsonl")) == 2  # -O gets every extracted item, always
    files = jsonl_files(out)
    assert [f.relative_to(out).as_posix() for f in files] == sorted(before)
    (record,) = read_jsonl(out / "asrpress" / "2023-12-20.jsonl")  # replaced, not added
    assert record["news_code"] == "36482" and NEW in record["title"] and OLD not in record["title"]
    other = [f for f in files if f.parent.name == "farsnews"][0]
    assert other.read_bytes() == before[other.relative_to(out).as_posix()]  # unchanged: not rewritten

    third = replay(pages, out, tmp_path / "c.jsonl")
    assert "articles: new 0, updated 0, unchanged 2" in third.stderr
    assert len(read_jsonl(tmp_path / "c.jsonl")) == 2
    assert not [p for p in (out / "asrpress").iterdir() if p.suffix != ".jsonl"]  # no temporary files
