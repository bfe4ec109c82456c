"""Walls: recognised on small realistic pages, never on real articles; end to end never an item."""

from __future__ import annotations

import pytest

from newsbot.core.walls import detect_wall, header_value
from tests.conftest import FIXTURES, REPO, shared_path
from tests.mocknews import NewsSite
from tests.mocksite import MockSite
from tests.scrapy_run import all_records, crawl_site, stat

REPLAY_INPUTS = FIXTURES.parent / "replay_inputs"
WALLS = REPO / "tests" / "walls"


def page(name: str) -> str:
    return (WALLS / name).read_text(encoding="utf-8")


@pytest.mark.parametrize("name, status, kind", [
    ("arvan.html", 200, "arvan"),
    ("cloudflare.html", 403, "cloudflare"),
    ("cloudflare.html", 503, "cloudflare"),
    ("captcha.html", 200, "captcha"),
    ("login.html", 200, "login"),
    ("denied.html", 200, "denied"),
    ("denied.html", 403, "denied"),
])
def test_fixture_pages_are_walls_of_their_kind(name, status, kind):
    assert detect_wall(status, {"Content-Type": "text/html; charset=utf-8"}, page(name)) == kind


def test_headers_alone_identify_walls():
    assert detect_wall(200, {b"Set-Cookie": [b"__arcsjs=abc; path=/"]}, "<html></html>") == "arvan"
    assert detect_wall(403, {"cf-mitigated": "challenge"}, "") == "cloudflare"
    assert detect_wall(401, {}, "") == "login"
    assert detect_wall(429, {}, "Too Many Requests") == "denied"
    assert detect_wall(451, {}, None) == "denied"
    article = (FIXTURES / "asrpress" / "36482.html").read_text(encoding="utf-8")
    assert detect_wall(200, {"Set-Cookie": "__arcsjs=abc"}, article) is None


def test_header_value_reads_scrapy_and_plain_mappings():
    assert header_value({b"Set-Cookie": [b"a=1", b"b=2"]}, "set-cookie") == "a=1\nb=2"
    assert header_value({"SERVER": "ArvanCloud"}, "server") == "ArvanCloud"
    assert header_value(None, "server") == ""


def test_ordinary_answers_are_not_walls():
    assert detect_wall(200, {}, "") is None
    assert detect_wall(404, {}, "<html><title>Not found</title></html>") is None
    assert detect_wall(500, {}, "Internal Server Error") is None
    # a long article that mentions the interstitial's text is an article, not the interstitial
    article = "<html><body><article>" + "در حال انتقال به سایت " + "متن خبر. " * 3000 + "</article></body></html>"
    assert detect_wall(200, {}, article) is None


def test_article_with_captcha_comment_form_is_not_a_wall():
    html = (FIXTURES / "asrpress" / "36482.html").read_text(encoding="utf-8")
    commented = html.replace("</body>", '<form class="comment"><div class="g-recaptcha"></div>'
                                        '<input type="password" name="p"> ورود به حساب</form></body>')
    assert detect_wall(200, {}, commented) is None


def test_no_site_fixture_or_real_page_is_a_wall():
    pages = sorted(FIXTURES.glob("*/*.html"))
    pages = [p for p in pages if p.parent.name != "walls"]
    real = shared_path("real-pages")
    pages += sorted(real.glob("*.html"))
    assert len(pages) >= 13  # 4 contract pages + 9 real pages
    walled = {p.name: detect_wall(200, {}, p.read_text(encoding="utf-8", errors="replace")) for p in pages}
    assert {name: kind for name, kind in walled.items() if kind} == {}


@pytest.mark.e2e
def test_wall_is_never_an_item_and_is_tried_again_next_run(tmp_path):
    site = NewsSite("iransamaneh", 3)
    walled = site.articles[1]
    state = {"wall": True}

    def router(path, query):
        if state["wall"] and path in (site.path(walled), site.path(site.articles[2])):
            return ("text/html; charset=utf-8", page("arvan.html").encode())
        return site.route(path, query)

    with MockSite(router) as server:
        first = crawl_site("asrpress", server.base_url, tmp_path, "-a", "discovery=feeds")
        assert [r["news_code"] for r in all_records(tmp_path)] == [str(site.articles[0].code)]
        assert stat(first.stderr, "newsbot/wall/arvan") == 2
        assert stat(first.stderr, "newsbot/wall_site/asrpress/arvan") == 2
        assert first.stderr.count("arvan wall at") == 1  # one warning per site per run
        assert "2 pages behind a wall" in first.stderr
        state["wall"] = False
        second = crawl_site("asrpress", server.base_url, tmp_path, "-a", "discovery=feeds")
    codes = sorted(r["news_code"] for r in all_records(tmp_path))
    assert codes == sorted(str(a.code) for a in site.articles)
    assert stat(second.stderr, "newsbot/wall/arvan") is None
    assert stat(second.stderr, "newsbot/seen/skipped") == 1


def test_check_response_counts_per_site_and_warns_once(caplog):
    from collections import Counter
    from types import SimpleNamespace

    from scrapy.http import HtmlResponse

    from newsbot.walls import check_response

    stats = Counter()
    crawler = SimpleNamespace(stats=SimpleNamespace(inc_value=lambda key, n=1: stats.update({key: n})))
    wall = HtmlResponse("https://x.ir/fa/news/1", body=page("arvan.html").encode(), encoding="utf-8")
    article = HtmlResponse("https://x.ir/fa/news/2", body=(FIXTURES / "asrpress" / "36482.html").read_bytes())
    with caplog.at_level("WARNING", logger="newsbot.walls"):
        kinds = [check_response(crawler, r, "x") for r in (wall, article, wall)]
        kinds.append(check_response(crawler, wall, "y"))
    assert kinds == ["arvan", None, "arvan", "arvan"]
    assert stats == {"newsbot/wall/arvan": 3, "newsbot/wall_site/x/arvan": 2, "newsbot/wall_site/y/arvan": 1}
    assert [r.getMessage().split(":")[0] for r in caplog.records] == ["x", "y"]  # once per site


@pytest.mark.e2e
def test_replayed_walls_are_counted_never_items(tmp_path):
    """Saved walls (a page, and a 403 with its sidecar) among real pages: the walls are not
    items, are counted per kind, warned about once and listed in the rejects file."""
    import json

    from newsbot.core.savedpage import write_sidecar
    from tests.scrapy_run import jsonl_files, read_jsonl, run_scrapy

    tree = tmp_path / "saved"
    tree.mkdir()
    (tree / "article.html").write_bytes((REPLAY_INPUTS / "tabnak_1034567.html").read_bytes())
    (tree / "arvan.html").write_bytes(page("arvan.html").encode())
    (tree / "denied.html").write_bytes(page("cloudflare.html").encode())
    write_sidecar(tree / "denied.html", url="https://www.tabnak.ir/fa/news/7/x", status=403)
    rejects, out = tmp_path / "rejects.jsonl", tmp_path / "out"
    result = run_scrapy("crawl", "replay", "-a", f"path={tree}", "-a", f"rejects={rejects}",
                        "-s", f"NEWSBOT_OUTPUT_DIR={out}", timeout=60)
    assert [r["site"] for f in jsonl_files(out) for r in read_jsonl(f)] == ["tabnak"]
    assert stat(result.stderr, "newsbot/wall/arvan") == stat(result.stderr, "newsbot/wall/cloudflare") == 1
    assert "2 pages behind a wall" in result.stderr
    assert result.stderr.count("wall at") == 2  # one warning per site: the unknown one and tabnak
    reasons = sorted(json.loads(line)["reason"] for line in rejects.read_text(encoding="utf-8").splitlines())
    assert reasons == ["wall_arvan", "wall_cloudflare"]


def test_a_short_article_quoting_a_wall_is_not_a_wall():
    """A 200 article page (og:type article, <article>) that quotes an interstitial's words is kept."""
    for quote in ("در حال انتقال به سایت", "Checking your browser before accessing"):
        page = (f'<html><head><meta property="og:type" content="article"><title>خبر</title></head>'
                f"<body><article><h1>خبر کوتاه</h1><p>کاربران پیام «{quote}» را دیدند.</p></article></body></html>")
        assert detect_wall(200, {}, page) is None
        assert detect_wall(503, {}, page) is not None  # served as an error, it is still a wall
