"""Crawl → WARC archive → replay, end to end with the real ``scrapy crawl``.

The live crawls run against generated sites on 127.0.0.1 (tests/mocknews.py).
"""

from __future__ import annotations

import json
import shutil
from datetime import datetime, timezone

import pytest
from warcio.archiveiterator import ArchiveIterator

from newsbot.archive.readers import Counts, iter_warc
from tests.conftest import FIXTURES, REPO, shared_path
from tests.mocknews import NewsSite
from tests.mocksite import MockSite
from tests.scrapy_run import all_records, crawl_site, read_jsonl, run_scrapy, stat
from tests.warcs import new_writer, write_response, write_revisit

pytestmark = pytest.mark.e2e
CRAWL_TIME_FIELDS = ("crawled_at", "source_path")


def replay(path, out, *args):
    return run_scrapy("crawl", "replay", "-a", f"path={path}", "-s", f"NEWSBOT_OUTPUT_DIR={out}", *args)


def by_url(records):
    records = list(records)
    urls = [r["url"] for r in records]
    assert len(urls) == len(set(urls)), "an article written twice"
    return {r["url"]: r for r in records}


def without_crawl_time(record):
    return {k: v for k, v in record.items() if k not in CRAWL_TIME_FIELDS}


@pytest.mark.parametrize(("spider", "family"), [("asrpress", "iransamaneh"), ("khabaronline", "nastooh")])
def test_replaying_the_archive_of_a_live_crawl_gives_the_same_records(spider, family, tmp_path):
    site = NewsSite(family, 24)
    with MockSite(site.route) as server:
        live_run = crawl_site(spider, server.base_url, tmp_path)
    live = by_url(all_records(tmp_path))
    assert len(live) == 24
    assert stat(live_run.stderr, "newsbot/archive/records") == 24
    files = sorted((tmp_path / "archive" / spider).glob("*.warc.gz"))
    assert len(files) == 1 and files[0].name.startswith(datetime.now(timezone.utc).date().isoformat()[:7])

    pages = list(iter_warc(files[0], Counts()))
    assert sorted(p.url for p in pages) == sorted(live)

    for workers in ("1", "2"):
        out = tmp_path / f"replay-{workers}"
        result = replay(tmp_path / "archive", out, "-a", f"workers={workers}")
        replayed = by_url(r for f in sorted(out.rglob("*.jsonl")) for r in read_jsonl(f))
        assert replayed.keys() == live.keys()
        for url, record in live.items():
            assert without_crawl_time(replayed[url]) == without_crawl_time(record)
            # crawled_at = the record's WARC-Date, taken just before the live parse
            fetched = datetime.fromisoformat(replayed[url]["crawled_at"])
            assert 0 <= (datetime.fromisoformat(record["crawled_at"]) - fetched).total_seconds() < 5
            assert replayed[url]["source_path"].startswith(str(files[0]) + "#")
        assert stat(result.stderr, "newsbot/replay/archive/pages") == 24
        assert stat(result.stderr, "newsbot/replay/archive/not_response") == 48  # request + metadata


def test_a_wall_is_not_archived(tmp_path):
    site = NewsSite("iransamaneh", 6)
    walled = site.path(site.articles[2])
    captcha = (REPO / "tests" / "walls" / "captcha.html").read_bytes()

    def route(path, query):
        return ("text/html; charset=utf-8", captcha) if path == walled else site.route(path, query)

    with MockSite(route) as server:
        result = crawl_site("asrpress", server.base_url, tmp_path)
    assert len(all_records(tmp_path)) == 5
    assert stat(result.stderr, "newsbot/archive/records") == 5
    pages = list(iter_warc(next((tmp_path / "archive" / "asrpress").glob("*.warc.gz")), Counts()))
    assert len(pages) == 5 and not any(f"/{site.articles[2].code}/" in p.url for p in pages)
    assert "'newsbot/wall/" in result.stderr  # the wall was met (and dropped) after the capture


def test_empty_archive_dir_setting_turns_archiving_off(tmp_path):
    site = NewsSite("iransamaneh", 5)
    with MockSite(site.route) as server:
        result = crawl_site("asrpress", server.base_url, tmp_path, "-s", "NEWSBOT_ARCHIVE_DIR=")
    assert len(all_records(tmp_path)) == 5
    assert not (tmp_path / "archive").exists()
    assert stat(result.stderr, "newsbot/archive/records") is None


def test_archive_with_discovery_and_worker_id_and_scrapy_http_cache(tmp_path):
    site = NewsSite("iransamaneh", 6)
    cache = tmp_path / "httpcache"
    with MockSite(site.route) as server:
        crawl_site("asrpress", server.base_url, tmp_path, "-s", "NEWSBOT_ARCHIVE_DISCOVERY=True",
                   "-s", "NEWSBOT_WORKER_ID=w1", "-s", "HTTPCACHE_ENABLED=True", "-s", f"HTTPCACHE_DIR={cache}")
    live = by_url(all_records(tmp_path))
    files = list((tmp_path / "archive" / "asrpress").glob("*.warc.gz"))
    assert len(files) == 1 and files[0].name.endswith(".w1.warc.gz")
    with open(files[0], "rb") as handle:
        urls = [r.rec_headers.get_header("WARC-Target-URI") for r in ArchiveIterator(handle)
                if r.rec_type == "response"]
    assert len(urls) == 6 + 3  # articles + RSS, sitemap index, news sitemap
    assert {u.split("/", 3)[3] for u in urls if "/news/" not in u} == {
        "fa/rss/allnews", "sitemap.xml", "sitemap-news.xml"}
    counts = Counts()
    assert len(list(iter_warc(files[0], counts))) == 6 and counts["not_html"] == 3  # feeds are not pages

    # the same crawl's Scrapy HTTP cache, replayed: its listing pages are not articles (dropped)
    out = tmp_path / "from-cache"
    result = replay(cache, out, "-a", "site=asrpress", "-a", "domains=127.0.0.1")
    replayed = by_url(r for f in sorted(out.rglob("*.jsonl")) for r in read_jsonl(f))
    assert replayed.keys() == live.keys()
    for url, record in live.items():
        assert without_crawl_time(replayed[url]) == without_crawl_time(record)
    assert stat(result.stderr, "newsbot/replay/archive/pages") >= 6


def test_foreign_warc_real_page_chunked_gzip_and_filtered_records(tmp_path):
    pages = shared_path("real-pages")
    lines = (pages / "truth.jsonl").read_text(encoding="utf-8").splitlines()
    truth = {row["file"]: row for row in map(json.loads, lines)}
    row = truth["yjc_1.html"]
    when = datetime(2020, 10, 13, 4, 50, 52, tzinfo=timezone.utc)
    warc = tmp_path / "CC-NEWS-20201013045052-00001.warc.gz"
    with open(warc, "wb") as handle:
        writer = new_writer(handle)
        write_response(writer, row["url"], (pages / "yjc_1.html").read_bytes(), gzip_body=True,
                       chunked_body=True, date=when)
        write_revisit(writer, row["url"])
        write_response(writer, "https://example.org/news/1", (pages / "isna_1.html").read_bytes())
        write_response(writer, "https://www.yjc.ir/logo.png", b"\x89PNG", content_type="image/png")
    out = tmp_path / "out"
    result = replay(warc, out)
    records = [r for f in sorted(out.rglob("*.jsonl")) for r in read_jsonl(f)]
    assert [(r["url"], r["site"], r["title"], r["crawled_at"]) for r in records] == [
        (row["url"], "yjc", row["title"], "2020-10-13T04:50:52+00:00")]
    for key, value in (("pages", 1), ("revisit", 1), ("other_domain", 1), ("not_html", 1)):
        assert stat(result.stderr, f"newsbot/replay/archive/{key}") == value
    # -a any_site=1 takes the other domain's page too (detected by its CMS markers)
    wide = replay(warc, tmp_path / "wide", "-a", "any_site=1")
    assert stat(wide.stderr, "newsbot/replay/archive/pages") == 2

    # a tree mixing saved pages and WARC files: 3 workers write what 1 does, each once
    tree = tmp_path / "tree"
    (tree / "warcs").mkdir(parents=True)
    shutil.copy(warc, tree / "warcs" / warc.name)
    for name in ("rajanews/333456.html", "farsnews/14020611000345.html", "asrpress/36482.html",
                 "jahannews/728934.html"):
        shutil.copy(FIXTURES / name, tree / name.replace("/", "_"))
    one = [r for f in sorted((tmp_path / "one").rglob("*.jsonl")) for r in read_jsonl(f)] if replay(
        tree, tmp_path / "one", "-a", "workers=1") else None
    many = [r for f in sorted((tmp_path / "many").rglob("*.jsonl")) for r in read_jsonl(f)] if replay(
        tree, tmp_path / "many", "-a", "workers=3") else None
    assert len(one) == 5
    assert sorted(map(without_crawl_time_json, many)) == sorted(map(without_crawl_time_json, one))


def without_crawl_time_json(record):
    return json.dumps({k: v for k, v in record.items() if k != "crawled_at"}, sort_keys=True, ensure_ascii=False)


def test_a_wall_inside_a_warc_is_counted_and_rejected_also_from_a_worker(tmp_path):
    pages = shared_path("real-pages")
    row = json.loads((pages / "truth.jsonl").read_text(encoding="utf-8").splitlines()[1])
    warc = tmp_path / "mixed.warc.gz"
    with open(warc, "wb") as handle:
        writer = new_writer(handle)
        write_response(writer, row["url"], (pages / row["file"]).read_bytes())
        write_response(writer, "https://www.yjc.ir/fa/news/999/x",
                       (REPO / "tests" / "walls" / "captcha.html").read_bytes())
    for workers in ("1", "2"):
        rejects = tmp_path / f"rejects-{workers}.jsonl"
        result = run_scrapy("crawl", "replay", "-a", f"path={warc}", "-a", f"workers={workers}",
                            "-a", f"rejects={rejects}", "-s", f"NEWSBOT_OUTPUT_DIR={tmp_path / workers}",
                            check=False)
        records = [r for f in sorted((tmp_path / workers).rglob("*.jsonl")) for r in read_jsonl(f)]
        assert [r["url"] for r in records] == [row["url"]], result.stderr[-2000:]
        assert "'newsbot/wall/" in result.stderr
        lines = [json.loads(line) for line in rejects.read_text(encoding="utf-8").splitlines()]
        assert len(lines) == 1 and lines[0]["path"].startswith(f"{warc}#")  # the wall, once
