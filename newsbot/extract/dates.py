"""Choosing ``published_at``: the visible date first, machine dates second."""

from __future__ import annotations

import logging
from datetime import datetime
from zoneinfo import ZoneInfo

from newsbot.core.jalali import DateParseError, parse_jalali, parse_machine_datetime

logger = logging.getLogger(__name__)


def resolve_published(
    raw: str | None, machine: list[str], tz_name: str, *, url: str = "", stats=None
) -> datetime | None:
    """Return the publish instant from the visible *raw* date or *machine* values.

    The visible date is what the site shows its readers, so it wins; a
    machine-readable value (JSON-LD, ``article:published_time``,
    ``time[datetime]``) is used when there is no visible date or it has no
    time of day.  ``None`` (with a log line and a stat) when nothing parses.
    """
    tz = ZoneInfo(tz_name)
    visible = None
    if raw:
        try:
            visible = parse_jalali(raw, tz=tz)
        except DateParseError as exc:
            logger.warning("unparseable visible date on %s: %s", url, exc)
            _inc(stats, "newsbot/date/visible_unparseable")
    if visible is not None and visible.has_time:
        return visible.value
    for value in machine:
        try:
            return parse_machine_datetime(value, tz=tz)
        except DateParseError as exc:
            logger.debug("unparseable machine date on %s: %s", url, exc)
            _inc(stats, "newsbot/date/machine_unparseable")
    return visible.value if visible is not None else None


def _inc(stats, key: str) -> None:
    if stats is not None:
        stats.inc_value(key)
