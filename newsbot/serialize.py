"""Item → JSON line (UTF-8, no ``\\u`` escapes, declaration order, ISO 8601 dates)."""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import Any

from itemadapter import ItemAdapter

from newsbot.items import FIELD_NAMES, NewsArticle


def _default(value: Any) -> Any:
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    raise TypeError(f"cannot serialize {type(value).__name__}")


def item_record(item: Any) -> dict:
    """The item as a plain dict in field order (a :class:`NewsArticle` is read
    field by field: its values are strings, lists of strings and datetimes)."""
    if type(item) is NewsArticle:
        return {name: getattr(item, name) for name in FIELD_NAMES}
    return ItemAdapter(item).asdict()


def to_json_line(item: Any) -> bytes:
    """One JSON object with a trailing newline, as UTF-8 bytes."""
    return (json.dumps(item_record(item), ensure_ascii=False, default=_default) + "\n").encode("utf-8")
