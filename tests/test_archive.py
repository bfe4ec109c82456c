"""WARC writer and archive readers (newsbot.archive), without a crawl."""

from __future__ import annotations

import base64
import gzip
import hashlib
import logging
import subprocess
import sys
import zlib
from datetime import datetime, timezone

from scrapy import Spider
from scrapy.extensions.httpcache import FilesystemCacheStorage
from scrapy.http import HtmlResponse, Request
from scrapy.settings import Settings
from scrapy.utils.test import get_crawler
from warcio.archiveiterator import ArchiveIterator

from newsbot.archive.readers import Counts, iter_httpcache, iter_saved_pages, iter_warc
from newsbot.archive.replay import domain_filter, iter_archive_inputs, known_domains
from newsbot.archive.writer import Exchange, WarcFileWriter
from tests.conftest import REPO
from tests.warcs import new_writer, write_response, write_revisit

HTML = "<html><head><title>خبر</title></head><body><p>متن خبر</p></body></html>".encode()
WHEN = datetime(2024, 3, 5, 10, 30, 15, 250000, tzinfo=timezone.utc)


def exchange(url: str, body: bytes = HTML, *, gzip_body: bool = False, when: datetime = WHEN) -> Exchange:
    headers = [("Content-Type", "text/html; charset=utf-8")]
    if gzip_body:
        body = gzip.compress(body, mtime=0)
        headers.append(("Content-Encoding", "gzip"))
    return Exchange(url=url, method="GET", request_headers=[("Host", "www.asrpress.ir"), ("Accept", "*/*")],
                    request_body=b"", protocol="HTTP/1.1", status=200, reason="OK",
                    response_headers=headers, body=body, fetched_at=when)


def gzip_members(data: bytes) -> int:
    count = 0
    while data:
        decompressor = zlib.decompressobj(zlib.MAX_WBITS | 16)
        decompressor.decompress(data)
        data = decompressor.unused_data
        count += 1
    return count


def sha1_b32(data: bytes) -> str:
    return "sha1:" + base64.b32encode(hashlib.sha1(data).digest()).decode()


def test_writer_writes_request_response_metadata_per_page(tmp_path):
    writer = WarcFileWriter(tmp_path, "asrpress", run_id="run-1")
    path = writer.write(exchange("https://www.asrpress.ir/fa/news/1/a", gzip_body=True))
    writer.write(exchange("https://www.asrpress.ir/fa/news/2/b"))
    writer.close()
    assert path == tmp_path / "asrpress" / "2024-03-05.warc.gz"
    data = path.read_bytes()
    assert gzip_members(data) == 7  # warcinfo + 2 × (response, request, metadata), one member each
    with open(path, "rb") as handle:
        records = []
        for record in ArchiveIterator(handle):
            records.append((record.rec_type, record.rec_headers, record.http_headers, record.raw_stream.read()))
    assert [r[0] for r in records] == ["warcinfo"] + ["response", "request", "metadata"] * 2
    info = records[0][3].decode()
    assert "software: newsbot/" in info and "site: asrpress" in info and "crawl-run: run-1" in info
    _, headers, http, raw = records[1]
    assert headers.protocol == "WARC/1.1"
    assert headers.get_header("WARC-Target-URI") == "https://www.asrpress.ir/fa/news/1/a"
    assert headers.get_header("WARC-Date") == "2024-03-05T10:30:15.250000Z"
    assert raw == gzip.compress(HTML, mtime=0)  # the bytes as received: still gzip-encoded
    assert headers.get_header("WARC-Payload-Digest") == sha1_b32(raw)
    assert http.get_header("Content-Encoding") == "gzip"
    _, request_headers, request_http, _ = records[2]
    assert request_headers.get_header("WARC-Concurrent-To") == headers.get_header("WARC-Record-ID")
    assert request_http.protocol == "GET" and request_http.statusline.startswith("/fa/news/1/a")
    _, meta_headers, _, fields = records[3]
    assert meta_headers.get_header("WARC-Refers-To") == headers.get_header("WARC-Record-ID")
    assert fields.decode().splitlines() == ["software: newsbot/0.1.0", "site: asrpress", "crawl-run: run-1"]

    counts = Counts()
    pages = list(iter_warc(path, counts))
    assert [p.url for p in pages] == ["https://www.asrpress.ir/fa/news/1/a", "https://www.asrpress.ir/fa/news/2/b"]
    assert [p.body for p in pages] == [HTML, HTML]  # content encoding removed
    assert pages[0].fetched_at == WHEN and pages[0].site == "asrpress" and pages[0].status == 200
    assert counts == Counts(pages=2, not_response=4)


def test_files_rotate_by_size_and_are_never_appended_to(tmp_path):
    writer = WarcFileWriter(tmp_path, "asrpress", worker="host-1", max_bytes=1)
    paths = [writer.write(exchange(f"https://www.asrpress.ir/fa/news/{i}/x")) for i in range(3)]
    writer.close()
    names = [p.name for p in paths]
    assert names == ["2024-03-05.host-1.warc.gz", "2024-03-05.host-1-1.warc.gz", "2024-03-05.host-1-2.warc.gz"]
    again = WarcFileWriter(tmp_path, "asrpress", worker="host-1")
    assert again.write(exchange("https://www.asrpress.ir/fa/news/9/x")).name == "2024-03-05.host-1-3.warc.gz"
    next_day = again.write(exchange("https://www.asrpress.ir/fa/news/10/x", when=WHEN.replace(day=6)))
    again.close()
    assert next_day.name == "2024-03-06.host-1.warc.gz"
    pages = list(iter_saved_pages(iter_archive_inputs(tmp_path)))
    assert len(pages) == 5


def test_truncated_last_member_is_skipped_with_a_warning(tmp_path, caplog):
    writer = WarcFileWriter(tmp_path, "asrpress")
    for i in range(3):
        path = writer.write(exchange(f"https://www.asrpress.ir/fa/news/{i}/x", HTML * 50))
    writer.close()
    data = path.read_bytes()
    # cut inside the last page's response member (its request and metadata members follow it)
    with open(path, "rb") as handle:
        offsets = []
        iterator = ArchiveIterator(handle)
        for record in iterator:
            offsets.append((record.rec_type, iterator.offset))
    last_response = [o for kind, o in offsets if kind == "response"][-1]
    path.write_bytes(data[:last_response + 200])
    counts = Counts()
    with caplog.at_level(logging.WARNING):
        pages = list(iter_warc(path, counts))
    assert [p.url for p in pages] == [f"https://www.asrpress.ir/fa/news/{i}/x" for i in range(2)]
    assert counts["truncated"] == 1
    assert any("rest of file skipped" in r.message for r in caplog.records)


def foreign_warc(path):
    with open(path, "wb") as handle:
        writer = new_writer(handle)
        write_response(writer, "https://www.yjc.ir/fa/news/1/a", HTML, gzip_body=True, chunked_body=True,
                       date=WHEN)
        write_response(writer, "https://www.isna.ir/news/2/b", HTML, gzip_body=True)
        write_revisit(writer, "https://www.isna.ir/news/2/b")
        write_response(writer, "https://www.isna.ir/logo.jpg", b"\xff\xd8\xff", content_type="image/jpeg")
        write_response(writer, "https://example.org/story", HTML)
        write_response(writer, "https://www.isna.ir/news/3/missing", b"gone", status=404)
    return path


def test_foreign_warc_chunked_gzip_revisit_and_filters(tmp_path):
    path = foreign_warc(tmp_path / "cc-news.warc.gz")
    counts = Counts()
    pages = list(iter_warc(path, counts, domain_filter()))
    assert [(p.url, p.body, p.site) for p in pages] == [
        ("https://www.yjc.ir/fa/news/1/a", HTML, None), ("https://www.isna.ir/news/2/b", HTML, None)]
    assert pages[0].fetched_at == WHEN.replace(microsecond=0)
    assert counts == Counts(pages=2, revisit=1, not_html=1, other_domain=1, not_ok=1)
    only = list(iter_warc(path, Counts(), domain_filter("example.org")))
    assert [p.url for p in only] == ["https://example.org/story"]
    assert len(list(iter_warc(path, Counts(), domain_filter(any_site=True)))) == 3
    assert {"yjc.ir", "isna.ir", "asrpress.ir"} <= set(known_domains())


def test_record_ranges_split_a_warc_without_overlap(tmp_path):
    path = foreign_warc(tmp_path / "cc-news.warc.gz")
    whole = [p.url for p in iter_warc(path, Counts())]
    parts = [[p.url for p in iter_warc(path, Counts(), part=(i, 2))] for i in range(2)]
    assert sorted(parts[0] + parts[1]) == sorted(whole) and not set(parts[0]) & set(parts[1])


def test_scrapy_http_cache_directory(tmp_path):
    settings = Settings({"HTTPCACHE_DIR": str(tmp_path / "cache"), "HTTPCACHE_GZIP": True})
    crawler = get_crawler(Spider, {"HTTPCACHE_DIR": str(tmp_path / "cache")})
    spider = Spider.from_crawler(crawler, name="asrpress")
    storage = FilesystemCacheStorage(settings)
    storage.open_spider(spider)
    url = "https://www.asrpress.ir/fa/news/7/x"
    response = HtmlResponse(url, body=gzip.compress(HTML), headers={"Content-Encoding": "gzip",
                                                                    "Content-Type": "text/html"})
    storage.store_response(spider, Request(url), response)
    storage.store_response(spider, Request("https://example.org/"), HtmlResponse("https://example.org/", body=HTML))
    counts = Counts()
    pages = list(iter_httpcache(tmp_path / "cache", counts, domain_filter()))
    assert [(p.url, p.status, p.body) for p in pages] == [(url, 200, HTML)]
    assert abs(pages[0].fetched_at.timestamp() - datetime.now(timezone.utc).timestamp()) < 60
    assert counts == Counts(pages=1, other_domain=1)
    assert len(list(iter_archive_inputs(tmp_path / "cache"))) == 2


def test_writer_and_readers_do_not_import_scrapy():
    code = ("import sys, newsbot.archive.readers, newsbot.archive.writer; "
            "assert not [m for m in sys.modules if m.startswith('scrapy')], 'scrapy imported'")
    subprocess.run([sys.executable, "-c", code], cwd=REPO, check=True)
