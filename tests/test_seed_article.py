"""The seed article (Asr Press 36482) from our HTML rendering and from the text dump."""

from __future__ import annotations

import json

import pytest

from newsbot.extract.replay import extract_file
from newsbot.pipelines.normalize import NormalizePipeline
from newsbot.serialize import to_json_line
from tests.conftest import FIXTURES
from tests.scrapy_run import jsonl_files, read_jsonl, run_scrapy

EXPECTED = json.loads((FIXTURES / "asrpress" / "36482.expected.json").read_text(encoding="utf-8"))
SOURCES = {"html": FIXTURES / "asrpress" / "36482.html", "txt": FIXTURES / "asrpress" / "36482.txt"}
SEED_WORDS = ("تلاش‌های", "گسترده‌ای", "منطقه‌ای", "مشورت‌های", "آماده‌ایم", "گفت‌وگو", "بین‌المللی", "میدانی")


def check_record(record: dict, kind: str) -> None:
    expected = dict(EXPECTED["fields"], **EXPECTED[f"{kind}_fields"])
    assert {key: record[key] for key in expected} == expected
    assert record["lead"].startswith(EXPECTED["lead_starts_with"])
    assert record["lead"].endswith(EXPECTED["lead_ends_with"])
    body = record["body"]
    assert body.startswith(EXPECTED["body_starts_with"])
    assert body.endswith(EXPECTED["body_ends_with"])
    paragraphs = body.split("\n")
    assert len(paragraphs) == EXPECTED["body_paragraphs"]
    assert all(p.strip() == p and p for p in paragraphs)
    assert EXPECTED["body_last_paragraph_contains"] in paragraphs[-1]
    assert record["title"] not in body
    for junk in EXPECTED["absent_everywhere"]:
        assert junk not in json.dumps(record, ensure_ascii=False)
    assert record["source_path"].endswith(SOURCES[kind].name)


@pytest.mark.parametrize("kind", sorted(SOURCES))
def test_extract_and_normalize(kind):
    item = extract_file(SOURCES[kind])
    item = NormalizePipeline().process_item(item)
    check_record(json.loads(to_json_line(item)), kind)


@pytest.mark.parametrize("kind", sorted(SOURCES))
def test_seed_body_has_repaired_half_spaces(kind):
    item = NormalizePipeline().process_item(extract_file(SOURCES[kind]))
    for word in SEED_WORDS:
        assert word in item.body, word


@pytest.mark.e2e
@pytest.mark.parametrize("kind", sorted(SOURCES))
def test_replay_command_writes_jsonl(kind, tmp_path):
    """``scrapy crawl replay`` writes output/<site>/<date>.jsonl and ``-O`` works too."""
    out = tmp_path / "out"
    feed = tmp_path / "feed.jsonl"
    run_scrapy("crawl", "replay", "-a", f"path={SOURCES[kind]}",
               "-s", f"NEWSBOT_OUTPUT_DIR={out}", "-O", str(feed))
    files = jsonl_files(out)
    assert [f.relative_to(out).as_posix() for f in files] == ["asrpress/2023-12-20.jsonl"]
    (record,) = read_jsonl(files[0])
    check_record(record, kind)
    (exported,) = read_jsonl(feed)
    assert exported["body"] == record["body"]
    assert exported["published_at"] == "2023-12-20T08:17:00+03:30"
