"""Relative dates shown by news pages («۴ ساعت پیش», «5 minutes ago», «دیروز ۱۰:۳۰»).

Split out of :mod:`newsbot.core.jalali` (which re-exports :func:`parse_relative`).
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone

from newsbot.core.jalali import _L, DateParseError, _prepare

__all__ = ["parse_relative"]

_NUMBER_WORDS = {
    w: n for n, w in enumerate("یک دو سه چهار پنج شش هفت هشت نه ده".split(), 1)
} | {"a": 1, "an": 1, "one": 1, "یه": 1}
_UNITS = {
    "ثانیه": "seconds", "دقیقه": "minutes", "ساعت": "hours", "روز": "days", "هفته": "weeks",
    "sec": "seconds", "second": "seconds", "min": "minutes", "minute": "minutes",
    "hr": "hours", "hour": "hours", "day": "days", "week": "weeks",
}
_VAGUE_UNITS = {"ماه", "سال", "month", "year"}
_REL_NOW = re.compile(
    r"(?:لحظاتی|دقایقی|چند لحظه|همین الان|هم اکنون|اکنون|الان) ?(?:پیش|قبل)?"
    r"|just now|now|(?:a few|few) (?:seconds|moments) ago|(?:a )?moments? ago",
    re.I,
)
_REL_PART = re.compile(rf"([0-9]{{1,6}}|[{_L}]+|an?|one) ?([{_L}]+|[a-z]+?)s?", re.I)
_REL_SPLIT = re.compile(r" و | and |, ?", re.I)
_REL_SUFFIX = re.compile(r" ?(?:پیش|قبل)| ago", re.I)
_REL_DAY = re.compile(
    r"(دیروز|امروز|yesterday|today),?(?: ساعت| at)? ([0-9]{1,2}):([0-9]{2})", re.I
)


def parse_relative(text: str, *, now: datetime) -> datetime:
    """Resolve a relative time («۴ ساعت پیش», «5 minutes ago», «دیروز ۱۰:۳۰») against *now*.

    Amounts are elapsed time (computed in UTC, so DST changes do not shift
    them); «لحظاتی/دقایقی پیش» and «just now» mean *now*; «دیروز/امروز HH:MM»
    is a wall-clock time on that local day (fold=0). Months and years are too
    vague and rejected. The result is in ``now.tzinfo``.
    """
    if now.tzinfo is None or now.utcoffset() is None:
        raise ValueError("parse_relative needs a timezone-aware 'now'")
    src, s = _prepare(text)
    if len(s) > 80:
        raise DateParseError(f"not a relative date: {src}")
    if _REL_NOW.fullmatch(s):
        return now
    m = _REL_DAY.fullmatch(s)
    if m:
        hour, minute = int(m.group(2)), int(m.group(3))
        if hour > 23 or minute > 59:
            raise DateParseError(f"time out of range in {src}")
        day = now.date() - timedelta(days=1 if m.group(1).lower() in ("دیروز", "yesterday") else 0)
        return datetime(day.year, day.month, day.day, hour, minute, tzinfo=now.tzinfo)
    suffix = _REL_SUFFIX.search(s)
    if not suffix or suffix.end() != len(s) or suffix.start() == 0:
        raise DateParseError(f"not a relative date: {src}")
    delta = timedelta()
    for part in _REL_SPLIT.split(s[: suffix.start()]):
        pm = _REL_PART.fullmatch(part)
        if not pm:
            raise DateParseError(f"not a relative date: {src}")
        amount, unit = pm.group(1).lower(), pm.group(2).lower()
        if unit in _VAGUE_UNITS:
            raise DateParseError(f"unit {unit!r} is too vague in {src}")
        if unit not in _UNITS or not (amount.isdigit() or amount in _NUMBER_WORDS):
            raise DateParseError(f"not a relative date: {src}")
        count = int(amount) if amount.isdigit() else _NUMBER_WORDS[amount]
        delta += timedelta(**{_UNITS[unit]: count})
    try:
        return (now.astimezone(timezone.utc) - delta).astimezone(now.tzinfo)
    except OverflowError:
        raise DateParseError(f"relative time out of range: {src}") from None
