"""Tests for newsbot.core.jalali (expected instants checked against jdatetime + zoneinfo)."""

import subprocess
import sys
import time
from datetime import datetime, timedelta, timezone

import jdatetime
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsbot.core.digits import to_persian_digits
from newsbot.core.jalali import (
    KABUL,
    TEHRAN,
    DateParseError,
    ParsedDate,
    parse_jalali,
    parse_jalali_datetime,
    parse_machine_datetime,
    parse_relative,
)

# --- human-readable Jalali dates -------------------------------------------------------

REAL_PAGE_DATES = [
    # the strings from reference/persian-news-sites.md and real-pages/truth.jsonl
    ("۲۹ بهمن ۱۳۹۸ - ۰۶:۵۵", "2020-02-18T06:55:00+03:30"),
    ("پنجشنبه / ۹ خرداد ۱۳۹۸ / ۰۰:۲۰", "2019-05-30T00:20:00+04:30"),
    ("2 تير 1399 - 12:09:08 ب.ظ", "2020-06-22T12:09:08+04:30"),
    ("23:55 1398/02/26", "2019-05-16T23:55:00+04:30"),
    ("24 اردیبهشت 1403 ساعت 09:05", "2024-05-13T09:05:00+03:30"),
    ("۱۳۹۹/۰۲/۲۱ - ۱۸:۵۹", "2020-05-10T18:59:00+04:30"),
    ("۲۱ ارديبهشت ۱۳۹۹ - ۱۸:۵۹", "2020-05-10T18:59:00+04:30"),
    ("۰۸:۱۷ - ۲۹ آذر ۱۴۰۲", "2023-12-20T08:17:00+03:30"),
    ("۰۸:۱۷ - ۲۹ آذر ۱۴۰۲ - 20 December 2023", "2023-12-20T08:17:00+03:30"),
    ("۳۰ ارديبهشت ۱۳۹۸ - ۲۲:۵۳", "2019-05-20T22:53:00+04:30"),
]


@pytest.mark.parametrize(("text", "expected"), REAL_PAGE_DATES)
def test_real_page_dates(text, expected):
    parsed = parse_jalali(text)
    assert parsed.value.isoformat() == expected
    assert parsed.has_time is True
    assert parsed.value.tzinfo is TEHRAN
    assert parse_jalali_datetime(text) == parsed.value


def test_dari_month_first_in_kabul():
    parsed = parse_jalali("جدی ۰۳, ۱۴۰۳", tz=KABUL)
    assert parsed == ParsedDate(datetime(2024, 12, 23, tzinfo=KABUL), has_time=False)
    assert parsed.value.isoformat() == "2024-12-23T00:00:00+04:30"
    assert parse_jalali("جدی ۱۷, ۱۴۰۳", tz=KABUL).value.date().isoformat() == "2025-01-06"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("شنبه ۲۹ آذر ۱۴۰۲", "2023-12-20T00:00:00+03:30"),  # weekday prefix, no time
        ("۲۹ آذرماه ۱۴۰۲", "2023-12-20T00:00:00+03:30"),
        ("۲۹ آذر ماه ۱۴۰۲", "2023-12-20T00:00:00+03:30"),
        ("\u200f۲۹\u00a0\u00a0آذر  ۱۴۰۲\u200e", "2023-12-20T00:00:00+03:30"),  # bidi + NBSP
        ("٢٩ آذر ١٤٠٢ - ٠٨:١٧", "2023-12-20T08:17:00+03:30"),  # Arabic-Indic digits
        ("1402-09-29", "2023-12-20T00:00:00+03:30"),
        ("1402/9/29 8:17", "2023-12-20T08:17:00+03:30"),
        ("۱ امرداد ۱۴۰۰", "2021-07-23T00:00:00+04:30"),
        ("۱ مرداد ۱۴۰۰", "2021-07-23T00:00:00+04:30"),
        ("۳ دي ۱۴۰۲، ساعت ۱۰:۱۵", "2023-12-24T10:15:00+03:30"),  # Arabic yeh, Arabic comma
        ("۱ فروردین ۱۴۰۳", "2024-03-20T00:00:00+03:30"),
        ("۳ جدی ۱۴۰۳", "2024-12-23T00:00:00+03:30"),  # Dari name, day first
        ("۱ حمل ۱۴۰۳", "2024-03-20T00:00:00+03:30"),
        ("تاریخ انتشار: ۲۱ ارديبهشت ۱۳۹۹ - ۱۸:۵۹", "2020-05-10T18:59:00+04:30"),
        ("1402/09/29 ساعت 08:17:05", "2023-12-20T08:17:05+03:30"),
        # same date twice (numeric and named) is not ambiguous
        ("۱۴۰۲/۰۹/۲۹ - ۲۹ آذر ۱۴۰۲ ۰۸:۱۷", "2023-12-20T08:17:00+03:30"),
    ],
)
def test_format_variants(text, expected):
    assert parse_jalali(text).value.isoformat() == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1402/09/29 12:09 ب.ظ", "12:09:00"),
        ("1402/09/29 1:00 ب.ظ", "13:00:00"),
        ("1402/09/29 12:30 ق.ظ", "00:30:00"),
        ("1402/09/29 11:59 ق.ظ", "11:59:00"),
        ("1402/09/29 3:15 بعدازظهر", "15:15:00"),
        ("1402/09/29 3:15 بعد\u200cازظهر", "15:15:00"),
        ("1402/09/29 9:15 قبل\u200cازظهر", "09:15:00"),
        ("1402/09/29 3:15 ب ظ", "15:15:00"),
        ("1402/09/29 3:15 PM", "15:15:00"),
        ("1402/09/29 15:15 ب.ظ", "15:15:00"),  # already 24-hour
    ],
)
def test_twelve_hour_clock(text, expected):
    assert parse_jalali(text).value.time().isoformat() == expected


def test_leap_esfand():
    # 1403 is a leap year (30 Esfand 1403 = 2025-03-20), 1402 is not
    assert parse_jalali("30 اسفند 1403").value.isoformat() == "2025-03-20T00:00:00+03:30"
    with pytest.raises(DateParseError, match="day 30 out of range for month 12 of 1402"):
        parse_jalali("30 اسفند 1402")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("garbage", "no date found in 'garbage'"),
        ("", "no date found in ''"),
        ("   ", "no date found"),
        ("۰۸:۱۷", "no date found"),
        ("2023/12/20 08:17", "no date found"),  # Gregorian only
        ("۳۲ آذر ۱۴۰۲", "day 32 out of range for month 9 of 1402"),
        ("31 مهر 1402", "day 31 out of range for month 7 of 1402"),
        ("0 مهر 1402", "day 0 out of range"),
        ("۲۹ آذرر ۱۴۰۲", "unknown month name 'آذرر'"),
        ("فروردینن ۱۲, ۱۴۰۲", "unknown month name 'فروردینن'"),
        ("25:00 1402/09/29", "hour 25 out of range"),
        ("24:01 1402/09/29", "hour 24 out of range"),
        ("24:00:01 1402/09/29", "hour 24 out of range"),
        ("24:00 ب.ظ 1402/09/29", "hour 24 out of range"),
        ("10:60 1402/09/29", "minute/second out of range"),
        ("10:10:60 1402/09/29", "minute/second out of range"),
        ("1402/09/29 1:5", "malformed time"),
        ("1402/13/01", "month 13 out of range"),
        ("1402/00/01", "month 0 out of range"),
        ("1250/01/01", "year 1250 out of range"),
        ("29 آذر 02", "year '02' must have 4 digits"),
        ("28/10/03", "without a 4-digit year is ambiguous"),
        ("03/10/28", "without a 4-digit year is ambiguous"),
        ("۲۸-۱۰-۰۳ ۱۲:۰۳", "without a 4-digit year is ambiguous"),
        ("10/28/1403", "month 28 out of range"),  # month-first is never guessed
        ("28 13 1403", "month 13 out of range"),
        ("31/07/1403", "day 31 out of range for month 7 of 1403"),
        ("۲۹ آذر ۱۴۰۲ - ۳۰ آذر ۱۴۰۲", "several different dates"),
        ("1402/09/29 - 29 آبان 1402", "several different dates"),
        ("1402/09/29 08:17 09:00", "several different times"),
        ("0:30 ب.ظ 1402/09/29", "contradicts its AM/PM marker"),
        ("13:00 ق.ظ 1402/09/29", "contradicts its AM/PM marker"),
        ("ب.ظ 1:00 1402/09/29", "AM/PM marker not attached"),
    ],
)
def test_bad_inputs(text, message):
    with pytest.raises(DateParseError, match=message):
        parse_jalali(text)


def test_non_string_input():
    with pytest.raises(DateParseError, match="expected a string"):
        parse_jalali(None)


def test_date_parse_error_is_value_error():
    assert issubclass(DateParseError, ValueError)


@pytest.mark.parametrize(
    "garbage",
    ["۱" * 100_000, "آ" * 100_000, "1:" * 50_000, "1-" * 50_000, "12 آذرر " * 12_500,
     "ب.ظ " * 25_000, "جدی 1 " * 16_000, "\u00a0\u200c" * 50_000, "a1" * 50_000],
)
def test_long_garbage_fails_fast(garbage):
    for parse in (parse_jalali, parse_machine_datetime):
        start = time.perf_counter()
        with pytest.raises(DateParseError):
            parse(garbage)
        assert time.perf_counter() - start < 0.5


# --- DST edges (Iran's last DST period ended 1401/06/30 = 2022-09-21 24:00) -------------

@pytest.mark.parametrize(
    ("text", "expected", "utc"),
    [
        ("1401/06/30 22:59", "2022-09-21T22:59:00+04:30", "2022-09-21T18:29:00+00:00"),
        # 23:00-23:59 happened twice; fold=0 picks the first (summer) one
        ("1401/06/30 23:30", "2022-09-21T23:30:00+04:30", "2022-09-21T19:00:00+00:00"),
        ("1401/06/31 00:30", "2022-09-22T00:30:00+03:30", "2022-09-21T21:00:00+00:00"),
        ("1401/07/01 12:00", "2022-09-23T12:00:00+03:30", "2022-09-23T08:30:00+00:00"),
        # DST start: 2022-03-22 00:00 -> 01:00
        ("1401/01/01 23:30", "2022-03-21T23:30:00+03:30", "2022-03-21T20:00:00+00:00"),
        ("1401/01/02 01:30", "2022-03-22T01:30:00+04:30", "2022-03-21T21:00:00+00:00"),
        # 00:30 did not exist; fold=0 keeps the pre-transition offset
        ("1401/01/02 00:30", "2022-03-22T00:30:00+03:30", "2022-03-21T21:00:00+00:00"),
    ],
)
def test_dst_edges(text, expected, utc):
    value = parse_jalali_datetime(text)
    assert value.isoformat() == expected
    assert value.astimezone(timezone.utc).isoformat() == utc


# --- machine-readable dates -------------------------------------------------------------

@pytest.mark.parametrize(
    ("value", "tz", "expected"),
    [
        ("2020-02-18T03:25:00Z", TEHRAN, "2020-02-18T06:55:00+03:30"),
        ("2019-05-29T19:50:37Z", TEHRAN, "2019-05-30T00:20:37+04:30"),
        ("2024-12-23T08:40:04+04:30", KABUL, "2024-12-23T08:40:04+04:30"),
        ("2024-05-13T05:35:00Z", TEHRAN, "2024-05-13T09:05:00+03:30"),
        ("2023-12-20T08:17:00", TEHRAN, "2023-12-20T08:17:00+03:30"),
        ("2020-05-10T18:59:00", TEHRAN, "2020-05-10T18:59:00+04:30"),
        ("2023-12-20T04:47:00.123+00:00", TEHRAN, "2023-12-20T08:17:00.123000+03:30"),
        ("2023-12-20T08:17:00+0330", TEHRAN, "2023-12-20T08:17:00+03:30"),
        ("2023-12-20", TEHRAN, "2023-12-20T00:00:00+03:30"),
        ("Wed, 20 Dec 2023 04:47:00 GMT", TEHRAN, "2023-12-20T08:17:00+03:30"),
        ("Wed, 20 Dec 2023 08:17:00 +0330", TEHRAN, "2023-12-20T08:17:00+03:30"),
        # Jalali values in machine fields
        ("۱۳۹۹/۰۲/۲۱ - ۱۸:۵۹", TEHRAN, "2020-05-10T18:59:00+04:30"),
        ("1402-09-29T08:17:00", TEHRAN, "2023-12-20T08:17:00+03:30"),
        ("1402-09-29T04:47:00Z", TEHRAN, "2023-12-20T08:17:00+03:30"),
        ("1403-10-03", KABUL, "2024-12-23T00:00:00+04:30"),
    ],
)
def test_machine_datetime(value, tz, expected):
    result = parse_machine_datetime(value, tz=tz)
    assert result.isoformat() == expected
    assert result.tzinfo is tz


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("2023-02-30T00:00:00", "invalid date/time"),
        ("2023-12-20T08:17:00+25:00", "bad UTC offset"),
        ("2023-12-20T25:17:00Z", "invalid date/time"),
        ("1402-13-01T00:00:00", "month 13 out of range"),
        ("1250-01-01", "year 1250 out of range"),
        ("nope", "no date found"),
        ("", "no date found"),
    ],
)
def test_machine_datetime_errors(value, message):
    with pytest.raises(DateParseError, match=message):
        parse_machine_datetime(value)


# --- relative dates ---------------------------------------------------------------------

NOW = datetime(2024, 5, 13, 12, 0, tzinfo=TEHRAN)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("۴ ساعت پیش", "2024-05-13T08:00:00+03:30"),
        ("۲ ساعت قبل", "2024-05-13T10:00:00+03:30"),
        ("۵ دقیقه پیش", "2024-05-13T11:55:00+03:30"),
        ("۳۰ ثانیه پیش", "2024-05-13T11:59:30+03:30"),
        ("۳ روز پیش", "2024-05-10T12:00:00+03:30"),
        ("۱ هفته پیش", "2024-05-06T12:00:00+03:30"),
        ("یک ساعت پیش", "2024-05-13T11:00:00+03:30"),
        ("۱ ساعت و ۲۰ دقیقه پیش", "2024-05-13T10:40:00+03:30"),
        ("لحظاتی پیش", "2024-05-13T12:00:00+03:30"),
        ("دقایقی پیش", "2024-05-13T12:00:00+03:30"),
        ("4 hours ago", "2024-05-13T08:00:00+03:30"),
        ("۴ hours ago", "2024-05-13T08:00:00+03:30"),
        ("5 minutes ago", "2024-05-13T11:55:00+03:30"),
        ("1 day ago", "2024-05-12T12:00:00+03:30"),
        ("an hour ago", "2024-05-13T11:00:00+03:30"),
        ("just now", "2024-05-13T12:00:00+03:30"),
        ("دیروز ۱۰:۳۰", "2024-05-12T10:30:00+03:30"),
        ("دیروز ساعت ۱۰:۳۰", "2024-05-12T10:30:00+03:30"),
        ("امروز ۰۹:۰۵", "2024-05-13T09:05:00+03:30"),
    ],
)
def test_relative(text, expected):
    result = parse_relative(text, now=NOW)
    assert result.isoformat() == expected
    assert result.tzinfo is TEHRAN


def test_relative_counts_elapsed_time_across_dst():
    now = datetime(2022, 3, 22, 2, 0, tzinfo=TEHRAN)  # +04:30, 1 h after the clocks jumped
    assert parse_relative("۳ ساعت پیش", now=now).isoformat() == "2022-03-21T22:00:00+03:30"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("hello", "not a relative date"),
        ("پیش", "not a relative date"),
        ("۲۹ آذر ۱۴۰۲", "not a relative date"),
        ("۲ ماه پیش", "too vague"),
        ("3 years ago", "too vague"),
        ("۴ سیب پیش", "not a relative date"),
        ("دیروز ۲۵:۰۰", "time out of range"),
        ("999999 هفته پیش", "out of range"),
    ],
)
def test_relative_errors(text, message):
    with pytest.raises(DateParseError, match=message):
        parse_relative(text, now=NOW)


def test_relative_needs_aware_now():
    with pytest.raises(ValueError, match="timezone-aware"):
        parse_relative("۴ ساعت پیش", now=datetime(2024, 5, 13, 12, 0))


# --- property tests ---------------------------------------------------------------------

MONTHS = "فروردین اردیبهشت خرداد تیر مرداد شهریور مهر آبان آذر دی بهمن اسفند".split()
DARI = "حمل ثور جوزا سرطان اسد سنبله میزان عقرب قوس جدی دلو حوت".split()
FIRST, LAST = jdatetime.date(1300, 1, 1), jdatetime.date(1499, 12, 29)


@settings(database=None, max_examples=300, deadline=None)
@given(st.text())
def test_arbitrary_text_only_raises_date_parse_error(text):
    for parse in (parse_jalali, parse_machine_datetime):
        try:
            parse(text)
        except DateParseError:
            pass
    try:
        parse_relative(text, now=NOW)
    except DateParseError:
        pass


@settings(database=None, max_examples=300, deadline=None)
@given(
    st.integers(0, (LAST - FIRST).days),
    st.integers(0, 23),
    st.integers(0, 59),
    st.booleans(),
    st.sampled_from([TEHRAN, KABUL]),
)
def test_round_trip(offset, hour, minute, dari, tz):
    jd = FIRST + timedelta(days=offset)
    name = (DARI if dari else MONTHS)[jd.month - 1]
    text = to_persian_digits(f"{jd.day} {name} {jd.year} - {hour:02}:{minute:02}")
    g = jd.togregorian()
    expected = datetime(g.year, g.month, g.day, hour, minute, tzinfo=tz)
    parsed = parse_jalali(text, tz=tz)
    assert parsed == ParsedDate(expected, has_time=True)
    assert parsed.value.utcoffset() == expected.utcoffset()


def test_core_module_is_framework_free():
    code = (
        "import sys, newsbot.core.jalali; "
        "bad = [m for m in sys.modules if m.split('.')[0] in ('scrapy', 'parsel', 'itemloaders')]; "
        "assert not bad, bad"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


# --- K5: 24:00 is 00:00 of the next day (issue 13) ---------------------------------------

@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("۱۰ آذر ۱۴۰۲ - ۲۴:۰۰", "2023-12-02T00:00:00+03:30"),
        ("۲۴:۰۰:۰۰ ۱۴۰۲/۰۹/۲۹", "2023-12-21T00:00:00+03:30"),
        ("۳۱ شهریور ۱۴۰۰ ساعت ۲۴:۰۰", "2021-09-23T00:00:00+03:30"),  # month end; DST over that night
        ("۲۹ اسفند ۱۴۰۲ - ۲۴:۰۰", "2024-03-20T00:00:00+03:30"),  # year end (1402 not leap)
        ("۳۰ اسفند ۱۴۰۳ - ۲۴:۰۰", "2025-03-21T00:00:00+03:30"),  # leap year end
        # midnight of 1401/01/02 was skipped (00:00 -> 01:00): the next day starts at 01:00+04:30
        ("1401/01/01 24:00", "2022-03-22T01:00:00+04:30"),
        # the last DST day: 24:00 of 1401/06/30 is the first instant after the fall-back
        ("1401/06/30 24:00", "2022-09-22T00:00:00+03:30"),
        ("1400/06/30 24:00", "2021-09-22T00:00:00+03:30"),  # = 1400/06/31 00:00, after that year's change
        ("24:00 - ۳ جدی ۱۴۰۳", "2024-12-24T00:00:00+04:30"),  # Dari, Kabul (via tz below)
    ],
)
def test_24_00_is_start_of_next_day(text, expected):
    tz = KABUL if "جدی" in text else TEHRAN
    parsed = parse_jalali(text, tz=tz)
    assert parsed.value.isoformat() == expected
    assert parsed.has_time is True
    assert parsed.value.tzinfo is tz


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("1402-09-10T24:00:00", "2023-12-02T00:00:00+03:30"),
        ("2023-12-20T24:00Z", "2023-12-21T03:30:00+03:30"),
        ("2022-03-21T24:00", "2022-03-22T01:00:00+04:30"),
    ],
)
def test_machine_24_00(value, expected):
    assert parse_machine_datetime(value).isoformat() == expected


# --- K6: numeric day/month/year with the 4-digit year last (issue 13, jdatetime#161) ----

@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("جمعه ۲۸/۱۰/۱۴۰۳ - ۱۲:۰۳", "2025-01-17T12:03:00+03:30"),
        ("۲۸/۱۰/۱۴۰۳", "2025-01-17T00:00:00+03:30"),
        ("۲۸ ۱۰ ۱۴۰۳", "2025-01-17T00:00:00+03:30"),
        ("۲۸-۱۰-۱۴۰۳", "2025-01-17T00:00:00+03:30"),
        ("28.10.1403", "2025-01-17T00:00:00+03:30"),
        ("٢٨/١٠/١٤٠٣", "2025-01-17T00:00:00+03:30"),  # Arabic-Indic digits
        ("شنبه ۱/۷/۱۳۹۹ ساعت ۰۸:۱۵", "2020-09-22T08:15:00+03:30"),
        ("سه‌شنبه، ۲۰ ۰۹ ۱۴۰۲ - ۱۸:۳۰", "2023-12-11T18:30:00+03:30"),
        ("۰۸:۱۷ - ۲۹-۰۹-۱۴۰۲", "2023-12-20T08:17:00+03:30"),
        ("30/12/1403", "2025-03-20T00:00:00+03:30"),
        ("1402 09 29 08:17", "2023-12-20T08:17:00+03:30"),  # spaced, year first
        ("۲۸/۱۰/۱۴۰۳ - 17/01/2025", "2025-01-17T00:00:00+03:30"),  # trailing Gregorian ignored
    ],
)
def test_day_first_numeric_with_4_digit_year(text, expected):
    assert parse_jalali(text).value.isoformat() == expected


def test_day_first_and_year_first_forms_agree():
    assert parse_jalali("۲۹/۰۹/۱۴۰۲") == parse_jalali("۱۴۰۲/۰۹/۲۹") == parse_jalali("۲۹ آذر ۱۴۰۲")
    with pytest.raises(DateParseError, match="several different dates"):
        parse_jalali("۲۸/۱۰/۱۴۰۳ ۱۴۰۳/۱۰/۲۷")
