"""Plain-text page dumps."""

from __future__ import annotations

import pytest

from newsbot.core.textdump import TextDumpError, parse_text_dump
from tests.conftest import FIXTURES


def test_seed_dump_parts():
    dump = parse_text_dump((FIXTURES / "asrpress" / "36482.txt").read_text(encoding="utf-8"))
    assert dump.chrome == ["اخبار مهم ایران و جهان را با عصر پرس مرور نمائید"]
    assert dump.news_code == "۳۶۴۸۲"
    assert dump.date_raw == "۰۸:۱۷ - ۲۹ آذر ۱۴۰۲ - 20 December 2023"
    assert dump.title == "کنعانی: دولت آمریکا بازنده اخلاقی و سیاسی جنگ غزه است"
    assert dump.lead.startswith("سخنگوی وزارت امور خارجه با بیان اینکه")
    assert len(dump.paragraphs) == 10
    assert dump.paragraphs[0].startswith(dump.title + "به گزارش")


@pytest.mark.parametrize(
    ("text", "message"),
    [("", "no «کد خبر:»"), ("just a title\nand a line", "no «کد خبر:»"),
     ("کد خبر: ۱\nفقط عنوان", "no title and body")],
)
def test_not_a_dump(text, message):
    with pytest.raises(TextDumpError, match=message):
        parse_text_dump(text)
