"""Machine-readable dates (JSON-LD, ``<meta>``, ``time[datetime]``, RSS, sitemaps).

Split out of :mod:`newsbot.core.jalali` (which re-exports
:func:`parse_machine_datetime`); values that are not ISO 8601 or RFC 2822 go
to :func:`newsbot.core.jalali.parse_jalali`.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta, timezone, tzinfo
from email.utils import parsedate_to_datetime

import jdatetime

from newsbot.core.jalali import (
    TEHRAN, DateParseError, _check_ymd, _prepare, parse_jalali, start_of_next_day,
)

__all__ = ["parse_machine_datetime"]

_ISO = re.compile(
    r"([0-9]{4})-([0-9]{2})-([0-9]{2})"
    r"(?:[T ]([0-9]{2}):([0-9]{2})(?::([0-9]{2})(?:[.,]([0-9]{1,9}))?)?)?"
    r" ?(Z|[+-][0-9]{2}(?::?[0-9]{2})?)?",
    re.I,
)
_RFC2822 = re.compile(
    r"(?:[A-Za-z]{3}, ?)?[0-9]{1,2} [A-Za-z]{3} [0-9]{4} [0-9]{2}:[0-9]{2}(?::[0-9]{2})?"
    r" (?:[+-][0-9]{4}|GMT|UTC?|Z|[ECMP][SD]T)"
)


def _offset(code: str) -> timezone:
    if code.upper() == "Z":
        return timezone.utc
    digits = code[1:].replace(":", "")
    hours, minutes = int(digits[:2]), int(digits[2:] or 0)
    if hours > 23 or minutes > 59:
        raise ValueError(f"bad UTC offset {code!r}")
    delta = timedelta(hours=hours, minutes=minutes)
    return timezone(-delta if code[0] == "-" else delta)


def parse_machine_datetime(value: str, *, tz: tzinfo = TEHRAN) -> datetime:
    """Parse a machine-readable date (JSON-LD, meta, ``time[datetime]``, RSS) into *tz*.

    ISO 8601 with ``Z``/offset keeps the instant (converted with ``astimezone``);
    ISO without offset is local time in *tz*; ``T24:00[:00]`` is the start of
    the next day; an ISO value with year < 1700 is
    Jalali (``1402-09-29T08:17:00``); RFC 2822 (RSS ``pubDate``) is accepted;
    anything else goes to :func:`parse_jalali` (``۱۳۹۹/۰۲/۲۱ - ۱۸:۵۹``).
    """
    src, s = _prepare(value)
    m = _ISO.fullmatch(s)
    if m:
        y, mo, d, hh, mi, ss, frac, off = m.groups()
        hour, minute, second = int(hh or 0), int(mi or 0), int(ss or 0)
        micro = int((frac or "0").ljust(6, "0")[:6])
        if int(y) < 1700:
            year, month, day = _check_ymd(y, mo, d, src)
            g = jdatetime.date(year, month, day).togregorian()
            y, mo, d = g.year, g.month, g.day
        try:
            if hour == 24 and minute == second == micro == 0:  # ISO 8601 end of day
                day = date(int(y), int(mo), int(d))
                result = (datetime.combine(day, time(), _offset(off)) + timedelta(days=1)
                          if off else start_of_next_day(day, tz))
            else:
                result = datetime(int(y), int(mo), int(d), hour, minute, second, micro,
                                  tzinfo=_offset(off) if off else tz)
        except ValueError as exc:
            raise DateParseError(f"invalid date/time {src}: {exc}") from None
        return result.astimezone(tz) if off else result
    if _RFC2822.fullmatch(s):
        try:
            result = parsedate_to_datetime(s)
        except (TypeError, ValueError) as exc:
            raise DateParseError(f"invalid RFC 2822 date {src}: {exc}") from None
        if result.tzinfo is None:  # "-0000": UTC, local zone unknown
            result = result.replace(tzinfo=timezone.utc)
        return result.astimezone(tz)
    return parse_jalali(value, tz=tz).value


