"""Choosing ``published_at``: the article's own date, weighed against the other evidence.

Date policy (README "Dates"):

* The publish date is the article's own: the date shown next to its
  headline/byline (the family's ``published_at_raw`` selectors; never page
  chrome: headers, tickers, footers, «امروز …» boxes, related lists) or the
  article's metadata (``article:published_time``, JSON-LD ``datePublished``,
  ``time[datetime]``; the first that parses).
* Evidence weighed, in this order of trust: the visible date, the machine
  date, the feed/sitemap date of the link (``listed``), the date in the URL
  path (``/2023/12/20/``, ``/1402/09/29/``; a day only).
* Values before 1990 and values later than the fetch time (*now*) plus
  ``FUTURE_TOLERANCE`` (1 hour) are not evidence (counted as
  ``newsbot/date/implausible_value``), unless it is the article's own date
  (the most trusted one present): then the article is rejected with
  ``implausible_date`` or ``future_date``.
* Two values disagree when more than a day apart (by local calendar day
  when either has no time); a feed/sitemap date (often ``lastmod``) only
  when it is more than a day *earlier* than the other value.  A disagreement is settled by a majority (the
  trusted value and those agreeing with it against the others; the
  outvoted side is counted as ``newsbot/date/outvoted``); a tie rejects
  the article with ``conflicting_dates``.
* The value written: the visible date when it has a time (a machine value
  less than a day away is only counted, ``newsbot/date/machine_disagrees``
  when more than a minute away); a visible date without a time takes the
  time of a machine/feed value on the same local day, else local midnight;
  no visible date → the machine date, then the feed date.  A URL date alone
  gives no time, so no value.
* A visible date without a year («۲۹ آذر - ۰۸:۱۷») takes its year only from
  evidence: the machine/feed/URL dates, or a full date with the same day
  and month elsewhere on the page (*page_text*); never from the clock.
* A relative visible date («۴ ساعت پیش», «4 hours ago») → the page's own
  machine timestamp when it has one (exact), else *now* minus the amount,
  counted as ``newsbot/date/relative``.

Rejections raise :class:`DateRejected` from :func:`weigh_published`;
:func:`resolve_published` returns ``None`` instead.  Machine values that
cannot be read (bad syntax, year 9999 overflowing the time-zone conversion)
are counted as ``newsbot/date/machine_unparseable`` and left out.
"""

from __future__ import annotations

import logging
import re
from datetime import datetime, timedelta, timezone
from typing import NamedTuple
from zoneinfo import ZoneInfo

import jdatetime

from newsbot.core.jalali import (
    DateParseError, normalize_date_text, parse_jalali, parse_machine_datetime, parse_relative,
)

logger = logging.getLogger(__name__)
TOLERANCE_SECONDS = 60
FUTURE_TOLERANCE = timedelta(hours=1)
EARLIEST = datetime(1990, 1, 1, tzinfo=timezone.utc)
AGREE = timedelta(days=1)
_MONTHS = ("فروردین|اردیبهشت|خرداد|تیر|امرداد|مرداد|شهریور|مهر|آبان|آذر|دی|بهمن|اسفند"
           "|حمل|ثور|جوزا|سرطان|اسد|سنبله|میزان|عقرب|قوس|جدی|دلو|حوت")
_YEARLESS = re.compile(rf"(?<!\d)(\d{{1,2}})\s*({_MONTHS})(?:\s*ماه)?(?![\w\u200c])(?!\s*,?\s*\d{{4}})")
_URL_DATE = re.compile(r"/((?:19|20)\d\d|1[34]\d\d)[/-](\d\d?)[/-](\d\d?)(?=[/-]|$)")


class DateRejected(ValueError):
    """The evidence does not give a publish date that may be written; ``reason`` is the slug."""

    def __init__(self, reason: str, message: str):
        super().__init__(f"{reason}: {message}")
        self.reason = reason


class Evidence(NamedTuple):
    source: str  # visible, machine, listed, url
    value: datetime
    exact: bool  # has a time of day


def parse_machine_values(values: list[str], tz: ZoneInfo, *, url: str = "", stats=None) -> list[datetime]:
    """Every machine value that parses, in order; failures (also year 9999, which
    overflows the time-zone conversion) are counted and left out."""
    parsed = []
    for value in values:
        try:
            parsed.append(parse_machine_datetime(value, tz=tz))
        except (DateParseError, OverflowError, ValueError) as exc:
            logger.debug("unparseable machine date on %s: %s", url, exc)
            _inc(stats, "newsbot/date/machine_unparseable")
    return parsed


def url_date(url: str, tz: ZoneInfo) -> datetime | None:
    """Local midnight of a ``/YYYY/MM/DD/`` date in *url*'s path (Gregorian or Jalali)."""
    match = _URL_DATE.search(url.split("?", 1)[0])
    if match is None:
        return None
    y, m, d = (int(g) for g in match.groups())
    try:
        if y < 1500:
            return parse_jalali(f"{y:04d}/{m:02d}/{d:02d}", tz=tz).value
        return datetime(y, m, d, tzinfo=tz)
    except (DateParseError, ValueError):
        return None


def with_year(raw: str, years: list[int]) -> str | None:
    """*raw* with the first plausible Jalali year of *years* put after its day and month,
    or ``None`` when *raw* has a year already or no day-and-month."""
    text = normalize_date_text(raw)
    match = _YEARLESS.search(text)
    if match is None or re.search(r"(?<!\d)1[34]\d\d(?!\d)", text):
        return None
    for year in years:
        return text[:match.end()] + f" {year}" + text[match.end():]
    return None


def page_years(raw: str, page_text: str | None) -> list[int]:
    """Years of full dates on the page with the same day and month as the year-less *raw*."""
    match = _YEARLESS.search(normalize_date_text(raw))
    if match is None or not page_text:
        return []
    day, month = match.groups()
    pattern = rf"(?<!\d)0?{int(day)}\s*{month}(?:\s*ماه)?\s*,?\s*(1[34]\d\d)(?!\d)"
    return [int(y) for y in re.findall(pattern, normalize_date_text(page_text[:400_000]))]


def _jalali_year(value: datetime, tz: ZoneInfo) -> list[int]:
    year = jdatetime.date.fromgregorian(date=value.astimezone(tz).date()).year
    return [year, year - 1]  # «۲۹ اسفند» seen on 1 Farvardin belongs to the year before


def _disagree(a: Evidence, b: Evidence, tz: ZoneInfo) -> bool:
    """More than a day apart (by local day when either has no time).  A feed or
    sitemap date (often ``lastmod``) disagrees only when it is the earlier one:
    a link listed before the article was published."""
    if a.exact and b.exact:
        gap = a.value - b.value
    else:
        gap = timedelta(days=(a.value.astimezone(tz).date() - b.value.astimezone(tz).date()).days)
    if "listed" in (a.source, b.source):
        gap = gap if a.source == "listed" else -gap  # listed minus the other
        return gap < -AGREE
    return abs(gap) > AGREE


def _visible(raw, tz, evidence, page_text, stats, url) -> datetime | None | tuple:
    try:
        return parse_jalali(raw, tz=tz)
    except DateParseError as exc:
        years = [y for e in evidence for y in _jalali_year(e.value, tz)] + page_years(raw, page_text)
        for year in dict.fromkeys(years):
            fixed = with_year(raw, [year])
            try:
                parsed = parse_jalali(fixed, tz=tz) if fixed else None
            except DateParseError:
                continue
            if parsed and (not evidence or not any(
                    _disagree(Evidence("visible", parsed.value, parsed.has_time), e, tz) for e in evidence)):
                _inc(stats, "newsbot/date/year_from_evidence")
                return parsed
        return exc


def weigh_published(
    raw: str | None, machine: list[str], tz_name: str, *, url: str = "", stats=None,
    now: datetime | None = None, listed: datetime | None = None, page_text: str | None = None,
) -> datetime | None:
    """The publish instant per the date policy (module docstring), ``None`` when
    there is no evidence; :class:`DateRejected` when the evidence forbids writing one."""
    tz = ZoneInfo(tz_name)
    now = now or datetime.now(timezone.utc)
    candidates = parse_machine_values(machine, tz, url=url, stats=stats)
    others = []
    if candidates:
        others.append(Evidence("machine", candidates[0], True))
    if listed is not None:
        others.append(Evidence("listed", listed.astimezone(tz), True))
    from_url = url_date(url, tz) if url.startswith(("http://", "https://")) else None  # not a file path
    if from_url is not None:
        others.append(Evidence("url", from_url, False))
    visible = None
    if raw:
        visible = _visible(raw, tz, others, page_text, stats, url)
        if isinstance(visible, DateParseError):
            relative = _relative(raw, now, tz)
            if relative is not None:
                _inc(stats, "newsbot/date/relative")
                return candidates[0] if candidates else relative
            logger.warning("unparseable visible date on %s: %s", url, visible)
            _inc(stats, "newsbot/date/visible_unparseable")
            visible = None
    evidence = ([Evidence("visible", visible.value, visible.has_time)] if visible else []) + others
    if not evidence:
        return None
    own, rest = evidence[0], []
    for e in evidence[1:]:
        if e.value < EARLIEST or e.value > now + FUTURE_TOLERANCE:
            _inc(stats, "newsbot/date/implausible_value")
        else:
            rest.append(e)
    if own.value < EARLIEST:
        raise DateRejected("implausible_date", f"{own.source} date {own.value.isoformat()} is before 1990")
    if own.value > now + FUTURE_TOLERANCE:
        raise DateRejected("future_date", f"{own.source} date {own.value.isoformat()} is later than "
                                          f"the fetch time {now.isoformat()}")
    against = [e for e in rest if _disagree(own, e, tz)]
    if against:
        if len(against) >= len(rest) - len(against) + 1:
            raise DateRejected("conflicting_dates", ", ".join(
                f"{e.source} {e.value.isoformat()}" for e in [own, *rest]) + " disagree by more than a day")
        _inc(stats, "newsbot/date/outvoted")
    if own.source == "url":
        return None  # a day without a time is not a publish instant
    if own.source != "visible":
        _inc(stats, "newsbot/date/from_machine" if own.source == "machine" else "newsbot/date/from_listing")
        return own.value
    if visible.has_time:
        if candidates and abs((candidates[0] - visible.value).total_seconds()) >= TOLERANCE_SECONDS:
            logger.info("machine date %s disagrees with visible %r on %s; visible wins",
                        candidates[0].isoformat(), raw, url)
            _inc(stats, "newsbot/date/machine_disagrees")
        return visible.value
    for e in rest:
        if e.exact and e.value.astimezone(tz).date() == visible.value.date():
            return e.value.astimezone(tz)
    if candidates:
        _inc(stats, "newsbot/date/machine_disagrees")
    return visible.value


def resolve_published(raw: str | None, machine: list[str], tz_name: str, **kwargs) -> datetime | None:
    """:func:`weigh_published`, with a rejection counted (``newsbot/date/rejected/<reason>``)
    and returned as ``None``."""
    try:
        return weigh_published(raw, machine, tz_name, **kwargs)
    except DateRejected as exc:
        logger.info("no publish date for %s: %s", kwargs.get("url", ""), exc)
        _inc(kwargs.get("stats"), f"newsbot/date/rejected/{exc.reason}")
        return None


def _relative(raw: str, now: datetime | None, tz: ZoneInfo) -> datetime | None:
    try:
        return parse_relative(raw, now=(now or datetime.now(tz)).astimezone(tz))
    except (DateParseError, ValueError, OverflowError):
        return None


def _inc(stats, key: str) -> None:
    if stats is not None:
        stats.inc_value(key)
