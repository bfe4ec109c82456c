"""JSON Schema of the record (``newsbot/schema/newsarticle.schema.json``) and a pipeline that enforces it.

The schema documents every field with its schema.org NewsArticle and
zyte-common-items counterpart (``x-schema-org``, ``x-zyte-common-items``).
Validation uses the ``jsonschema`` library (Draft 2020-12); dates are
checked by pattern (ISO 8601 with a UTC offset), since ``format`` is an
annotation unless optional format checkers are installed.
"""

from __future__ import annotations

import json
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path

from scrapy.exceptions import DropItem, NotConfigured

from newsbot.serialize import item_record

SCHEMA_PATH = Path(__file__).resolve().parents[1] / "schema" / "newsarticle.schema.json"


@lru_cache(maxsize=1)
def load_schema() -> dict:
    """The record schema as a dict (read once)."""
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def validator():
    """A ``jsonschema.Draft202012Validator`` of the schema (jsonschema is imported on first use:
    every crawl loads this module for the pipeline, few turn validation on)."""
    from jsonschema import Draft202012Validator

    schema = load_schema()
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


def json_record(item) -> dict:
    """*item* (a :class:`~newsbot.items.NewsArticle` or a dict) as its JSON form (dates as ISO strings)."""
    record = item_record(item) if not isinstance(item, dict) else dict(item)
    for key, value in record.items():
        if isinstance(value, (datetime, date)):
            record[key] = value.isoformat()
    return record


def schema_errors(item) -> list[str]:
    """One line per schema violation of *item*, e.g. ``"lead: '' is too short"``; empty when valid."""
    errors = []
    for error in sorted(validator().iter_errors(json_record(item)), key=lambda e: list(e.path)):
        where = "/".join(str(p) for p in error.path) or "(record)"
        errors.append(f"{where}: {error.message[:200]}")
    return errors


def error_slug(line: str) -> str:
    """``invalid_<field>`` for a :func:`schema_errors` line (the stats key part)."""
    field = line.split(":", 1)[0].split("/", 1)[0]
    return "invalid_" + ("record" if field.startswith("(") else field)


class SchemaValidationPipeline:
    """With ``NEWSBOT_VALIDATE=True``: drop an item that breaks the schema, naming the reasons.

    Counted as ``newsbot/dropped/invalid_<field>`` and logged by Scrapy's
    drop message (``DropItem`` text lists every violation).  Off by default.
    """

    def __init__(self, stats):
        self.stats = stats
        self.validate = validator().iter_errors

    @classmethod
    def from_crawler(cls, crawler):
        if not crawler.settings.getbool("NEWSBOT_VALIDATE"):
            raise NotConfigured
        return cls(crawler.stats)

    def process_item(self, item):
        if next(self.validate(json_record(item)), None) is None:
            return item
        errors = schema_errors(item)
        for slug in dict.fromkeys(error_slug(line) for line in errors):
            self.stats.inc_value(f"newsbot/dropped/{slug}")
        where = getattr(item, "source_path", None) or getattr(item, "url", None)
        raise DropItem(f"schema: {'; '.join(errors)} in {where}")
