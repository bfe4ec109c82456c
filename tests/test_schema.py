"""The record's JSON Schema: documented, true of every replayed record, enforced with NEWSBOT_VALIDATE."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timezone

import pytest
from jsonschema import Draft202012Validator
from scrapy.exceptions import DropItem, NotConfigured
from scrapy.utils.test import get_crawler

from newsbot.items import FIELD_NAMES, NewsArticle
from newsbot.monitor.schema import SchemaValidationPipeline, load_schema, schema_errors
from tests.conftest import FIXTURES, shared_path
from tests.scrapy_run import jsonl_files, read_jsonl, run_scrapy

GOOD = NewsArticle(site="isna", url="https://www.isna.ir/news/1/x", canonical_url="https://www.isna.ir/news/1/x",
                   news_code="1", title="عنوان", lead="لید", body="متن", category="سیاسی", tags=["الف"],
                   published_at=datetime(2024, 3, 1, 10, 0, tzinfo=timezone.utc), language="fa",
                   crawled_at=datetime(2024, 3, 2, tzinfo=timezone.utc))


def test_schema_is_valid_and_documents_every_field_in_record_order():
    schema = load_schema()
    Draft202012Validator.check_schema(schema)
    assert list(schema["properties"]) == list(FIELD_NAMES) == schema["required"]
    for name, spec in schema["properties"].items():
        assert spec["description"], name
        assert "x-schema-org" in spec and "x-zyte-common-items" in spec, name
    assert schema["properties"]["title"]["x-schema-org"] == "headline"
    assert schema["properties"]["body"]["x-zyte-common-items"] == "articleBody"


def test_schema_errors_name_the_field():
    assert schema_errors(GOOD) == []
    assert schema_errors(replace(GOOD, lead="")) == ["lead: '' should be non-empty"]
    naive = replace(GOOD, published_at=datetime(2024, 3, 1, 10, 0))
    assert [e.split(":")[0] for e in schema_errors(naive)] == ["published_at"]
    assert [e.split(":")[0] for e in schema_errors(replace(GOOD, images=["/rel.jpg"], body=None))] == [
        "body", "images/0"]


def test_pipeline_drops_invalid_items_with_the_reason():
    with pytest.raises(NotConfigured):
        SchemaValidationPipeline.from_crawler(get_crawler())
    crawler = get_crawler(settings_dict={"NEWSBOT_VALIDATE": True})
    crawler.stats.open_spider()
    pipeline = SchemaValidationPipeline.from_crawler(crawler)
    assert pipeline.process_item(GOOD) is GOOD
    with pytest.raises(DropItem, match=r"schema: lead: '' should be non-empty; tags/0: '' .*https://www.isna.ir"):
        pipeline.process_item(replace(GOOD, lead="", tags=[""]))
    assert crawler.stats.get_value("newsbot/dropped/invalid_lead") == 1
    assert crawler.stats.get_value("newsbot/dropped/invalid_tags") == 1


@pytest.mark.e2e
@pytest.mark.parametrize(("pages", "count"), [("real-pages", 9), ("fixtures", 4)])
def test_every_replayed_record_is_valid(pages, count, tmp_path):
    path = shared_path("real-pages") if pages == "real-pages" else FIXTURES
    result = run_scrapy("crawl", "replay", "-a", f"path={path}", "-s", f"NEWSBOT_OUTPUT_DIR={tmp_path}",
                        "-s", "NEWSBOT_VALIDATE=True")
    records = _records(tmp_path)
    assert len(records) == count
    assert "invalid_" not in result.stderr
    validator = Draft202012Validator(load_schema())
    for record in records:
        assert list(validator.iter_errors(record)) == [], record.get("source_path")


def _records(directory):
    return [r for f in jsonl_files(directory) for r in read_jsonl(f)]
