"""Each site profile's own rules, tested on a URL of the shape the site uses
(real article URLs where ../shared/real-pages has one, otherwise the shape
given for the site's CMS family in shared/reference/persian-news-sites.md):
the host resolves to the profile, the article URL pattern takes the news
code out of the URL, the site's homepage is not an article, and the URL the
profile builds from a news code (for sources without a URL) is an article
URL of the same code on the profile's own host."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from newsbot.core.urls import host_in_domains
from newsbot.sites import SITES, profile_for_host

#: site -> (article URL, news code)
SAMPLES = {
    # real pages (shared/real-pages/MANIFEST.tsv)
    "yjc": ("https://www.yjc.ir/fa/news/7349926/از-کشف-۷۲-دستگاه-موتور-قاچاق", "7349926"),
    "khabaronline": ("https://www.khabaronline.ir/news/1353889/تحلیل-روزنامه-اصولگرا", "1353889"),
    "isna": ("https://www.isna.ir/news/98030903723/کارشناسی-داوری-دیدار-سپاهان-و-پرسپولیس", "98030903723"),
    "tasnimnews": ("https://www.tasnimnews.com/fa/news/1398/02/30/2015910/لیگ-قهرمانان-آسیا", "2015910"),
    "darivoa": ("https://www.darivoa.com/a/taliban-asks-china-cooperation-for-electricity/7925138.html",
                "7925138"),
    "varzesh3": ("https://www.varzesh3.com/news/2020984/طارمی-تا-میلان-اشک-ریخت-عکس", "2020984"),
    # IranSamaneh: /fa/news/<id>/<slug> (plain-HTTP and bare-host forms occur)
    "asrpress": ("http://asrpress.ir/fa/news/37296/خبر", "37296"),
    "aftabnews": ("https://aftabnews.ir/fa/news/682345/خبر", "682345"),
    "asriran": ("https://www.asriran.com/fa/news/905612/خبر", "905612"),
    "borna": ("https://www.borna.news/fa/news/1453320/خبر", "1453320"),
    "bultannews": ("https://www.bultannews.com/fa/news/748512/خبر", "748512"),
    "fararu": ("https://fararu.com/fa/news/681234/خبر", "681234"),
    "iribnews": ("https://www.iribnews.ir/fa/news/2967812/خبر", "2967812"),
    "jamejamonline": ("https://jamejamonline.ir/fa/news/1407756/خبر", "1407756"),
    "kayhan": ("https://kayhan.ir/fa/news/171234/خبر", "171234"),
    "mizanonline": ("https://www.mizanonline.ir/fa/news/4812345/خبر", "4812345"),
    "snn": ("https://snn.ir/fa/news/1098765/خبر", "1098765"),
    "tabnak": ("https://www.tabnak.ir/fa/news/1034567/خبر", "1034567"),
    # Nastooh: /news/<id>/<slug>
    "hamshahrionline": ("https://www.hamshahrionline.ir/news/537812/خبر", "537812"),
    "imna": ("https://www.imna.ir/news/560123/خبر", "560123"),
    "irna": ("https://www.irna.ir/news/85386715/خبر", "85386715"),
    "mashreghnews": ("https://www.mashreghnews.ir/news/1020345/خبر", "1020345"),
    "mehrnews": ("https://www.mehrnews.com/news/6127845/خبر", "6127845"),
    # Asam sites other than Tasnim: /<section>-<n>/<id>-<slug>
    "donya-e-eqtesad": ("https://donya-e-eqtesad.com/بخش-کشاورزی-39/4162345-صادرات-زعفران", "4162345"),
    "etemadonline": ("https://www.etemadonline.com/بخش-جامعه-5/504321-تراز-دریاچه", "504321"),
    "ilna": ("https://www.ilna.ir/بخش-کارگری-5/1509876-سهمیه-بیمه", "1509876"),
    "khabarfoori": ("https://www.khabarfoori.com/بخش-اخبار-اجتماعی-29/2711234-دمای-هوا", "2711234"),
    "mojnews": ("https://www.mojnews.com/بخش-فرهنگی-8/389012-رادیو-نمایش", "389012"),
    # the families without a real page (see the contract pages)
    "farsnews": ("https://www.farsnews.ir/news/14020611000345/بیمارستان-زاهدان", "14020611000345"),
    "rajanews": ("https://www.rajanews.com/news/333456", "333456"),
    "jahannews": ("https://www.jahannews.com/news/728934/کتابخانه-های-عمومی", "728934"),
    "baharnews": ("https://www.baharnews.ir/news/312456/لیگ-برتر-فوتسال", "312456"),
    # Pangea
    "radiofarda": ("https://www.radiofarda.com/a/iran-domestic-flights/30548123.html", "30548123"),
}


def test_every_profile_has_a_sample():
    assert sorted(SAMPLES) == sorted(SITES), "add a sample article URL for each site profile"


@pytest.mark.parametrize("site", sorted(SAMPLES))
def test_profile_url_rules(site):
    profile = SITES[site]
    url, code = SAMPLES[site]
    assert profile_for_host(urlsplit(url).hostname) is profile
    assert profile.article_id(url) == code
    assert profile.article_id(profile.base_url + "/") is None
    built = profile.article_url(code)
    assert host_in_domains(urlsplit(built).hostname, profile.domains)
    assert profile.article_id(built) == code
    assert profile.article_url(code, base_url="http://127.0.0.1:8080/") == (
        "http://127.0.0.1:8080" + built[len(profile.base_url.rstrip("/")):])


@pytest.mark.parametrize("url", [
    "https://www.tabnak.ir/fa/archive?service_id=-1", "https://www.tabnak.ir/fa/rss/allnews",
    "https://www.tabnak.ir/fa/tags/12/1/برچسب", "https://www.tabnak.ir/fa/news/",
])
def test_pages_that_are_not_articles(url):
    assert SITES["tabnak"].article_id(url) is None


def test_site_language_and_zone():
    """VOA Dari writes Dari for Afghanistan: its dates are Kabul time; every other profile is
    an Iranian site in Persian, Tehran time."""
    assert (SITES["darivoa"].language, SITES["darivoa"].timezone) == ("fa-AF", "Asia/Kabul")
    others = {(p.language, p.timezone) for name, p in SITES.items() if name != "darivoa"}
    assert others == {("fa", "Asia/Tehran")}


def test_unknown_and_lookalike_hosts_have_no_profile():
    assert profile_for_host("example.com") is None
    assert profile_for_host("tabnak.ir.example.com") is None
    assert profile_for_host("nottabnak.ir") is None
    assert profile_for_host("m.tabnak.ir") is SITES["tabnak"]
