"""JSON Lines writer: one whole line per item, crash repair, path safety."""

from __future__ import annotations

import errno
import json
import os
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from scrapy.statscollectors import MemoryStatsCollector
from scrapy.utils.test import get_crawler

from newsbot.items import FIELD_NAMES, NewsArticle
from newsbot.exitcodes import STAT_EXIT_CODE
from newsbot.pipelines.jsonl import JsonLinesPipeline, WriteFailed, repair_tail

TEHRAN = ZoneInfo("Asia/Tehran")


def make_pipeline(tmp_path, template="{site}/{date}.jsonl"):
    return JsonLinesPipeline(str(tmp_path), template, False, MemoryStatsCollector(get_crawler()))


def article(code="1", when=datetime(2020, 5, 10, 18, 59, tzinfo=TEHRAN), site="yjc"):
    return NewsArticle(site=site, news_code=code, title="عنوان", body="متن", published_at=when)


def test_writes_declaration_order_utf8_by_local_publish_date(tmp_path):
    pipeline = make_pipeline(tmp_path)
    pipeline.process_item(article("1"))
    # 00:20 Tehran on 30 May 2019 is still 29 May in UTC: the file is named by the local date.
    pipeline.process_item(article("2", datetime(2019, 5, 30, 0, 20, tzinfo=TEHRAN)))
    pipeline.close_spider()
    first = (tmp_path / "yjc" / "2020-05-10.jsonl").read_text(encoding="utf-8")
    record = json.loads(first)
    assert list(record) == list(FIELD_NAMES)
    assert record["published_at"] == "2020-05-10T18:59:00+04:30"
    assert "عنوان" in first and "\\u" not in first and first.endswith("\n") and first.count("\n") == 1
    assert (tmp_path / "yjc" / "2019-05-30.jsonl").exists()


def test_half_line_from_a_crash_is_cut_before_appending(tmp_path):
    path = tmp_path / "yjc" / "2020-05-10.jsonl"
    path.parent.mkdir()
    path.write_bytes(b'{"a": 1}\n{"site": "yjc", "tit')
    pipeline = make_pipeline(tmp_path)
    pipeline.process_item(article("7"))
    pipeline.close_spider()
    lines = path.read_text(encoding="utf-8").splitlines()
    assert json.loads(lines[0]) == {"a": 1}
    assert json.loads(lines[1])["news_code"] == "7" and len(lines) == 2
    assert pipeline.stats.get_value("newsbot/jsonl/repaired_tail") == 1


def test_repair_tail_cases(tmp_path):
    path = tmp_path / "f.jsonl"
    for content, expected, cut in [(b"", b"", False), (b"{}\n", b"{}\n", False),
                                   (b"{\"x", b"", True), (b"{}\n{}\n{\"", b"{}\n{}\n", True)]:
        path.write_bytes(content)
        assert repair_tail(path) is cut
        assert path.read_bytes() == expected


def test_output_path_cannot_escape_directory(tmp_path):
    pipeline = make_pipeline(tmp_path, template="../{site}/{date}.jsonl")
    with pytest.raises(ValueError, match="escapes"):
        pipeline.process_item(article())


def test_article_in_another_workers_file_is_not_written_again(tmp_path):
    other = JsonLinesPipeline(str(tmp_path), "{site}/{date}.{worker}.jsonl", False,
                              MemoryStatsCollector(get_crawler()), worker="killed")
    other.process_item(article("9"))
    other.close_spider()
    mine = JsonLinesPipeline(str(tmp_path), "{site}/{date}.{worker}.jsonl", False,
                             MemoryStatsCollector(get_crawler()), worker="w2")
    mine.process_item(article("9"))  # passed on (feeds, seen-store), not written again
    assert mine.stats.get_value("newsbot/jsonl/unchanged") == 1
    mine.process_item(article("10"))
    mine.close_spider()
    assert (tmp_path / "yjc" / "2020-05-10.w2.jsonl").read_text(encoding="utf-8").count("\n") == 1


def test_already_written_article_opens_no_file_and_names_the_file_holding_it(tmp_path, caplog):
    """The flaky-suite cause: the day file was created (empty) before the check."""
    other = JsonLinesPipeline(str(tmp_path), "{site}/{date}.{worker}.jsonl", False,
                              MemoryStatsCollector(get_crawler()), worker="killed")
    other.process_item(article("9"))
    other.close_spider()
    mine = JsonLinesPipeline(str(tmp_path), "{site}/{date}.{worker}.jsonl", False,
                             MemoryStatsCollector(get_crawler()), worker="w2")
    with caplog.at_level("DEBUG", logger="newsbot.pipelines.jsonl"):
        assert mine.process_item(article("9")).news_code == "9"
    mine.close_spider()
    assert sorted(p.name for p in (tmp_path / "yjc").iterdir()) == ["2020-05-10.killed.jsonl"]
    assert f"already in {tmp_path / 'yjc' / '2020-05-10.killed.jsonl'}: yjc code:9" in caplog.text


def full_disk_once(monkeypatch, pipeline, path):
    """os.write on *path*'s descriptor: the first call writes half and the
    second raises ENOSPC (a partial write, then the disk is full); later
    calls ("space freed") write normally.  Other descriptors are untouched."""
    real_write, calls = os.write, []

    def write(fd, data):
        if pipeline.fds.get(path) == fd and len(calls) < 2:
            calls.append(fd)
            if len(calls) == 1:
                return real_write(fd, bytes(data[:len(data) // 2]))
            raise OSError(errno.ENOSPC, "No space left on device")
        return real_write(fd, data)

    monkeypatch.setattr(os, "write", write)
    return calls


def test_disk_full_rolls_back_to_the_last_whole_line_and_the_next_run_writes_it(tmp_path, monkeypatch):
    path = tmp_path / "yjc" / "2020-05-10.jsonl"
    pipeline = make_pipeline(tmp_path)
    pipeline.process_item(article("1"))
    first = path.read_bytes()
    calls = full_disk_once(monkeypatch, pipeline, path)
    with pytest.raises(WriteFailed, match=f"not written to {path}: yjc code:2: No space left on device"):
        pipeline.process_item(article("2"))
    assert len(calls) == 2 and path.read_bytes() == first  # the half line is gone
    pipeline.process_item(article("3"))  # the run goes on
    pipeline.close_spider()
    stats = pipeline.stats
    assert stats.get_value("newsbot/jsonl/write_failed") == 1 and stats.get_value("newsbot/jsonl/new") == 2
    assert stats.get_value(STAT_EXIT_CODE) == 1
    rerun = make_pipeline(tmp_path)  # next run: the article was not recorded, so it comes again
    for code in ("1", "2", "3"):
        rerun.process_item(article(code))
    rerun.close_spider()
    lines = path.read_bytes().split(b"\n")
    assert lines[-1] == b"" and [json.loads(line)["news_code"] for line in lines[:-1]] == ["1", "3", "2"]
    assert rerun.stats.get_value("newsbot/jsonl/unchanged") == 2


def test_unwritable_output_folder_counts_the_item_as_not_written(tmp_path):
    (tmp_path / "yjc").write_text("a file where the site folder should be")
    pipeline = make_pipeline(tmp_path)
    with pytest.raises(WriteFailed, match="not written to .*yjc code:1"):
        pipeline.process_item(article("1"))
    assert pipeline.stats.get_value("newsbot/jsonl/write_failed") == 1
    assert pipeline.stats.get_value(STAT_EXIT_CODE) == 1
