"""Jalali (solar hijri) date parsing for Persian and Dari news pages.

Input is normalised first: Persian and Arabic-Indic digits become ASCII,
Arabic ي/ى/ك become ی/ک, ZWNJ/ZWJ, bidi marks, tatweel and harakat are
removed, NBSP and other white space runs become one space, «،» becomes «,».

``parse_jalali`` accepts, anywhere in the string:

* a date with a month name, day first: ``۲۹ آذر ۱۴۰۲``, ``2 تير 1399``,
  ``۵ آذرماه ۱۴۰۲``, ``۱ امرداد ۱۴۰۰``; or month first: ``جدی ۰۳, ۱۴۰۳``.
  Dari months حمل ثور جوزا سرطان اسد سنبله میزان عقرب قوس جدی دلو حوت are
  months 1..12 of the same calendar;
* a numeric date with ``/``, ``-``, ``.`` or a single space between its
  parts, year first (``1402/09/29``, ``1402-09-29``, ``1402 09 29``) or day
  first with the 4-digit year last (``۲۸/۱۰/۱۴۰۳``, ``۲۸-۱۰-۱۴۰۳``,
  ``۲۸ ۱۰ ۱۴۰۳``: unambiguous, since Jalali dates are never written
  month-first; jdatetime#161).  A numeric date without a 4-digit year
  (``28/10/03``) is ambiguous and never read;
* optionally one time before or after it: ``08:17``, ``12:09:08``,
  ``24:00`` (the end of the day = 00:00 of the next day, with that day's
  UTC offset), with
  ``ب.ظ``/``ب ظ``/``بعدازظهر``/``PM`` or ``ق.ظ``/``قبل‌ازظهر``/``AM``
  (``12:09 ب.ظ`` = 12:09, ``1:00 ب.ظ`` = 13:00, ``12:30 ق.ظ`` = 00:30);
* noise around them: weekdays, labels, «ساعت», ``/ - ,`` separators and a
  trailing Gregorian date (``- 20 December 2023``), which is ignored.

Years must have four digits (1300..1499); month, day (per jdatetime, so
30 Esfand only in leap years), hour 0..23 (or exactly 24:00[:00]) and
minute/second 0..59 are
checked. Two different dates or times, or any invalid part, raise
``DateParseError``: a wrong date is never returned. Without a time the value
is local midnight and ``has_time`` is False.

Local times get ``tzinfo=ZoneInfo(...)`` (never a fixed offset) with
zoneinfo's default ``fold=0``: a nonexistent time in a spring-forward gap
(Tehran 2022-03-22 00:00-00:59, i.e. 1401/01/02) takes the offset in force
before the change (+03:30), and an ambiguous one in the autumn overlap
(Tehran 2022-09-21 23:00-23:59, i.e. 1401/06/30) takes the first, summer
offset (+04:30). Iran has had no DST since 2022-09-21. ``24:00`` is the
first instant of the next day: 1401/01/01 24:00 (midnight skipped by the
spring-forward change) is 2022-03-22T01:00+04:30.

All regexes are linear-time (runs are anchored by look-behinds), so long
garbage input fails fast.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone, tzinfo
from zoneinfo import ZoneInfo

import jdatetime

from newsbot.core.digits import to_ascii_digits

__all__ = [
    "TEHRAN", "KABUL", "DateParseError", "ParsedDate", "normalize_date_text",
    "parse_jalali", "parse_jalali_datetime", "parse_machine_datetime", "parse_relative",
    "start_of_next_day",
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
# Space-separated: only the two unambiguous shapes, 4-digit year first or last.
_SPACED = re.compile(r"(?<![0-9:/.-])(?:([0-9]{4}) ([0-9]{1,2}) ([0-9]{1,2})"
                     r"|([0-9]{1,2}) ([0-9]{1,2}) ([0-9]{4}))(?![0-9:]|[/.-][0-9])")
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
        if len(y) == 4:
            dates.add(_check_ymd(y, mo, d, src))
        elif len(d) == 4:  # day/month/year: the 4-digit year last settles the order
            dates.add(_check_ymd(d, mo, y, src))
        elif len(y) <= 2 and len(mo) <= 2 and len(d) <= 2:
            raise DateParseError(f"numeric date {_show(m.group())} without a 4-digit year is ambiguous in {src}")
    for m in _SPACED.finditer(s):
        y, mo, d = m.group(1, 2, 3) if m.group(1) else m.group(6, 5, 4)
        if MIN_YEAR <= int(y) <= MAX_YEAR:  # other number triples are not dates
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
        if hour > 23 and not (hour == 24 and minute == second == 0 and not (pm or am)):
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
    if hour == 24:
        return ParsedDate(start_of_next_day(g, tz), True)
    return ParsedDate(datetime(g.year, g.month, g.day, hour, minute, second, tzinfo=tz), bool(times))


def start_of_next_day(day: date, tz: tzinfo) -> datetime:
    """``24:00`` of the Gregorian date *day* in *tz*: the first instant of the
    next day as an aware datetime in *tz*, with that day's offset (a midnight
    skipped by a DST change becomes the first wall time that exists:
    2022-03-21 in Asia/Tehran -> 2022-03-22T01:00+04:30)."""
    nxt = day + timedelta(days=1)
    value = datetime(nxt.year, nxt.month, nxt.day, tzinfo=tz)
    return value.astimezone(timezone.utc).astimezone(tz)


def parse_jalali_datetime(text: str, *, tz: tzinfo = TEHRAN) -> datetime:
    """Shortcut for ``parse_jalali(text, tz=tz).value``."""
    return parse_jalali(text, tz=tz).value


# Machine-readable and relative dates live in their own modules (this one
# stays small); they are re-exported here, the public home of date parsing.
from newsbot.core.machine_dates import parse_machine_datetime  # noqa: E402
from newsbot.core.relative_dates import parse_relative  # noqa: E402
