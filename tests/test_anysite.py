"""Any-site spider: link-shape learning, arguments, and real crawls of loopback mock sites."""

from __future__ import annotations

import re
from datetime import datetime
from urllib.parse import unquote

import pytest

from newsbot.core.urlshapes import ShapeLearner, path_shape
from tests.conftest import REPO
from tests.mockgeneric import GenericSite
from tests.mocknews import NewsSite
from tests.mocksite import MockSite
from tests.scrapy_run import FAST, all_records, run_scrapy, stat


def crawl_any(workdir, *args, timeout=120, expect=0):
    """The crawl, whose exit status must be *expect* (1: pages failed and nothing was exported)."""
    result = run_scrapy("crawl", *args, "-s", f"NEWSBOT_OUTPUT_DIR={workdir / 'out'}",
                        "-s", f"NEWSBOT_SEEN_PATH={workdir / 'seen.sqlite3'}", *FAST, timeout=timeout,
                        check=expect == 0)
    assert result.returncode == expect, result.stderr[-3000:]
    assert "Warning" not in result.stderr, result.stderr[-3000:]
    return result


def instants(records):
    return sorted(datetime.fromisoformat(r["published_at"]) for r in records)


def test_path_shapes_abstract_codes_and_slugs():
    assert path_shape("https://x.ir/fa/news/2024/05/12/48213/%D8%A8-%D8%A7") == (
        "fa", "news", "<n>", "<n>", "<n>", "<n>", "<s>")
    assert path_shape("https://x.ir/a/some-slug/12345.html") == ("a", "<s>", "<n>.html")
    assert path_shape("https://x.ir/news.php?id=12&x=a") == ("news.php", "?id=<n>", "?x=<v>")
    assert path_shape("https://x.ir/economy/") == ("economy",)


def test_learner_probes_a_few_links_of_a_shape_then_follows_the_verdict():
    learner = ShapeLearner(probe_limit=2)
    urls = [f"https://x.ir/story/{n}/slug-{n}" for n in range(5)]
    assert [learner.classify(u) for u in urls] == ["probe", "probe", "wait", "wait", "wait"]
    assert learner.classify(urls[0]) == "skip"  # already asked
    assert learner.classify("https://x.ir/economy") == "section"
    assert learner.classify("https://x.ir/tag/a-b") == "skip"
    assert learner.classify("https://x.ir/img/1.jpg") == "skip"
    assert learner.settle(urls[0], None) == ([], [urls[2]])  # fetch failed: next waiting link is probed
    assert learner.settle(urls[1], True) == ([urls[3], urls[4]], [])
    assert learner.classify("https://x.ir/story/9/slug-9") == "article"


def test_learner_gives_up_a_shape_that_is_never_an_article():
    learner = ShapeLearner(probe_limit=2)
    urls = [f"https://x.ir/list/{n}" for n in range(4)]
    assert [learner.classify(u) for u in urls] == ["probe", "probe", "wait", "wait"]
    assert learner.settle(urls[0], False) == ([], [urls[2]])
    assert learner.settle(urls[1], False) == ([], [])
    assert learner.classify("https://x.ir/list/99") == "skip"


@pytest.mark.parametrize("args, message", [
    ((), "give one of -a url="),
    (("-a", "url=ftp://x.ir", "-a", "_job=1"), "not a site URL"),  # _job: scrapyd's, not unknown
    (("-a", "urls=/nonexistent/list.txt"), "cannot read -a urls="),
    (("-a", "url=https://x.ir", "-a", "since=1402/01/01"), "unknown option"),
    (("-a", "url=https://x.ir", "-a", "discovery=archive"), "unknown discovery ['archive']"),
])
def test_bad_arguments_exit_2_before_crawling(args, message):
    result = run_scrapy("crawl", "site", *args, check=False, timeout=60)
    assert result.returncode == 2
    assert message in result.stderr


@pytest.mark.e2e
def test_unknown_cms_site_is_crawled_by_learning_its_article_links(tmp_path):
    site = GenericSite(12)
    with MockSite(site.route) as server:
        first = crawl_any(tmp_path, "site", "-a", f"url={server.base_url}/")
        name = "127-0-0-1-" + server.base_url.rsplit(":", 1)[1]
        records = all_records(tmp_path)
        assert sorted(unquote(r["url"]) for r in records) == sorted(server.base_url + site.path(a) for a in site.articles)
        assert {r["site"] for r in records} == {name}
        assert {r["language"] for r in records} == {"fa"}
        by_url = {unquote(r["url"]): r for r in records}
        for a in site.articles:
            record = by_url[server.base_url + site.path(a)]
            assert record["title"] == a.title
            assert datetime.fromisoformat(record["published_at"]) == a.published
            assert record["body"].startswith(a.paragraphs[0])
        assert stat(first.stderr, "newsbot/anysite/learned_shapes") == 1
        assert server.hits_under("/tag/") == server.hits_under("/about") == 0  # never article-shaped
        assert server.hits_under("/politics") == server.hits_under("/economy") == 1  # sections read once
        second = crawl_any(tmp_path, "site", "-a", f"url={server.base_url}")
    assert len(all_records(tmp_path)) == 12  # nothing written twice
    assert stat(second.stderr, "item_scraped_count") is None


@pytest.mark.e2e
def test_known_family_under_unknown_domain_is_detected_and_its_rules_used(tmp_path):
    site = NewsSite("iransamaneh", 8)
    with MockSite(site.route) as server:
        result = crawl_any(tmp_path, "site", "-a", f"url={server.base_url}")
    records = all_records(tmp_path)
    assert sorted(r["news_code"] for r in records) == sorted(str(a.code) for a in site.articles)
    assert instants(records) == sorted(a.published for a in site.articles)
    assert stat(result.stderr, "newsbot/anysite/family/iransamaneh") == 1


@pytest.mark.e2e
def test_urls_file_crawls_many_sites_in_one_run(tmp_path):
    generic, nastooh = GenericSite(4, feed_link=False, first_code=700), NewsSite("nastooh", 5, first_code=900)
    with MockSite(generic.route) as one, MockSite(nastooh.route) as two:
        listing = tmp_path / "sites.txt"
        listing.write_text(f"# two sites\n{one.base_url}\n\n{two.base_url}\n", encoding="utf-8")
        crawl_any(tmp_path, "site", "-a", f"urls={listing}")
    records = all_records(tmp_path)
    sites = {r["site"] for r in records}
    assert len(sites) == 2
    assert sorted(r["title"] for r in records) == sorted(a.title for a in generic.articles + nastooh.articles)


@pytest.mark.e2e
def test_catalogue_entries_crawl_as_spiders(tmp_path):
    family_site, dari_site = NewsSite("iransamaneh", 3, first_code=300), GenericSite(3, first_code=400)
    with MockSite(family_site.route) as one, MockSite(dari_site.route) as two:
        crawl_any(tmp_path, "farazdaily", "-a", f"base_url={one.base_url}")
        crawl_any(tmp_path, "amu", "-a", f"base_url={two.base_url}")
    records = all_records(tmp_path)
    assert sorted((r["site"], r["language"], r["title"]) for r in records) == sorted(
        [("farazdaily", "fa", a.title) for a in family_site.articles]
        + [("amu", "prs", a.title) for a in dari_site.articles])
    assert sorted(r["news_code"] for r in records if r["site"] == "farazdaily") == ["300", "301", "302"]


@pytest.mark.e2e
def test_diaspora_site_keeps_only_dates_whose_page_states_an_offset(tmp_path):
    stated, naive = GenericSite(2, first_code=500), GenericSite(2, first_code=600)
    naive_html = naive.article_html

    def without_offset(article):  # "2023-12-01T08:00:00+03:30" -> "2023-12-01T08:00:00"
        return naive_html(article).replace(b"+03:30", b"")

    naive.article_html = without_offset
    with MockSite(stated.route) as one, MockSite(naive.route) as two:
        crawl_any(tmp_path / "a", "iranwire", "-a", f"base_url={one.base_url}")
        result = crawl_any(tmp_path / "b", "iranwire", "-a", f"base_url={two.base_url}", expect=1)
    assert instants(all_records(tmp_path / "a")) == sorted(a.published for a in stated.articles)
    assert all_records(tmp_path / "b") == []  # no date stated with an offset: not guessed, rejected
    assert stat(result.stderr, "newsbot/date/no_page_offset") == 2


@pytest.mark.e2e
def test_walled_site_gives_no_item_and_one_warning_under_its_site_name(tmp_path):
    walled = (REPO / "tests" / "walls" / "cloudflare.html").read_bytes()
    with MockSite(lambda path, query: ("status", 403, {"Content-Type": "text/html"}, walled)) as server:
        result = crawl_any(tmp_path, "site", "-a", f"url={server.base_url}", expect=1)
    name = "127-0-0-1-" + server.base_url.rsplit(":", 1)[1]
    assert all_records(tmp_path) == []
    assert stat(result.stderr, f"newsbot/wall_site/{name}/cloudflare") == stat(result.stderr, "newsbot/wall/cloudflare")
    hits = dict(server.hits)
    assert hits == {"/robots.txt": 2, "/": 1, "/sitemap.xml": 1}  # robots.txt: Scrapy's check and the Sitemap: lines
    assert stat(result.stderr, "newsbot/wall/cloudflare") == 4  # every answer was the wall
    assert result.stderr.count("cloudflare wall at") == 1


@pytest.mark.e2e
def test_real_homepage_of_a_known_family_under_an_unknown_domain(tmp_path):
    """The real 2017 Tabnak homepage (IranSamaneh) served on loopback: family detected on the homepage,
    and exactly its /fa/news/<code> links are requested as articles (the articles themselves 404 here)."""
    from parsel import Selector

    from newsbot.extract.families.iransamaneh import IRANSAMANEH
    from tests.conftest import shared_path

    home = shared_path("listings", "tabnak_home_2017.html").read_bytes()
    links = Selector(text=home.decode("utf-8")).css("a::attr(href)").getall()
    rule = re.compile(IRANSAMANEH.article_path)
    codes = {m.group("id") for m in (rule.search(unquote(h)) for h in links if h.startswith("/")) if m}
    assert len(codes) > 50
    with MockSite({"/": ("text/html; charset=utf-8", home)}) as server:
        result = crawl_any(tmp_path, "site", "-a", f"url={server.base_url}", "-a", "discovery=listings")
        requested = {path.split("/")[3] for path in server.hits if path.startswith("/fa/news/")}
    assert stat(result.stderr, "newsbot/anysite/family/iransamaneh") == 1
    assert requested == codes


@pytest.mark.e2e
def test_unknown_dari_site_gives_prs_items_in_kabul_time(tmp_path):
    site = GenericSite(2, first_code=800)
    home = site.home_html

    site.home_html = lambda: home().replace(b'<html lang="fa">', b'<html lang="prs">')
    with MockSite(site.route) as server:
        crawl_any(tmp_path, "site", "-a", f"url={server.base_url}")
    records = all_records(tmp_path)
    assert [r["language"] for r in records] == ["prs", "prs"]
    assert instants(records) == sorted(a.published for a in site.articles)
    assert {r["published_at"][-6:] for r in records} == {"+04:30"}  # the same instants, in Kabul time


@pytest.mark.e2e
def test_binary_answers_where_pages_were_expected_are_counted_not_errors(tmp_path):
    site = GenericSite(3, first_code=900)
    png = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4

    def router(path, query):
        if path in ("/politics", site.path(site.articles[0])):
            return ("image/png", png)
        return site.route(path, query)

    with MockSite(router) as server:
        result = crawl_any(tmp_path, "site", "-a", f"url={server.base_url}")
    assert sorted(r["title"] for r in all_records(tmp_path)) == sorted(a.title for a in site.articles[1:])
    assert stat(result.stderr, "newsbot/anysite/not_a_page") == 2
    assert stat(result.stderr, "log_count/ERROR") is None
