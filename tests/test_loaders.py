"""Field processors of ArticleLoader, with exact values."""

from __future__ import annotations

import pytest

from newsbot.loaders import SIGNOFF, ArticleLoader, clean_date_raw, clean_news_code, strip_echo


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("کد خبر: ۳۶۴۸۲", "36482"),
        ("کد خبر:۷۳۴۹۹۲۶", "7349926"),
        ("  کد خبر : ٣٦٤٨٢ ", "36482"),
        ("شناسه خبر: 98030903723", "98030903723"),
        ("News ID: 2015910", "2015910"),
        ("36482", "36482"),
        ("کد خبر: ", None),
        ("کد خبر: نامشخص", None),
    ],
)
def test_clean_news_code(raw, expected):
    assert clean_news_code(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("تاریخ انتشار: ۰۸:۱۷ - ۲۹ آذر ۱۴۰۲ - 20 December 2023", "۰۸:۱۷ - ۲۹ آذر ۱۴۰۲"),
        ("تاریخ انتشار: ۲۱ ارديبهشت ۱۳۹۹ - ۱۸:۵۹", "۲۱ ارديبهشت ۱۳۹۹ - ۱۸:۵۹"),
        ("پنجشنبه / ۹ خرداد ۱۳۹۸ / ۰۰:۲۰", "پنجشنبه / ۹ خرداد ۱۳۹۸ / ۰۰:۲۰"),
        ("تاریخ انتشار:", None),
    ],
)
def test_clean_date_raw(raw, expected):
    assert clean_date_raw(raw) == expected


@pytest.mark.parametrize("text", ["انتهای پیام", "انتهای پیام/ی", "انتهای پیام/", "پایان پیام"])
def test_signoff_patterns(text):
    assert SIGNOFF.match(text)


def test_signoff_does_not_match_article_text():
    assert not SIGNOFF.match("انتهای پیام رئیس جمهور به مردم خواندنی بود")


def test_strip_echo_removes_glued_title():
    assert strip_echo("عنوان خبربه گزارش ایسنا", "عنوان خبر") == "به گزارش ایسنا"
    assert strip_echo("به گزارش ایسنا", "عنوان خبر") == "به گزارش ایسنا"


def test_loader_body_drops_signoff_repeats_and_echoes():
    loader = ArticleLoader()
    loader.add_value("title", "عنوان")
    loader.add_value("lead", "لید خبر")
    loader.add_value("body", ["عنوان", "لید خبر", "  پاراگراف   اول ", "پاراگراف اول", "", "دوم",
                              "انتهای پیام/ی", "خبرنگار: فلانی"])
    item = loader.load_item()
    assert item.body == "پاراگراف اول\nدوم"
    assert item.title == "عنوان" and item.tags == [] and item.category is None


def test_loader_category_skips_home_and_tags_unique():
    loader = ArticleLoader()
    loader.add_value("category", ["صفحه نخست", "سیاسی", "مجلس"])
    loader.add_value("tags", ["غزه", "<b>غزه</b>", "هنیه"])
    item = loader.load_item()
    assert item.category == "سیاسی > مجلس"
    assert item.tags == ["غزه", "هنیه"]
