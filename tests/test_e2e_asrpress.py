"""End to end: the real ``scrapy crawl asrpress`` against a loopback IranSamaneh site."""

from __future__ import annotations

import json

import pytest

from tests.conftest import FIXTURES
from tests.mocksite import MockSite
from tests.scrapy_run import jsonl_files, read_jsonl, run_scrapy

pytestmark = pytest.mark.e2e  # runs the real scrapy (or scrapyd/redis) as a subprocess

ARTICLE = (FIXTURES / "asrpress" / "36482.html").read_bytes()
SLUG = "کنعانی-دولت-آمریکا-بازنده-اخلاقی-و-سیاسی-جنگ-غزه-است"
HTML = "text/html; charset=utf-8"
RSS = f"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>عصر پرس</title><link>https://www.asrpress.ir/</link>
<item><title>کنعانی: دولت آمریکا بازنده اخلاقی و سیاسی جنگ غزه است</title>
<link>https://www.asrpress.ir/fa/news/36482/{SLUG}</link>
<pubDate>Wed, 20 Dec 2023 04:47:00 GMT</pubDate></item>
</channel></rss>""".encode()
HOME = """<!DOCTYPE html><html lang="fa" dir="rtl"><head><meta charset="utf-8"><title>عصر پرس</title></head>
<body><div class="header_slogan">اخبار مهم ایران و جهان را با عصر پرس مرور نمائید</div>
<a href="/fa/news/36482">کنعانی: دولت آمریکا بازنده اخلاقی و سیاسی جنگ غزه است</a>
<a href="/fa/service/1/سیاسی">سیاسی</a><a href="https://www.example.com/fa/news/999/x">offsite</a>
<a href="/fa/news/99999/missing">broken link</a></body></html>""".encode()
ROUTES = {
    "/robots.txt": ("text/plain", b"User-agent: *\nDisallow: /fa/admin\n"),
    "/": (HTML, HOME),
    "/fa/rss/allnews": ("application/rss+xml; charset=utf-8", RSS),
    f"/fa/news/36482/{SLUG}": (HTML, ARTICLE),
    "/fa/news/36482": (HTML, ARTICLE),
}


def test_crawl_asrpress_against_mock_site(tmp_path):
    out = tmp_path / "out"
    with MockSite(ROUTES) as site:
        result = run_scrapy(
            "crawl", "asrpress", "-a", f"base_url={site.base_url}",
            "-s", f"NEWSBOT_OUTPUT_DIR={out}", "-s", f"NEWSBOT_SEEN_PATH={tmp_path / 'seen.sqlite3'}",
            "-s", "DOWNLOAD_DELAY=0",
            "-s", "AUTOTHROTTLE_ENABLED=False", "-s", "LOG_LEVEL=INFO",
        )
        hits = dict(site.hits)
    files = jsonl_files(out)
    assert [f.relative_to(out).as_posix() for f in files] == ["asrpress/2023-12-20.jsonl"]
    (record,) = read_jsonl(files[0])  # reached via RSS and homepage: written once
    assert record["news_code"] == "36482"
    assert record["published_at"] == "2023-12-20T08:17:00+03:30"
    assert record["title"] == "کنعانی: دولت آمریکا بازنده اخلاقی و سیاسی جنگ غزه است"
    assert record["url"].startswith(site.base_url + "/fa/news/36482")
    assert record["canonical_url"] == f"https://www.asrpress.ir/fa/news/36482/{SLUG}"
    assert record["body"].startswith("به گزارش سرویس سیاسی عصرپرس")
    # Feed links on the real domain were rebased onto the mock; robots.txt was read.
    assert hits["/robots.txt"] == 1 and hits["/fa/rss/allnews"] == 1
    assert hits[f"/fa/news/36482/{SLUG}"] == 1 and hits["/fa/news/36482"] == 1
    assert hits.get("/fa/news/99999/missing") == 1
    stats = result.stderr
    assert "'newsbot/dropped/duplicate': 1" in stats
    assert "example.com" not in json.dumps(hits)
