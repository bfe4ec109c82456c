"""Live crawls stay on public http(s) hosts of the site; output paths stay inside."""

from __future__ import annotations

import pytest

from newsbot.security import unsafe_reason
from tests.mocknews import NewsSite
from tests.mocksite import MockSite
from tests.scrapy_run import all_records, crawl_site, stat


@pytest.mark.parametrize(("url", "reason"), [
    ("file:///etc/passwd", "scheme_file"),
    ("ftp://www.isna.ir/x", "scheme_ftp"),
    ("http://127.0.0.1:8080/fa/news/1", "loopback"),
    ("http://localhost/fa/news/1", "loopback"),
    ("http://[::1]/x", "loopback"),
    ("http://10.1.2.3/x", "private_address"),
    ("http://192.168.0.10/x", "private_address"),
    ("http://169.254.169.254/latest/meta-data/", "private_address"),
    ("https://www.isna.ir/news/1/x", None),
    ("http://8.8.8.8/x", None),
])
def test_unsafe_reason(url, reason):
    assert unsafe_reason(url, set()) == reason


def test_base_url_host_and_port_are_allowed_other_ports_are_not():
    trusted = {"127.0.0.1:8080"}
    assert unsafe_reason("http://127.0.0.1:8080/fa/news/1", trusted) is None
    assert unsafe_reason("http://127.0.0.1:6379/", trusted) == "loopback"  # same host, another port
    assert unsafe_reason("http://127.0.0.1/x", trusted) == "loopback"
    assert unsafe_reason("http://10.0.0.5/x", trusted) == "private_address"
    assert unsafe_reason("http://10.0.0.5/x", {"10.0.0.5:80"}) is None  # default port filled in
    assert unsafe_reason("https://10.0.0.5/x", {"10.0.0.5:80"}) == "private_address"
    assert unsafe_reason("http://[::1]:8080/x", {"[::1]:8080"}) is None
    assert unsafe_reason("file:///tmp/a.html", {"file:///tmp/a.html"}) is None
    assert unsafe_reason("file:///etc/passwd", {"file:///tmp/a.html"}) == "scheme_file"


@pytest.mark.parametrize("url", ["http://[::1/x", "http://127.0.0.1:99999/x"])
def test_urls_that_cannot_be_split_are_refused_not_raised(url):
    assert unsafe_reason(url, set()) == "bad_url"


@pytest.mark.e2e
def test_live_crawl_refuses_private_and_file_links_found_in_pages(tmp_path):
    site = NewsSite("iransamaneh", 2)
    home = site.links_html(site.articles).decode().replace(
        "</ul>", '<li><a href="http://10.0.0.7/fa/news/66/x">private</a></li>'
                 '<li><a href="file:///etc/passwd">file</a></li>'
                 '<li><a href="http://localhost/fa/news/67/x">local</a></li>'
                 '<li><a href="https://evil.example.com/fa/news/68/x">offsite</a></li></ul>').encode()

    def router(path, query):
        return ("text/html; charset=utf-8", home) if path == "/" else site.route(path, query)

    with MockSite(router) as server:
        result = crawl_site("asrpress", server.base_url, tmp_path, "-a", "discovery=listings")
    assert sorted(r["news_code"] for r in all_records(tmp_path)) == [str(a.code) for a in site.articles]
    # Off-site and private links never become requests; nothing outside the mock is contacted.
    assert stat(result.stderr, "downloader/request_count") == 4  # robots.txt, homepage, 2 articles


@pytest.mark.e2e
def test_user_agent_names_the_contact(tmp_path):
    site = NewsSite("iransamaneh", 1)
    agents = []

    def router(path, query):
        return site.route(path, query)

    with MockSite(router) as server:
        original = server.server.RequestHandlerClass.do_GET

        def spy(handler):
            agents.append(handler.headers.get("User-Agent"))
            return original(handler)

        server.server.RequestHandlerClass.do_GET = spy
        crawl_site("asrpress", server.base_url, tmp_path, "-a", "discovery=feeds",
                   "-s", "NEWSBOT_CONTACT=mailto:data@example.org")
    assert set(agents) == {"newsbot/0.1.0 (+mailto:data@example.org)"}


def test_replay_reads_only_the_given_tree(tmp_path):
    from newsbot.extract.replay import iter_replay_files

    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.html").write_text("<html>secret</html>")
    root = tmp_path / "pages"
    (root / "sub").mkdir(parents=True)
    (root / "sub" / "a.html").write_text("<html>a</html>")
    (root / "b.txt").write_text("x")
    (root / "notes.md").write_text("x")
    (root / "link.html").symlink_to(outside / "secret.html")
    (root / "linkdir").symlink_to(outside, target_is_directory=True)
    (root / "inside.html").symlink_to(root / "sub" / "a.html")
    found = sorted(p.relative_to(root).as_posix() for p in iter_replay_files(root))
    assert found == ["b.txt", "inside.html", "sub/a.html"]
