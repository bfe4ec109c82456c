"""Jalali (solar hijri) date parsing for Persian and Dari news pages.

Input is normalised first: Persian and Arabic-Indic digits become ASCII,
Arabic ي/ى/ك become ی/ک, ZWNJ/ZWJ, bidi marks, tatweel and harakat are
removed, NBSP and other white space runs become one space, «،» becomes «,».

``parse_jalali`` accepts, anywhere in the string:

* a date with a month name, day first: ``۲۹ آذر ۱۴۰۲``, ``2 تير 1399``,
  ``۵ آذرماه ۱۴۰۲``, ``۱ امرداد ۱۴۰۰``; or month first: ``جدی ۰۳, ۱۴۰۳``.
  Dari months حمل ثور جوزا سرطان اسد سنبله میزان عقرب قوس جدی دلو حوت are
  months 1..12 of the same calendar;
* a numeric date ``1402/09/29``, ``1402-09-29`` or ``1402.09.29`` (year first);
* optionally one time before or after it: ``08:17``, ``12:09:08``, with
  ``ب.ظ``/``ب ظ``/``بعدازظهر``/``PM`` or ``ق.ظ``/``قبل‌ازظهر``/``AM``
  (``12:09 ب.ظ`` = 12:09, ``1:00 ب.ظ`` = 13:00, ``12:30 ق.ظ`` = 00:30);
* noise around them: weekdays, labels, «ساعت», ``/ - ,`` separators and a
  trailing Gregorian date (``- 20 December 2023``), which is ignored.

Years must have four digits (1300..1499); month, day (per jdatetime, so
30 Esfand only in leap years), hour 0..23 and minute/second 0..59 are
checked. Two different dates or times, or any invalid part, raise
``DateParseError``: a wrong date is never returned. Without a time the value
is local midnight and ``has_time`` is False.

Local times get ``tzinfo=ZoneInfo(...)`` (never a fixed offset) with
zoneinfo's default ``fold=0``: a nonexistent time in a spring-forward gap
(Tehran 2022-03-22 00:00-00:59, i.e. 1401/01/02) takes the offset in force
before the change (+03:30), and an ambiguous one in the autumn overlap
(Tehran 2022-09-21 23:00-23:59, i.e. 1401/06/30) takes the first, summer
offset (+04:30). Iran has had no DST since 2022-09-21.

All regexes are linear-time (runs are anchored by look-behinds), so long
garbage input fails fast.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone, tzinfo
from email.utils import parsedate_to_datetime
from zoneinfo import ZoneInfo

import jdatetime

from newsbot.core.digits import to_ascii_digits

__all__ = [
    "TEHRAN", "KABUL", "DateParseError", "ParsedDate", "normalize_date_text",
    "parse_jalali", "parse_jalali_datetime", "parse_machine_datetime", "parse_relative",
]

TEHRAN = ZoneInfo("Asia/Tehran")
KABUL = ZoneInfo("Asia/Kabul")
MIN_YEAR, MAX_YEAR = 1300, 1499


class DateParseError(ValueError):
    """A date string could not be parsed unambiguously; the message says why."""


@dataclass(frozen=True)
class ParsedDate:
    """An aware datetime and whether the source string carried a time of day."""

    value: datetime
    has_time: bool


_MONTHS = {
    name: number
    for names in (
        "فروردین اردیبهشت خرداد تیر مرداد شهریور مهر آبان آذر دی بهمن اسفند",
        "حمل ثور جوزا سرطان اسد سنبله میزان عقرب قوس جدی دلو حوت",
    )
    for number, name in enumerate(names.split(), 1)
}
_MONTHS.update({"امرداد": 5, "ابان": 8, "اذر": 9, "جوزاء": 3})

_CHAR_MAP = str.maketrans(
    {"ي": "ی", "ى": "ی", "ك": "ک", "،": ",", "\u00a0": " ", "\u202f": " "}
    | dict.fromkeys(
        [chr(c) for c in range(0x064B, 0x0660)]  # harakat
        + ["\u0640", "\u200b", "\u200c", "\u200d", "\u200e", "\u200f", "\ufeff"]
        + [chr(c) for c in range(0x202A, 0x202F)]
        + [chr(c) for c in range(0x2066, 0x206A)]
    )
)
_SPACES = re.compile(r"\s+")

_L = "\u0620-\u064a\u066e-\u06d5"  # Arabic-script letters (digits already ASCII)
_WORD = rf"(?<![{_L}])[{_L}]+"
# A time: a digit run followed by ':'-separated runs (validated in code).
_TIME = re.compile(r"(?<![0-9:])[0-9]+(?::[0-9]+)+")
_PM = re.compile(rf" ?(?:ب ?\. ?ظ\.?|ب ظ|بعد ?از ?ظهر|p\.?m\.?)(?![{_L}a-z])", re.I)
_AM = re.compile(rf" ?(?:ق ?\. ?ظ\.?|ق ظ|قبل ?از ?ظهر|a\.?m\.?)(?![{_L}a-z])", re.I)
_ANY_FA_MERIDIEM = re.compile(rf"(?<![{_L}])(?:[بق] ?\. ?ظ|[بق] ظ(?![{_L}])|(?:بعد|قبل) ?از ?ظهر)")
_NUMERIC = re.compile(r"(?<![0-9/.])([0-9]+)([/.-])([0-9]+)\2([0-9]+)(?![0-9]|[/.][0-9])")
_DAY_FIRST = re.compile(rf"(?<![0-9:/.])([0-9]+) ?({_WORD})(?: ماه)? ?,? ?([0-9]+)(?![0-9:])")
_MONTH_FIRST = re.compile(rf"({_WORD})(?: ماه)? ?([0-9]{{1,2}})(?![0-9:/.]) ?, ?([0-9]{{4}})(?![0-9:/.])"
                          rf"|({_WORD})(?: ماه)? ([0-9]{{1,2}}) ([0-9]{{4}})(?![0-9:/.])")


def normalize_date_text(text: str) -> str:
    """Digits to ASCII, Arabic letters to Persian, drop invisible marks, collapse spaces."""
    return _SPACES.sub(" ", to_ascii_digits(text).translate(_CHAR_MAP)).strip()


def _prepare(text: object) -> tuple[str, str]:
    """Return (text for error messages, normalised text)."""
    if not isinstance(text, str):
        raise DateParseError(f"expected a string, got {type(text).__name__}")
    return _show(text), normalize_date_text(text)


def _show(text: str) -> str:
    return repr(text if len(text) <= 80 else text[:77] + "...")


def _month_number(word: str) -> int | None:
    if word not in _MONTHS and word.endswith("ماه"):
        word = word[:-3]
    return _MONTHS.get(word)


def _month_length(year: int, month: int) -> int:
    if month <= 6:
        return 31
    if month <= 11:
        return 30
    return 30 if jdatetime.date(year, 1, 1).isleap() else 29


def _check_ymd(y: str, m: str, d: str, src: str) -> tuple[int, int, int]:
    """Validate digit strings of a Jalali date and return them as ints."""
    if len(y) != 4:
        raise DateParseError(f"year {_show(y)} must have 4 digits in {src}")
    if len(m) > 2 or len(d) > 2:
        raise DateParseError(f"malformed date {_show(f'{y}/{m}/{d}')} in {src}")
    year, month, day = int(y), int(m), int(d)
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise DateParseError(f"year {year} out of range {MIN_YEAR}..{MAX_YEAR} in {src}")
    if not 1 <= month <= 12:
        raise DateParseError(f"month {month} out of range 1..12 in {src}")
    if not 1 <= day <= _month_length(year, month):
        raise DateParseError(f"day {day} out of range for month {month} of {year} in {src}")
    return year, month, day


def _find_dates(s: str, src: str) -> set[tuple[int, int, int]]:
    dates: set[tuple[int, int, int]] = set()
    for m in _NUMERIC.finditer(s):
        y, _, mo, d = m.groups()
        if len(y) == 4 and int(y) >= 1700 or len(d) == 4 and int(d) >= 1700:
            continue  # a Gregorian date next to the Jalali one: ignored
        if len(y) <= 2 and len(d) == 4:
            raise DateParseError(f"day-first numeric date {_show(m.group())} is ambiguous in {src}")
        if len(y) == 4:
            dates.add(_check_ymd(y, mo, d, src))
    for m in _DAY_FIRST.finditer(s):
        d, word, y = m.groups()
        month = _month_number(word)
        if month is not None:
            if len(d) > 2:
                raise DateParseError(f"malformed day {_show(d)} in {src}")
            dates.add(_check_ymd(y, str(month), d, src))
        elif len(d) <= 2 and len(y) == 4 and MIN_YEAR <= int(y) <= MAX_YEAR:
            raise DateParseError(f"unknown month name {_show(word)} in {src}")
    for m in _MONTH_FIRST.finditer(s):
        word, d, y = m.group(1, 2, 3) if m.group(1) else m.group(4, 5, 6)
        month = _month_number(word)
        if month is not None:
            dates.add(_check_ymd(y, str(month), d, src))
        elif MIN_YEAR <= int(y) <= MAX_YEAR:
            raise DateParseError(f"unknown month name {_show(word)} in {src}")
    return dates


def _find_times(s: str, src: str) -> set[tuple[int, int, int]]:
    times: set[tuple[int, int, int]] = set()
    marked = 0
    for m in _TIME.finditer(s):
        parts = m.group().split(":")
        if len(parts) > 3 or len(parts[0]) > 2 or any(len(p) != 2 for p in parts[1:]):
            raise DateParseError(f"malformed time {_show(m.group())} in {src}")
        hour, minute, second = (int(p) for p in parts + ["0"] * (3 - len(parts)))
        pm, am = _PM.match(s, m.end()), _AM.match(s, m.end())
        if pm or am:
            marked += not (pm or am).group().isascii()
            if pm and hour == 0 or am and hour > 12:
                raise DateParseError(f"hour {hour} contradicts its AM/PM marker in {src}")
            if pm and hour < 12:
                hour += 12
            elif am and hour == 12:
                hour = 0
        if hour > 23:
            raise DateParseError(f"hour {hour} out of range 0..23 in {src}")
        if minute > 59 or second > 59:
            raise DateParseError(f"minute/second out of range 0..59 in {src}")
        times.add((hour, minute, second))
    if len(_ANY_FA_MERIDIEM.findall(s)) > marked:
        raise DateParseError(f"AM/PM marker not attached to a time in {src}")
    return times


def parse_jalali(text: str, *, tz: tzinfo = TEHRAN) -> ParsedDate:
    """Parse a human-readable Jalali date (formats: see module docstring) in *tz*."""
    src, s = _prepare(text)
    dates, times = _find_dates(s, src), _find_times(s, src)
    if not dates:
        raise DateParseError(f"no date found in {src}")
    if len(dates) > 1:
        raise DateParseError(f"several different dates {sorted(dates)} in {src}")
    if len(times) > 1:
        raise DateParseError(f"several different times {sorted(times)} in {src}")
    (year, month, day), = dates
    hour, minute, second = next(iter(times), (0, 0, 0))
    g = jdatetime.date(year, month, day).togregorian()
    return ParsedDate(datetime(g.year, g.month, g.day, hour, minute, second, tzinfo=tz), bool(times))


def parse_jalali_datetime(text: str, *, tz: tzinfo = TEHRAN) -> datetime:
    """Shortcut for ``parse_jalali(text, tz=tz).value``."""
    return parse_jalali(text, tz=tz).value


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
    ISO without offset is local time in *tz*; an ISO value with year < 1700 is
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
