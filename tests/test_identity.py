"""The article identity key: one definition for dedupe, the seen-store and the writer."""

from __future__ import annotations

import json
from datetime import datetime
from zoneinfo import ZoneInfo

from scrapy.exceptions import DropItem
from scrapy.statscollectors import MemoryStatsCollector
from scrapy.utils.test import get_crawler

from newsbot.core.identity import article_id, article_key, lookup_keys
from newsbot.items import NewsArticle
from newsbot.pipelines.dedupe import DedupePipeline
from newsbot.pipelines.jsonl import JsonLinesPipeline
from newsbot.serialize import to_json_line

WHEN = datetime(2020, 5, 10, 18, 59, tzinfo=ZoneInfo("Asia/Tehran"))


def test_code_then_canonical_then_url_then_content_hash():
    assert article_id("36482", "https://a/x", "https://a/y", "t", "b") == "code:36482"
    assert article_id(None, "https://a/x", "https://a/y", "t", "b") == "url:https://a/x"
    assert article_id("", None, "https://a/y", "t", "b") == "url:https://a/y"
    # BLAKE2b-128 of "عنوان" NUL "متن" (UTF-8), checked with hashlib by hand.
    assert article_id(None, None, None, "عنوان", "متن") == "hash:bf9404d42eb2d32815fe71adda3ffc5b"


def test_pages_without_url_or_code_do_not_collide_unless_equal():
    one = NewsArticle(site="tabnak", title="خبر یک", body="متن یک")
    two = NewsArticle(site="tabnak", title="خبر دو", body="متن یک")
    same = NewsArticle(site="tabnak", title="خبر یک", body="متن یک")
    assert article_key(one) != article_key(two)
    assert article_key(one) == article_key(same)
    assert article_key(one) != article_key(NewsArticle(site="isna", title="خبر یک", body="متن یک"))


def test_item_and_record_read_back_from_output_have_the_same_key():
    item = NewsArticle(site="tabnak", title="خبر", body="متن", published_at=WHEN)
    record = json.loads(to_json_line(item))
    assert record["url"] is None and article_key(record) == article_key(item)


def test_lookup_keys_identity_first_then_url_aliases():
    item = NewsArticle(site="s", news_code="7", canonical_url="https://a/7", url="https://a/7?x")
    assert lookup_keys(item) == ["code:7", "url:https://a/7", "url:https://a/7?x"]
    assert lookup_keys(NewsArticle(canonical_url="https://a/7", url="https://a/7")) == ["url:https://a/7"]


def test_dedupe_and_writer_keep_two_url_less_pages_apart(tmp_path):
    stats = MemoryStatsCollector(get_crawler())
    dedupe = DedupePipeline(stats)
    writer = JsonLinesPipeline(str(tmp_path), "{site}/{date}.jsonl", False, stats)
    pages = [NewsArticle(site="tabnak", title=f"خبر {i}", body="متن", published_at=WHEN) for i in (1, 2)]
    for page in pages:
        writer.process_item(dedupe.process_item(page))
    try:
        dedupe.process_item(NewsArticle(site="tabnak", title="خبر 1", body="متن", published_at=WHEN))
        raise AssertionError("the same url-less page twice was not dropped")
    except DropItem as exc:
        assert "hash:" in str(exc)
    writer.close_spider()
    lines = (tmp_path / "tabnak" / "2020-05-10.jsonl").read_text(encoding="utf-8").splitlines()
    assert [json.loads(line)["title"] for line in lines] == ["خبر 1", "خبر 2"]
