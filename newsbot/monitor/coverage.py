"""Per-site field coverage of one run (framework-free: no Scrapy import).

A field is *filled* when its value is not ``None``, not an empty or blank
string and not an empty list.  Fill rates are over every item extracted
for the site in the run: written ones and dropped ones (a body that stopped
matching makes items fail validation: they must count, or the fill rate
of what is left would stay 100%).
"""

from __future__ import annotations

from collections import Counter
from datetime import datetime

from newsbot.items import FIELD_NAMES

#: Fields whose fill rate is recorded: every record field except bookkeeping
#: that newsbot itself sets on every item.
MONITORED_FIELDS: tuple[str, ...] = tuple(
    name for name in FIELD_NAMES if name not in ("site", "url", "crawled_at", "source_path", "language"))

#: Parser stats key prefix: ``parser/<field>/css/<selector>`` (1 per page the selector filled
#: the field, 0 when tried and missed) and ``parser/body/heuristic``.
PARSER_PREFIX = "parser/"


def filled(value) -> bool:
    """True for a non-blank string, a non-empty list, any other non-None value."""
    if value is None:
        return False
    if isinstance(value, str):
        return bool(value.strip())
    if isinstance(value, (list, tuple, dict)):
        return bool(value)
    return True


class SiteCoverage:
    """Counters for one site: items seen and written, fills, drops, publish days."""

    __slots__ = ("site", "seen", "written", "fills", "dropped", "days")

    def __init__(self, site: str):
        self.site = site
        self.seen = self.written = 0
        self.fills: Counter[str] = Counter()
        self.dropped: Counter[str] = Counter()
        self.days: Counter[str] = Counter()

    def observe(self, record) -> None:
        """Count the filled fields of one extracted item (a :class:`NewsArticle` or a dict)."""
        self.seen += 1
        get = record.get if isinstance(record, dict) else (lambda name: getattr(record, name, None))
        fills = self.fills
        for name in MONITORED_FIELDS:
            if filled(get(name)):
                fills[name] += 1

    def written_item(self, record) -> None:
        self.written += 1
        get = record.get if isinstance(record, dict) else (lambda name: getattr(record, name, None))
        published = get("published_at")
        if isinstance(published, datetime):
            self.days[published.date().isoformat()] += 1
        elif isinstance(published, str) and len(published) >= 10:
            self.days[published[:10]] += 1
        else:
            self.days["undated"] += 1

    def fill_rates(self) -> dict[str, float]:
        if not self.seen:
            return {}
        return {name: round(self.fills[name] / self.seen, 4) for name in MONITORED_FIELDS}


def parser_selectors(stats: dict, allowed: dict[str, set[str]] | None = None) -> dict[str, dict[str, int]]:
    """``{field: {selector: pages it filled the field}}`` from parser stats.

    *allowed* (``{field: selectors}``) keeps only a site's own selectors (a
    run over several sites shares the counters); ``None`` keeps all.
    """
    result: dict[str, dict[str, int]] = {}
    for key, value in stats.items():
        if not key.startswith(PARSER_PREFIX) or not isinstance(value, int):
            continue
        parts = key[len(PARSER_PREFIX):].split("/", 2)
        if len(parts) == 3 and parts[1] == "css":
            name, selector = parts[0], parts[2]
        elif len(parts) == 2:
            name, selector = parts
        else:
            continue
        if allowed is not None and selector not in allowed.get(name, ()):
            continue
        result.setdefault(name, {})[selector] = value
    return result


def stats_with_prefix(stats: dict, prefix: str) -> dict[str, int]:
    """``{rest of key: value}`` of the integer stats whose key starts with *prefix*."""
    return {key[len(prefix):]: value for key, value in stats.items()
            if key.startswith(prefix) and isinstance(value, int)}


def build_row(coverage: SiteCoverage, *, run_id: str, spider: str, started_at: str, finished_at: str,
              finish_reason: str, walls: dict[str, int], selectors: dict, selectors_exact: bool,
              links_known: int | None) -> dict:
    """The stored row of one site for one run (shape documented in :mod:`newsbot.monitor`)."""
    return {
        "run_id": run_id, "spider": spider, "site": coverage.site,
        "started_at": started_at, "finished_at": finished_at, "finish_reason": finish_reason,
        "items_seen": coverage.seen, "items_written": coverage.written,
        "dropped": dict(sorted(coverage.dropped.items())), "walls": dict(sorted(walls.items())),
        "fill": coverage.fill_rates(), "selectors": selectors, "selectors_exact": selectors_exact,
        "days": dict(sorted(coverage.days.items())), "links_known": links_known, "drifts": [],
    }
