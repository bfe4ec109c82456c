"""Choosing ``published_at``: the visible date, cross-checked with machine dates.

The visible date is what the site shows its readers, so it wins.  Machine
values (JSON-LD ``datePublished``, ``article:published_time``,
``time[datetime]``) may be UTC, offset-less or even Jalali; each is parsed
by :func:`parse_machine_datetime` in the site's time zone.

* visible date with a time → used; a machine value more than a minute away
  is counted as ``newsbot/date/machine_disagrees``.
* visible date without a time (Pangea: «جدی ۰۳, ۱۴۰۳») → the first machine
  value on the same local day gives the time; none → local midnight.
* no visible date → the first machine value that parses.
* a relative visible date («۴ ساعت پیش», «4 hours ago») → the page's own
  machine timestamp when it has one (exact), else the crawl time minus the
  amount (*now*, the moment the page was extracted), counted as
  ``newsbot/date/relative``.
"""

from __future__ import annotations

import logging
from datetime import datetime
from zoneinfo import ZoneInfo

from newsbot.core.jalali import DateParseError, parse_jalali, parse_machine_datetime, parse_relative

logger = logging.getLogger(__name__)
TOLERANCE_SECONDS = 60


def parse_machine_values(values: list[str], tz: ZoneInfo, *, url: str = "", stats=None) -> list[datetime]:
    """Every machine value that parses, in order; failures are counted."""
    parsed = []
    for value in values:
        try:
            parsed.append(parse_machine_datetime(value, tz=tz))
        except DateParseError as exc:
            logger.debug("unparseable machine date on %s: %s", url, exc)
            _inc(stats, "newsbot/date/machine_unparseable")
    return parsed


def resolve_published(
    raw: str | None, machine: list[str], tz_name: str, *, url: str = "", stats=None,
    now: datetime | None = None,
) -> datetime | None:
    """The publish instant, or ``None`` (with a log line and a stat) when nothing parses."""
    tz = ZoneInfo(tz_name)
    visible = None
    candidates = parse_machine_values(machine, tz, url=url, stats=stats)
    if raw:
        try:
            visible = parse_jalali(raw, tz=tz)
        except DateParseError as exc:
            relative = _relative(raw, now, tz)
            if relative is not None:
                _inc(stats, "newsbot/date/relative")
                return candidates[0] if candidates else relative
            logger.warning("unparseable visible date on %s: %s", url, exc)
            _inc(stats, "newsbot/date/visible_unparseable")
    if visible is None:
        if candidates:
            _inc(stats, "newsbot/date/from_machine")
        return candidates[0] if candidates else None
    if visible.has_time:
        if candidates and abs((candidates[0] - visible.value).total_seconds()) >= TOLERANCE_SECONDS:
            logger.info("machine date %s disagrees with visible %r on %s; visible wins",
                        candidates[0].isoformat(), raw, url)
            _inc(stats, "newsbot/date/machine_disagrees")
        return visible.value
    for candidate in candidates:
        if candidate.astimezone(tz).date() == visible.value.date():
            return candidate.astimezone(tz)
    if candidates:
        _inc(stats, "newsbot/date/machine_disagrees")
    return visible.value


def _relative(raw: str, now: datetime | None, tz: ZoneInfo) -> datetime | None:
    try:
        return parse_relative(raw, now=(now or datetime.now(tz)).astimezone(tz))
    except (DateParseError, ValueError):
        return None


def _inc(stats, key: str) -> None:
    if stats is not None:
        stats.inc_value(key)
