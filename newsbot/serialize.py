"""Item → JSON line (UTF-8, no ``\\u`` escapes, declaration order, ISO 8601 dates)."""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import Any

from itemadapter import ItemAdapter


def _default(value: Any) -> Any:
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    raise TypeError(f"cannot serialize {type(value).__name__}")


def to_json_line(item: Any) -> bytes:
    """One JSON object with a trailing newline, as UTF-8 bytes."""
    record = ItemAdapter(item).asdict()
    return (json.dumps(record, ensure_ascii=False, default=_default) + "\n").encode("utf-8")
