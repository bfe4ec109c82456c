"""Inclusive day ranges for backfills: ``since``/``until`` in Jalali or ISO form."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta, tzinfo
from typing import Iterator

import jdatetime

from newsbot.core.digits import to_ascii_digits

_DAY = re.compile(r"(\d{4})[/-](\d{1,2})[/-](\d{1,2})")


def parse_day(text: str) -> date:
    """``1402/09/01`` (Jalali: year < 1700) or ``2023-11-22`` → Gregorian date."""
    match = _DAY.fullmatch(to_ascii_digits(text.strip()))
    if not match:
        raise ValueError(f"not a day: {text!r} (use YYYY/MM/DD, Jalali or Gregorian)")
    year, month, day = map(int, match.groups())
    try:
        if year < 1700:
            return jdatetime.date(year, month, day).togregorian()
        return date(year, month, day)
    except ValueError as exc:
        raise ValueError(f"not a day: {text!r} ({exc})") from None


@dataclass(frozen=True)
class DayRange:
    """Days ``first``..``last`` inclusive, as local calendar days of a site."""

    first: date
    last: date

    @classmethod
    def parse(cls, since: str | None, until: str | None, *, today: date) -> "DayRange":
        first = parse_day(since) if since else today
        last = parse_day(until) if until else today
        if last < first:
            raise ValueError(f"until ({until}) is before since ({since})")
        return cls(first, last)

    def contains(self, moment: datetime, tz: tzinfo) -> bool:
        """Is *moment*'s local day (in *tz*) inside the range?"""
        return self.first <= moment.astimezone(tz).date() <= self.last

    def days(self) -> Iterator[date]:
        day = self.first
        while day <= self.last:
            yield day
            day += timedelta(days=1)


def jalali_parts(day: date) -> tuple[int, int, int]:
    """(year, month, day) of a Gregorian date in the Jalali calendar."""
    j = jdatetime.date.fromgregorian(date=day)
    return j.year, j.month, j.day
