"""Issue 13 kinds K3, K4, K11-K16 and issue 12 items 3/7 on the extraction side:
the handed replay cases read in place, and built pages of the same kinds."""

from __future__ import annotations

import codecs
import json

import pytest
from scrapy import Request
from scrapy.exceptions import DropItem
from scrapy.statscollectors import MemoryStatsCollector
from scrapy.utils.test import get_crawler

from newsbot.core.charset import choose_encoding, decode_html
from newsbot.extract.replay import extract_file
from newsbot.pipelines.validate import ValidatePipeline
from tests.conftest import shared_path


def stats():
    return MemoryStatsCollector(get_crawler())


def value(item, name):
    got = getattr(item, name)
    return got.isoformat() if hasattr(got, "isoformat") else got


def replay_cases():
    path = shared_path("cases", "cases.jsonl")
    return [c for c in map(json.loads, path.read_text(encoding="utf-8").splitlines()) if c["kind"] == "replay"]


def test_handed_replay_cases():
    cases = replay_cases()
    assert len(cases) >= 4
    for case in cases:
        item = extract_file(shared_path("cases", case["input"]))
        got = {name: value(item, name) for name in case["expected"]}
        assert got == case["expected"], case["id"]


def extract(tmp_path, html, name="page.html", **kwargs):
    path = tmp_path / name
    path.write_bytes(html if isinstance(html, bytes) else html.encode("utf-8"))
    return extract_file(path, **kwargs)


ASRPRESS = """<!DOCTYPE html><html lang="fa"><head>{head}
<title>شورای شهر طرح جدید حمل و نقل را تصویب کرد - عصر پرس</title>
<link rel="canonical" href="{canonical}"></head><body>
<div class="news_nav news_id_c">{code_label}: 90011</div>
<div class="news_nav news_pdate_c">{date_label}: ۰۸:۱۷ - ۲۹ آذر ۱۴۰۲</div>
<h1 class="title">شورای شهر طرح جدید حمل و نقل را تصویب کرد</h1>
<div class="body"><p>به گزارش خبرنگار ما، شورای شهر در جلسه روز گذشته طرح جدید حمل و نقل عمومی را تصویب کرد.</p>
<p>بر اساس این طرح، تعداد اتوبوس‌های برقی در سال آینده دو برابر خواهد شد.</p></div></body></html>"""


def asrpress(head="", canonical="https://www.asrpress.ir/fa/news/90011/x", code_label="کد خبر",
             date_label="تاریخ انتشار"):
    return ASRPRESS.format(head=head, canonical=canonical, code_label=code_label, date_label=date_label)


# -- K3 / #12.7: charset by evidence ------------------------------------------------

TITLE = "شورای شهر طرح جدید حمل و نقل را تصویب کرد"


def encode(text: str, codec: str) -> bytes:
    """*text* in *codec*; windows-1256 has no Persian yeh and digits: pages written in it
    use the Arabic yeh and ASCII digits."""
    if codec == "cp1256":
        text = text.replace("ی", "ي").translate(str.maketrans("۰۱۲۳۴۵۶۷۸۹", "0123456789"))
    return text.encode(codec)


@pytest.mark.parametrize("declared,codec,content_type,chosen,override", [
    ('<meta charset="windows-1256">', "utf-8", None, "utf-8", "cp1256_as_utf-8"),
    ('<meta charset="utf-8">', "cp1256", None, "cp1256", "utf-8_as_cp1256"),
    ("", "cp1256", "text/html; charset=utf-8", "cp1256", "utf-8_as_cp1256"),
    ("", "utf-8", "text/html; charset=windows-1256", "utf-8", "cp1256_as_utf-8"),
    ("", "cp1256", None, "cp1256", "none_as_cp1256"),
    ('<meta charset="iso-8859-1">', "cp1256", None, "cp1256", "cp1252_as_cp1256"),
    ('<meta charset="windows-1256">', "cp1256", None, "cp1256", None),
    ('<meta charset="utf-8">', "utf-8", None, "utf-8", None),
])
def test_charset_decided_by_evidence(declared, codec, content_type, chosen, override):
    data = encode(asrpress(head=declared), codec)
    text, decision = decode_html(data, content_type)
    assert decision.encoding == chosen
    assert TITLE.replace("ی", "ي") in text.replace("ی", "ي")
    got = f"{decision.overridden}_as_{decision.encoding}" if decision.overridden else None
    assert got == override


def test_replay_counts_charset_overrides(tmp_path):
    s = stats()
    item = extract(tmp_path, asrpress(head='<meta charset="windows-1256">').encode("utf-8"), stats=s)
    assert item.title == TITLE
    assert s.get_value("newsbot/charset/override/cp1256_as_utf-8") == 1


@pytest.mark.parametrize("bom,codec", [
    (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"),
    (codecs.BOM_UTF32_LE, "utf-32-le"), (codecs.BOM_UTF32_BE, "utf-32-be"), (codecs.BOM_UTF8, "utf-8"),
])
def test_bom_pages_are_read_not_rejected_as_binary(tmp_path, bom, codec):
    assert choose_encoding(bom + asrpress().encode(codec)).encoding == codec
    item = extract(tmp_path, bom + asrpress(head='<meta charset="windows-1256">').encode(codec))
    assert (item.title, value(item, "published_at")) == (TITLE, "2023-12-20T08:17:00+03:30")


def test_a_little_broken_utf8_stays_utf8():
    data = asrpress().encode("utf-8").replace("طرح".encode(), b"\xd8", 1)
    assert choose_encoding(data).encoding == "utf-8"


def test_mostly_replacement_character_field_drops_the_item():
    s = stats()
    pipeline = ValidatePipeline(s)
    from newsbot.items import NewsArticle
    from datetime import datetime, timezone
    garbled = NewsArticle(title="\ufffd\ufffd\ufffd \ufffd\ufffd \ufffd\ufffd", body="متن سالم", url="u",
                          published_at=datetime(2023, 12, 20, tzinfo=timezone.utc))
    with pytest.raises(DropItem, match="^missing_fields: missing title"):
        pipeline.process_item(garbled)
    assert s.get_value("newsbot/field/garbled/title") == 1
    fine = NewsArticle(title="عنوان \ufffd خبر درست", body="متن", url="u",
                       published_at=datetime(2023, 12, 20, tzinfo=timezone.utc))
    assert pipeline.process_item(fine).title == "عنوان \ufffd خبر درست"


# -- K11: labels in Arabic letter forms ----------------------------------------------

@pytest.mark.parametrize("code_label,date_label", [
    ("كد خبر", "تاريخ انتشار"), ("شناسه خبر", "زمان انتشار"), ("كد مطلب", "تاريخ انتشار"),
])
def test_labels_with_arabic_yeh_and_kaf_are_stripped(tmp_path, code_label, date_label):
    item = extract(tmp_path, asrpress(code_label=code_label, date_label=date_label))
    assert (item.news_code, item.published_at_raw) == ("90011", "۰۸:۱۷ - ۲۹ آذر ۱۴۰۲")


# -- K12 / #12.3: URLs the URL library rejects ----------------------------------------

@pytest.mark.parametrize("head,canonical", [
    ('<base href="https://www.asrpress.ir:99999/">', "https://www.asrpress.ir/fa/news/90011/x"),
    ('<base href="https://[::1/">', "https://www.asrpress.ir/fa/news/90011/x"),
    ("", "https://[2001:db8::1/fa/news/90011/x"),
    ("", "https://www.asrpress.ir:70000/fa/news/90011/x"),
])
def test_bad_base_or_canonical_url_is_ignored_and_the_article_kept(tmp_path, head, canonical):
    s = stats()
    page = asrpress(head=head, canonical=canonical) + '<img src="/a.jpg">'
    item = extract(tmp_path, page, site="asrpress", stats=s)
    assert (item.news_code, item.title, value(item, "published_at")) == \
        ("90011", TITLE, "2023-12-20T08:17:00+03:30")


# -- K4 / K13: unknown CMS ---------------------------------------------------------------

BODY = ("<p>کتابخانه عمومی تازه‌ای با ظرفیت پانصد نفر صبح امروز در مرکز شهر افتتاح شد و از هفته آینده "
        "در اختیار اعضا قرار می‌گیرد.</p><p>مدیر این کتابخانه گفت بخش کودکان و نوجوانان و سالن مطالعه "
        "شبانه‌روزی از امکانات ویژه این مجموعه است.</p><p>هزینه ساخت این مجموعه از محل بودجه شهرداری و "
        "کمک‌های مردمی تأمین شده و عضویت در آن برای دانش‌آموزان رایگان است.</p>")


def test_unknown_cms_skips_chrome_dates_and_keeps_the_date_line_out_of_the_body(tmp_path):
    page = f"""<html><head><meta charset="utf-8"><title>افتتاح کتابخانه</title>
<meta property="og:type" content="article"></head><body>
<header><span class="date">۱۰:۰۰ - ۱ دی ۱۴۰۳</span></header>
<div class="ticker"><span class="today">امروز ۱۴۰۵/۰۹/۰۹</span></div>
<div class="main"><h1>افتتاح کتابخانه جدید در مرکز شهر</h1>
<p class="pub-date">تاریخ انتشار: ۰۸:۱۷ - ۲۹ آذر ۱۴۰۲</p>{BODY}</div>
<footer><span class="time">۱۲:۰۰ - ۱ دی ۱۴۰۳</span></footer></body></html>"""
    item = extract(tmp_path, page, url="https://www.sample-khabar.ir/news/123456/x")
    assert (item.published_at_raw, value(item, "published_at")) == \
        ("۰۸:۱۷ - ۲۹ آذر ۱۴۰۲", "2023-12-20T08:17:00+03:30")
    assert item.body.startswith("کتابخانه عمومی تازه‌ای") and "۲۹ آذر" not in item.body


ASPNET = """<html><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8">
<title>افتتاح کتابخانه جدید در مرکز شهر - خبرگزاری نمونه</title></head><body>
<form method="post" action="./NewsDetail.aspx?ID=654321" id="form1">
<input type="hidden" name="__VIEWSTATE" id="__VIEWSTATE" value="/wEPDwUKMTY1NDU2MTA1MmRk" />
<div id="header"><span id="lblToday">امروز: دوشنبه ۹ آذر ۱۴۰۵</span>
<input name="ctl00$txtSearch" type="text" id="txtSearch" /></div>
<table><tr><td>{label}</td><td>{code}</td></tr></table>
<span id="lblDate">تاريخ انتشار: ۰۸:۱۷ - ۲۹ آذر ۱۴۰۲</span>
<h1><span id="lblTitle">افتتاح کتابخانه جدید در مرکز شهر</span></h1>
<div id="divBody">""" + BODY + """</div></form></body></html>"""


@pytest.mark.parametrize("label,code", [
    ("کد خبر:", '<input name="ctl00$txtNewsCode" type="text" value="654321" readonly="readonly" />'),
    ("كد خبر: <input type=text value='654321' readonly>", ""),
    ("شناسه خبر:", "<span>۶۵۴۳۲۱</span>"),
    ("کد مطلب: ۶۵۴۳۲۱", ""),
])
def test_unknown_aspnet_news_page_is_an_article(tmp_path, label, code):
    page = ASPNET.format(label=label, code=code)
    item = extract(tmp_path, page, url="https://www.sample-agency.ir/NewsDetail.aspx?ID=654321")
    assert (item.news_code, item.title, value(item, "published_at")) == \
        ("654321", "افتتاح کتابخانه جدید در مرکز شهر", "2023-12-20T08:17:00+03:30")
    assert item.body.startswith("کتابخانه عمومی") and item.body.endswith("رایگان است.")


def test_page_without_article_evidence_is_still_refused(tmp_path):
    from newsbot.extract.replay import ReplayError
    with pytest.raises(ReplayError, match="does not look like an article"):
        extract(tmp_path, "<html><body><h1>فهرست</h1><p>کد پستی ۱۲۳۴۵</p></body></html>",
                url="https://www.sample-agency.ir/list")


# -- K14: older layouts of profiled sites --------------------------------------------------

def char_refs(text: str) -> str:
    return "".join(f"&#x{ord(ch):X};" if ord(ch) > 127 else ch for ch in text)


def test_iransamaneh_page_written_in_numeric_character_references(tmp_path):
    inner = ("<div class='top'>امروز: ۹ آذر ۱۴۰۵</div>"
             "<div class='news_nav news_id_c'>کد خبر: 90012</div>"
             "<div class='news_nav news_pdate_c'>تاریخ انتشار: ۰۸:۱۷ - ۲۹ آذر ۱۴۰۲</div>"
             "<h1 class='title'>شورای شهر طرح جدید حمل و نقل را تصویب کرد</h1>"
             "<div class='body'><p>به گزارش خبرنگار ما، شورای شهر طرح جدید حمل و نقل را تصویب کرد.</p></div>"
             "<div class='footer'>طراحی و تولید: ایران سامانه</div>")
    page = f"<html><head><title>x</title></head><body>{char_refs(inner)}</body></html>"
    assert "کد" not in page
    item = extract(tmp_path, page, url="https://www.unknown-agency.ir/fa/news/90012/x")
    assert item.site == "unknown-agency-ir"
    assert (item.news_code, item.title, value(item, "published_at")) == \
        ("90012", TITLE, "2023-12-20T08:17:00+03:30")


def test_live_report_date_without_year_takes_the_year_from_the_page(tmp_path):
    page = asrpress().replace("۰۸:۱۷ - ۲۹ آذر ۱۴۰۲", "۰۸:۱۷ - ۲۹ آذر").replace(
        '<h1 class="title">', '<div class="live">گزارش زنده - سه‌شنبه ۲۹ آذر ۱۴۰۲</div><h1 class="title">')
    item = extract(tmp_path, page)
    assert (item.published_at_raw, value(item, "published_at")) == ("۰۸:۱۷ - ۲۹ آذر", "2023-12-20T08:17:00+03:30")
    lonely = asrpress().replace("۰۸:۱۷ - ۲۹ آذر ۱۴۰۲", "۰۸:۱۷ - ۲۹ آذر")
    assert extract(tmp_path, lonely).published_at is None  # never the clock's year


# -- K15: authors ------------------------------------------------------------------------------

@pytest.mark.parametrize("meta,expected", [
    ('<meta name="author" content="yjc">', []),
    ('<meta property="article:author" content="پایگاه خبری عصر پرس | YJC">', []),
    ('<meta property="article:author" content="Asrpress News">', []),
    ('<meta property="article:author" content="۷۱۶۱۷">', []),
    ('<meta property="article:author" content="مریم احمدی">', ["مریم احمدی"]),
])
def test_authors_are_never_the_site_or_an_id(tmp_path, meta, expected):
    page = asrpress(head=meta + '<meta property="og:site_name" content="یو جی سی | YJC">').replace(
        "</div></body>", "</div><div class='news_author'>" + _author_of(meta) + "</div></body>")
    assert extract(tmp_path, page).authors == expected


def _author_of(meta: str) -> str:
    return meta.split('content="', 1)[1].split('"', 1)[0]


# -- K16 / #12.3: poison values ---------------------------------------------------------------

def test_poison_values_leave_the_field_out_and_keep_the_article(tmp_path):
    s = stats()
    deep = "[" * 100_000 + "]" * 100_000
    head = ('<meta property="article:published_time" content="9999-12-31T23:59:59-14:00">'
            f'<script type="application/ld+json">{deep}</script>')
    item = extract(tmp_path, asrpress(head=head), stats=s)
    assert (item.news_code, value(item, "published_at")) == ("90011", "2023-12-20T08:17:00+03:30")
    assert s.get_value("newsbot/date/machine_unparseable") == 1
    assert s.get_value("newsbot/field/jsonld_unreadable") == 1


# -- date policy through the pipeline ----------------------------------------------------------

@pytest.mark.parametrize("head,reason", [
    ('<meta property="article:published_time" content="2019-03-01T10:00:00+03:30">', "conflicting_dates"),
    ("", "future_date"),
])
def test_date_rejections_drop_the_article_with_the_reason(tmp_path, head, reason):
    page = asrpress(head=head)
    if reason == "future_date":
        page = page.replace("۲۹ آذر ۱۴۰۲", "۲۹ آذر ۱۴۹۰")
    item = extract(tmp_path, page)
    assert item.published_at is None and item.rejection[0] == reason
    s = stats()
    with pytest.raises(DropItem, match=f"^{reason}: "):
        ValidatePipeline(s).process_item(item)
    assert s.get_value(f"newsbot/dropped/{reason}") == 1


@pytest.mark.parametrize("name", ["isna_1.html", "khabaronline_1.html", "tasnimnews_1.html", "yjc_1.html"])
def test_real_pages_give_no_site_name_as_author(name):
    # their article:author / author selectors hold «خبرگزاری ایسنا | صفحه اصلی | ISNA News Agency» …
    assert extract_file(shared_path("real-pages", name)).authors == []


# -- live: charset by evidence and unusable pages in the spider --------------------------------

def asrpress_spider():
    from newsbot.spiders.sites import AsrpressSpider
    crawler = get_crawler(AsrpressSpider, {"NEWSBOT_SEEN_ENABLED": False})
    return crawler._create_spider()


def test_live_article_decoded_by_evidence_and_counted():
    from scrapy.http import HtmlResponse
    spider = asrpress_spider()
    body = asrpress().encode("utf-8")
    response = HtmlResponse(url="https://www.asrpress.ir/fa/news/90011/x", body=body,
                            headers={"Content-Type": "text/html; charset=windows-1256"},
                            request=Request("https://www.asrpress.ir/fa/news/90011/x"))
    (item,) = list(spider.parse_article(response))
    assert (item.title, value(item, "published_at")) == (TITLE, "2023-12-20T08:17:00+03:30")
    assert spider.crawler.stats.get_value("newsbot/charset/override/cp1256_as_utf-8") == 1


def test_live_page_that_cannot_be_used_is_dropped_once_with_its_reason(monkeypatch):
    from scrapy.http import Response
    spider = asrpress_spider()
    image = Response(url="https://www.asrpress.ir/fa/news/90011/x", body=b"\xff\xd8\xff\xe0",
                     headers={"Content-Type": "image/jpeg"},
                     request=Request("https://www.asrpress.ir/fa/news/90011/x"))
    (item,) = list(spider.parse_article(image))
    with pytest.raises(DropItem, match="^not_html: "):
        ValidatePipeline(spider.crawler.stats).process_item(item)
    assert spider.crawler.stats.get_value("newsbot/dropped/not_html") == 1


def test_older_varzesh3_layout_date_is_the_info_span_that_is_a_date(tmp_path):
    page = """<html><head><meta charset="utf-8"><title>استقلال تا بازی السد پنهان شد</title>
<link rel="canonical" href="https://www.varzesh3.com/news/1592345/x"></head><body>
<div class="news-info-detail"><h1 class="headline">استقلال تا بازی السد پنهان شد</h1>
<div class="news-info"><span>کد خبر : ۱۵۹۲۳۴۵</span><span>دوشنبه ۳۰ اردیبهشت ۱۳۹۸ - ۱۸:۳۰</span></div>
<div class="news-text"><p>سرمربی آبی ها ترجیح داد تا برخلاف رسم معمول یک روز زودتر تمرینات این تیم را پشت
درهای بسته برگزار کند و تمرینات تا دیدار با السد قطر پشت درهای بسته برگزار می شود.</p></div></div>
</body></html>"""
    item = extract(tmp_path, page)
    assert (item.site, item.news_code, value(item, "published_at")) == \
        ("varzesh3", "1592345", "2019-05-20T18:30:00+04:30")


def test_unknown_cms_date_before_the_headline_is_not_taken_from_the_related_list(tmp_path):
    page = f"""<html><head><meta charset="utf-8"><title>افتتاح کتابخانه</title>
<meta property="og:type" content="article"></head><body>
<div class="info"><span>تاريخ انتشار: ۰۸:۱۷ - ۲۹ آذر ۱۴۰۲</span></div>
<h1>افتتاح کتابخانه جدید در مرکز شهر</h1><div class="text">{BODY}</div>
<div class="related-news"><ul><li><a href="/n/2">خبر دیگر</a><span class="date">۱۰:۰۰ - ۱ دی ۱۴۰۲</span></li></ul></div>
</body></html>"""
    item = extract(tmp_path, page, url="https://www.sample-khabar.ir/news/123457/x")
    assert (item.published_at_raw, value(item, "published_at")) == \
        ("۰۸:۱۷ - ۲۹ آذر ۱۴۰۲", "2023-12-20T08:17:00+03:30")


def test_utf8_page_with_a_stray_byte_under_a_single_byte_declaration_is_still_utf8():
    """K3: one broken byte must not turn a UTF-8 page into windows-1256/latin-1 mojibake."""
    from newsbot.core.charset import decode_html

    text = "<html><body><h1>شورای شهر طرح جدید حمل و نقل را تصویب کرد</h1>" + "<p>متن خبر</p>" * 40
    data = text.encode("utf-8").replace("طرح".encode(), "طرح".encode() + b"\xff", 1)
    for declared in ("windows-1256", "iso-8859-1"):
        decoded, decision = decode_html(data, f"text/html; charset={declared}")
        assert decision.encoding == "utf-8" and "شورای شهر طرح" in decoded


def test_json_ld_organisation_or_publisher_is_not_an_author():
    """K15: an Organization author, or one named like the publisher, is the newsroom, not a byline."""
    from newsbot.extract.jsonld import article_fields

    org = {"@type": "NewsArticle", "author": {"@type": "Organization", "name": "نمونه نیوز"},
           "publisher": {"@type": "Organization", "name": "نمونه نیوز"}}
    same = {"@type": "NewsArticle", "author": [{"@type": "Person", "name": "نمونه نیوز"},
                                               {"@type": "Person", "name": "مریم احمدی"}],
            "publisher": {"name": "نمونه نیوز"}}
    assert article_fields(org)["authors"] == []
    assert article_fields(same)["authors"] == ["مریم احمدی"]


UNKNOWN_CMS = """<html lang="fa"><head><meta property="og:type" content="article">
<link rel="canonical" href="https://news.example.ir/story/777/x"><title>خبر</title></head><body>
{before}<h1>بارش برف در ارتفاعات استان ادامه دارد</h1>{byline}
<div class="content">{paragraphs}</div>{after}</body></html>"""
PARAGRAPHS = "".join(f"<p>به گزارش خبرنگار ما بارش برف در ارتفاعات استان ادامه دارد و جاده‌ها باز است {i}.</p>"
                     for i in range(6))


@pytest.mark.parametrize(("before", "byline", "after", "raw"), [
    ('<div class="site-top"><span class="date">دوشنبه ۹ آذر ۱۴۰۵</span></div>', "", "", None),
    ("", "", '<div class="most-viewed"><span class="news-date">۱۴۰۲/۰۹/۲۰ - ۱۰:۱۵</span></div>', None),
    ("", "", '<div class="copyright"><span class="date">1402/01/01</span></div>', None),
    ('<div class="site-top"><span class="date">دوشنبه ۹ آذر ۱۴۰۵</span></div>',
     '<div class="news-date">۱۴۰۲/۰۹/۲۵ - ۰۸:۳۰</div>', "", "۱۴۰۲/۰۹/۲۵ - ۰۸:۳۰"),
])
def test_unknown_cms_date_only_from_the_byline_area(tmp_path, before, byline, after, raw):
    """K4: on an unknown CMS a date before the headline or after the body is page chrome: never taken."""
    item = extract(tmp_path, UNKNOWN_CMS.format(before=before, byline=byline, after=after, paragraphs=PARAGRAPHS))
    assert item.published_at_raw == raw
    if raw is None:
        assert item.published_at is None
