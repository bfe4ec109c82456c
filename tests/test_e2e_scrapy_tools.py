"""Scrapy's own tools on saved pages and loopback mirrors (issue 11 item 5).

``scrapy shell FILE``, ``scrapy fetch URL`` and ``scrapy parse URL`` fetch
the URL typed on their command line; anything else the request-safety
middleware refuses is reported in one log line with the reason.
"""

from __future__ import annotations

import re

import pytest

from tests.conftest import FIXTURES
from tests.mocksite import MockSite
from tests.scrapy_run import run_scrapy

PAGE = FIXTURES / "asrpress" / "36482.html"
TITLE = "کنعانی: دولت آمریکا بازنده اخلاقی و سیاسی جنگ غزه است - عصر پرس"
HTML = "text/html; charset=utf-8"
pytestmark = pytest.mark.e2e


def test_shell_on_a_saved_page(tmp_path):
    result = run_scrapy("shell", str(PAGE), "--nolog", "-c", "response.css('title::text').get()", timeout=60)
    assert result.stdout.strip() == TITLE


def test_fetch_on_a_loopback_mirror():
    with MockSite({"/fa/news/36482": (HTML, PAGE.read_bytes())}) as site:
        result = run_scrapy("fetch", "--nolog", f"{site.base_url}/fa/news/36482", timeout=60)
    assert result.stdout.encode() == PAGE.read_bytes() + b"\n"


def test_parse_a_saved_page_and_a_mirror_page_with_a_site_spider():
    result = run_scrapy("parse", "--spider", "asrpress", "-c", "parse_article", "--nolog", PAGE.as_uri(), timeout=60)
    assert re.findall(r"'news_code': '(\d+)'", result.stdout) == ["36482"]
    with MockSite({"/fa/news/36482/x": (HTML, PAGE.read_bytes())}) as site:
        result = run_scrapy("parse", "--spider", "asrpress", "-a", f"base_url={site.base_url}",
                            "-c", "parse_article", "--nolog", f"{site.base_url}/fa/news/36482/x", timeout=60)
    assert re.findall(r"'news_code': '(\d+)'", result.stdout) == ["36482"]


def test_a_refused_request_says_why_in_one_line():
    with MockSite({"/x": (HTML, b"<html>other port</html>")}) as other:
        target = f"{other.base_url}/x"
        moved = ("status", 302, {"Location": target}, b"")
        with MockSite({"/moved": moved}) as site:
            result = run_scrapy("fetch", f"{site.base_url}/moved", timeout=60)
        assert sum(other.hits.values()) == 0
    lines = [line for line in result.stderr.splitlines() if "[newsbot.security]" in line]
    assert len(lines) == 1
    assert lines[0].endswith(f"[newsbot.security] WARNING: refused {target} (loopback); allowed here: "
                             "only the spider's -a base_url host:port or the URL given to scrapy shell/fetch/parse")
    assert "'newsbot/security/refused/loopback': 1" in result.stderr
