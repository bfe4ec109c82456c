"""Smaller network faults (issue 12 item 7): odd Retry-After values, non-text article responses."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from newsbot.middlewares import retry_after_seconds
from tests.mocksite import MockSite
from tests.scrapy_run import all_records, crawl_site, run_scrapy, stat

NOW = datetime(2024, 1, 1, 12, 0, tzinfo=timezone.utc)


@pytest.mark.parametrize("value, expected", [
    (b"120", 120.0), (b" 7 ", 7.0), ("0", 0.0),
    (b"\xb2", None), ("²", None), ("³⁰", None), ("٣٠", None), ("۳۰", None),  # isdigit() says yes to these
    (b"-5", None), (b"1.5", None), (b"1e3", None), (b"", None), (None, None), (b"soon", None),
    ("Mon, 01 Jan 2024 12:00:30 GMT", 30.0), ("Mon, 01 Jan 2024 11:00:00 GMT", 0.0),
    ("Mon, 01 Jan 99999 12:00:30 GMT", None), ("Mon, 45 Foo 2024 99:99:99 GMT", None),
])
def test_retry_after_values(value, expected):
    assert retry_after_seconds(value, now=NOW) == expected


@pytest.mark.e2e
def test_superscript_retry_after_and_an_image_at_an_article_url(tmp_path):
    from tests.test_e2e_asrpress import ARTICLE, HTML, SLUG
    home = (f'<a href="/fa/news/36482/{SLUG}">a</a><a href="/fa/news/500/photo">p</a>'
            f'<a href="/fa/news/501/busy">b</a>').encode()
    routes = {
        "/": (HTML, home),
        f"/fa/news/36482/{SLUG}": (HTML, ARTICLE),
        "/fa/news/500/photo": ("image/jpeg", b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + bytes(200)),
        "/fa/news/501/busy": ("status", 503, {"Retry-After": "\xb2"}, b"busy"),
    }
    with MockSite(routes) as site:
        result = crawl_site("asrpress", site.base_url, tmp_path, "-a", "discovery=listings",
                            "-s", "ROBOTSTXT_OBEY=False", "-s", "RETRY_TIMES=1", check=False)
        hits = dict(site.hits)
    assert result.returncode == 1 and "exit status: 1 (errors_above_threshold)" in result.stderr  # gave up on 501
    assert [r["news_code"] for r in all_records(tmp_path)] == ["36482"]
    assert hits["/fa/news/501/busy"] == 2  # retried at once: the header value is not a delay
    assert stat(result.stderr, "newsbot/retry_after/waits") is None
    assert stat(result.stderr, "newsbot/dropped/not_html") == 1
    assert "/fa/news/500/photo: not an article: non-text response (Content-Type image/jpeg)" in result.stderr
    assert stat(result.stderr, "spider_exceptions/AttributeError") is None
    assert "Traceback" not in result.stderr


@pytest.mark.e2e
def test_mirror_exemption_covers_the_mirror_port_only(tmp_path):
    from tests.test_e2e_asrpress import ARTICLE, HTML, SLUG
    with MockSite({"/fa/news/36483/x": (HTML, ARTICLE)}) as other:
        home = (f'<a href="/fa/news/36482/{SLUG}">a</a>'
                f'<a href="{other.base_url}/fa/news/36483/x">same host, other port</a>').encode()
        with MockSite({"/": (HTML, home), f"/fa/news/36482/{SLUG}": (HTML, ARTICLE)}) as site:
            result = crawl_site("asrpress", site.base_url, tmp_path, "-a", "discovery=listings",
                                "-s", "ROBOTSTXT_OBEY=False")
        assert sum(other.hits.values()) == 0
    assert [r["news_code"] for r in all_records(tmp_path)] == ["36482"]
    assert stat(result.stderr, "newsbot/security/refused/loopback") == 1
    assert f"refused {other.base_url}/fa/news/36483/x (loopback)" in result.stderr


@pytest.mark.e2e
@pytest.mark.parametrize("downloader, held", [(None, True), ("scrapy.core.downloader.Downloader", False)])
def test_a_retry_after_wait_holds_the_whole_site(tmp_path, downloader, held):
    """With one request at a time per domain, nothing else is fetched from the site during the wait.

    Scrapy's own downloader (no hold, and no per-domain limit at delay 0) fetches the other article at once.
    """
    import time

    from tests.test_e2e_asrpress import ARTICLE, HTML
    times: dict[str, list[float]] = {}
    home = b'<a href="/fa/news/36482/a">a</a><a href="/fa/news/36483/b">b</a>'

    busy: list[str] = []  # the first article requested answers 503 once

    def router(path, query):
        times.setdefault(path, []).append(time.monotonic())
        if path == "/":
            return HTML, home
        if not busy and path.startswith("/fa/news/"):
            busy.append(path)
            return ("status", 503, {"Retry-After": "2"}, b"busy")
        return (HTML, ARTICLE) if path.startswith("/fa/news/") else None

    extra = ("-s", f"DOWNLOADER={downloader}") if downloader else ()
    with MockSite(router) as site:
        result = run_scrapy(  # not crawl_site: its FAST settings allow 8 per domain
            "crawl", "asrpress", "-a", f"base_url={site.base_url}", "-a", "discovery=listings",
            "-s", f"NEWSBOT_OUTPUT_DIR={tmp_path / 'out'}", "-s", f"NEWSBOT_SEEN_PATH={tmp_path / 'seen'}",
            "-s", "ROBOTSTXT_OBEY=False", "-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=False",
            "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=1", *extra, timeout=60)
    assert stat(result.stderr, "newsbot/retry_after/waits") == 1
    (other_path,) = {"/fa/news/36482/a", "/fa/news/36483/b"} - set(busy)
    assert len(times[busy[0]]) == 2 and len(times[other_path]) == 1
    first_503, other = times[busy[0]][0], times[other_path][0]
    assert (other - first_503 >= 1.9) is held  # the site's next request came only after the wait
