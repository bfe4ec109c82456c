"""Issue 13 K12, live side: a ``<base href>`` or ``<meta http-equiv=refresh>`` URL
the URL library rejects (port over 65535, broken IPv6 bracket) is counted and
ignored; it never ends in "Error downloading" or a spider error."""

from __future__ import annotations

import pytest
from scrapy.http import HtmlResponse, Request
from scrapy.spiders import Spider
from scrapy.utils.test import get_crawler

from newsbot.middlewares import SafeMetaRefreshMiddleware
from newsbot.spiders.links import join_link, page_base
from tests.mocknews import NewsSite
from tests.mocksite import MockSite
from tests.scrapy_run import all_records, crawl_site, stat

PAGE = "http://127.0.0.1:8000/fa/a"


class Stats(dict):
    def inc_value(self, key, count=1):
        self[key] = self.get(key, 0) + count


def html(head: str, body: str = "") -> HtmlResponse:
    return HtmlResponse(PAGE, body=f"<html><head>{head}</head><body>{body}</body></html>".encode(),
                        request=Request(PAGE))


@pytest.mark.parametrize("base", ["http://example.com:99999/", "http://[::1/"])
def test_bad_base_href_is_ignored_once_per_page(base):
    stats = Stats()
    assert page_base(html(f'<base href="{base}">'), stats) == PAGE
    assert page_base(html('<base href="http://other.example/x/">'), stats) == "http://other.example/x/"
    assert stats == {"newsbot/bad_url/base_href": 1}


def test_bad_link_is_left_out_and_counted():
    stats = Stats()
    assert join_link(PAGE, "/fa/news/1/x", stats) == "http://127.0.0.1:8000/fa/news/1/x"
    assert join_link(PAGE, "http://127.0.0.1:99999/fa/news/2/y", stats) is None
    assert join_link(PAGE, "http://[::1/fa/news/3/z", stats) is None
    assert stats == {"newsbot/bad_url/link": 2}


@pytest.mark.parametrize(("head", "followed"), [
    ('<meta http-equiv="refresh" content="0; url=http://example.com:99999/x">', None),
    ('<base href="http://[::1/"><meta http-equiv="refresh" content="0; url=x">', None),
    ('<meta http-equiv="refresh" content="0; url=/moved">', "http://127.0.0.1:8000/moved"),
    ('<base href="http://[::1/">', "no refresh"),
])
def test_meta_refresh_to_an_unusable_url_passes_the_response_on(head, followed):
    crawler = get_crawler(Spider)
    middleware = SafeMetaRefreshMiddleware.from_crawler(crawler)
    response = html(head)
    result = middleware.process_response(response.request, response)
    if followed is None:
        assert result is response
        assert crawler.stats.get_value("newsbot/bad_url/meta_refresh") == 1
    elif followed == "no refresh":  # only the base is bad: the spider counts that
        assert result is response
        assert crawler.stats.get_value("newsbot/bad_url/meta_refresh") is None
    else:
        assert isinstance(result, Request) and result.url == followed
        assert crawler.stats.get_value("newsbot/bad_url/meta_refresh") is None


@pytest.mark.e2e
def test_crawl_with_bad_base_href_and_meta_refresh_urls(tmp_path):
    site = NewsSite("iransamaneh", 3)
    first, second = site.articles[0], site.articles[1]
    refresh = {
        site.path(first): '<meta http-equiv="refresh" content="0; url=http://example.com:99999/x">',
        site.path(second): '<base href="http://[::1/"><meta http-equiv="refresh" content="0; url=x">',
    }

    def router(path, query):
        if path == "/":  # the homepage: a broken base and a link with an impossible port
            page = site.links_html(site.latest(10)).decode()
            page = page.replace("<head>", '<head><base href="http://[::1/">')
            page = page.replace("</ul>", '<li><a href="http://127.0.0.1:99999/fa/news/7/x">x</a></li></ul>')
            return "text/html; charset=utf-8", page.encode()
        if path in refresh:
            page = site.article_html(site.by_code[int(path.split("/")[3])]).decode()
            return "text/html; charset=utf-8", page.replace("</title>", "</title>" + refresh[path]).encode()
        return site.route(path, query)

    with MockSite(router) as server:
        result = crawl_site("asrpress", server.base_url, tmp_path, "-a", "discovery=listings")
    assert sorted(r["news_code"] for r in all_records(tmp_path)) == sorted(str(a.code) for a in site.articles)
    assert stat(result.stderr, "newsbot/bad_url/base_href") == 1  # the homepage (no refresh there)
    assert stat(result.stderr, "newsbot/bad_url/link") == 1
    assert stat(result.stderr, "newsbot/bad_url/meta_refresh") == 2
    assert "Error downloading" not in result.stderr and "Traceback" not in result.stderr
    assert stat(result.stderr, "log_count/ERROR") is None
