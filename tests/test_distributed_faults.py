"""Distributed mode under stress: one article under two URLs, Redis lost or down.

Real redis-server and real ``scrapy crawl`` workers on 127.0.0.1, bounded in time.
"""

from __future__ import annotations

import time
from collections import Counter
from html import escape
from pathlib import Path

import pytest

from tests.distributed_util import finish, slow, worker
from tests.mocknews import NewsSite
from tests.mocksite import MockSite
from tests.redis_server import redis_server
from tests.scrapy_run import all_records

pytestmark = pytest.mark.e2e


class TwoSlugSite(NewsSite):
    """Every article under two URLs: the sitemap's slug and the homepage's slug.

    Both pages carry the same news code and canonical link, as real sites do.
    """

    def other_path(self, article) -> str:
        return f"/fa/news/{article.code}/slug-{article.code}"

    def route(self, path: str, query: dict):
        html = "text/html; charset=utf-8"
        if path == "/":  # every article, under its second slug
            items = "".join(f'<li><a href="{self.other_path(a)}">{escape(a.title)}</a></li>' for a in self.articles)
            return html, f'<html lang="fa"><head><meta charset="utf-8"></head><body><ul>{items}</ul></body></html>'.encode()
        for article in self.articles:
            if path == self.other_path(article):
                return html, self.article_html(article)
        return super().route(path, query)


def codes(work: Path) -> Counter:
    return Counter(r["news_code"] for r in all_records(work))


def test_one_article_under_two_urls_is_written_once_across_workers(tmp_path):
    site = TwoSlugSite("iransamaneh", 60)
    with redis_server() as url, MockSite(slow(site, 0.03)) as server:
        workers = [worker(server.base_url, url, tmp_path, f"w{i}", "-a", "discovery=sitemaps,listings",
                          "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=2") for i in range(2)]
        logs = [finish(w) for w in workers]
        both_urls = server.hits_under("/fa/news/")
    assert codes(tmp_path) == Counter({str(a.code): 1 for a in site.articles})
    assert both_urls > 60  # the race happened: articles were fetched under both URLs
    assert sum(int("duplicate_across_workers" in log) for log in logs) >= 1  # and the claim settled it


def test_redis_that_loses_the_run_stops_workers_and_the_next_run_finishes(tmp_path):
    site = NewsSite("iransamaneh", 60)
    import redis

    with redis_server() as url, MockSite(slow(site, 0.1)) as server:
        workers = [worker(server.base_url, url, tmp_path, f"w{i}") for i in range(2)]
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and not list((tmp_path / "out").rglob("*.jsonl")):
            time.sleep(0.1)
        redis.Redis.from_url(url).flushall()  # a restart without persistence
        started = time.monotonic()
        logs = [finish(w, expect=1, timeout=60) for w in workers]
        assert time.monotonic() - started < 20
        assert all("redis_run_lost" in log for log in logs)
        finish(worker(server.base_url, url, tmp_path, "next", "-s", "NEWSBOT_RUN_ID=after-flush"))
    assert codes(tmp_path) == Counter({str(a.code): 1 for a in site.articles})


def test_redis_down_stops_workers_in_bounded_time_and_the_next_run_finishes(tmp_path):
    site = NewsSite("iransamaneh", 40)
    with MockSite(slow(site, 0.05)) as server:
        with redis_server() as url:
            port = int(url.rsplit(":", 1)[1].split("/")[0])
            w = worker(server.base_url, url, tmp_path, "w", "-s", "NEWSBOT_REDIS_LOST_TIMEOUT=3",
                       "-s", f"NEWSBOT_SEEN_SPOOL={tmp_path}/state/seen-spool.w.jsonl")
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline and not list((tmp_path / "out").rglob("*.jsonl")):
                time.sleep(0.05)
        started = time.monotonic()  # redis-server is gone now
        log = finish(w, expect=1, timeout=60)
        assert time.monotonic() - started < 15
        assert "Spider closed (redis_unreachable)" in log and "Traceback" not in log
        with redis_server(port=port) as url:  # back, empty: the next run finishes the job
            finish(worker(server.base_url, url, tmp_path, "next", "-s", "NEWSBOT_RUN_ID=after-outage",
                          "-s", f"NEWSBOT_SEEN_SPOOL={tmp_path}/state/seen-spool.next.jsonl"))
    assert codes(tmp_path) == Counter({str(a.code): 1 for a in site.articles})


def test_seen_store_writes_during_an_outage_are_spooled_and_written_by_the_next_run(tmp_path):
    import redis

    from newsbot.state.redis import RedisSeenStore

    spool = tmp_path / "state" / "seen-spool.w.jsonl"
    with redis_server() as url:
        port = int(url.rsplit(":", 1)[1].split("/")[0])
        store = RedisSeenStore(redis.Redis.from_url(url, socket_connect_timeout=1), spool=spool)
        store.add("asrpress", ["code:1"], None)
    store.add("asrpress", ["code:2", "url:http://x/2"], None)  # Redis is down: kept, not raised
    assert store.pending == [("asrpress", ["code:2", "url:http://x/2"])]
    store.close()
    assert spool.read_text(encoding="utf-8") == '["asrpress", ["code:2", "url:http://x/2"]]\n'
    with redis_server(port=port) as url:
        client = redis.Redis.from_url(url)
        client.sadd("newsbot:seen:asrpress", "code:1")  # what reached Redis before (empty server)
        store = RedisSeenStore(client, spool=spool.with_name("seen-spool.next.jsonl"))
        assert not spool.exists()
        store.add("asrpress", ["code:3"], None)
        assert store.known("asrpress", ["code:1", "code:2", "url:http://x/2", "code:3", "code:4"]) == {
            "code:1", "code:2", "url:http://x/2", "code:3"}
        store.close()


def test_a_worker_takes_no_more_requests_than_its_prefetch_bound():
    """A SIGKILLed worker loses at most NEWSBOT_REDIS_PREFETCH requests: it holds no more."""
    from types import SimpleNamespace

    import redis
    from scrapy import Request, Spider
    from scrapy.utils.test import get_crawler

    from newsbot.distributed.scheduler import NewsbotRedisScheduler

    with redis_server() as url:
        class Probe(Spider):
            name = "probe"

        crawler = get_crawler(Probe, {"REDIS_URL": url, "NEWSBOT_REDIS_PREFETCH": 2, "NEWSBOT_WORKER_ID": "w"})
        active: set = set()
        crawler.engine = SimpleNamespace(downloader=SimpleNamespace(active=active))
        scheduler = NewsbotRedisScheduler.from_crawler(crawler)
        scheduler.open(Probe())
        for i in range(5):
            assert scheduler.enqueue_request(Request(f"http://127.0.0.1/{i}"))
        taken = []
        while (request := scheduler.next_request()) is not None:
            taken.append(request)
            active.add(request)
        assert len(taken) == 2 and len(scheduler.queue) == 3
        client = redis.Redis.from_url(url)
        assert client.get(scheduler.coordinator.heartbeat_key) == b"busy"  # marked before taking
        active.clear()
        assert scheduler.next_request() is not None
