"""Saved pages → SavedPage / Refusal (newsbot.extract.sources) and → NewsArticle (replay).

Exact reasons for every special file; sidecar URL, fetch time and headers
used; no URL invented for a page that does not give one.
"""

from __future__ import annotations

import gzip
import json
import os
import re
from datetime import datetime, timezone
from pathlib import Path

import pytest

from newsbot.core.savedpage import (Refusal, SavedPage, SidecarError, lossless_name, parse_sidecar,
                                    write_sidecar)
from newsbot.extract.page import article_from_text_dump
from newsbot.extract.replay import extract_file, extract_saved
from newsbot.extract.sources import FileTreeSource, ReplayError, read_regular_file
from tests.conftest import FIXTURES, REPO

TABNAK = REPO / "tests" / "replay_inputs" / "tabnak_1034567.html"  # a page of a profiled site, no sidecar
TABNAK_URL = "https://www.tabnak.ir/fa/news/1034567/برداشت-گندم-در-خوزستان-از-مرز-یک-میلیون-تن-گذشت"
ASR_TXT = FIXTURES / "asrpress" / "36482.txt"


def without_page_url(html: bytes) -> bytes:
    """The page with its ``link[rel=canonical]`` and ``og:url`` removed."""
    return re.sub(rb"<link[^>]*canonical[^>]*>|<meta[^>]*og:url[^>]*>", b"", html)


def outcomes(source) -> dict[str, str]:
    """{file name: "page" or the refusal reason} for everything the source yields."""
    result = {}
    for entry in source:
        if isinstance(entry, Refusal):
            result[entry.source.rsplit("/", 1)[-1]] = entry.reason
        else:
            result[entry.source.rsplit("/", 1)[-1]] = "page"
    return result


def test_special_files_each_rejected_with_their_reason(tmp_path):
    good = TABNAK.read_bytes()
    (tmp_path / "good.html").write_bytes(good)
    os.mkfifo(tmp_path / "pipe.html")
    (tmp_path / "loop.html").symlink_to("loop.html")
    (tmp_path / "dangling.htm").symlink_to("nowhere.html")
    (tmp_path / "corrupt.html.gz").write_bytes(gzip.compress(good)[:200])
    (tmp_path / "notgzip.html.gz").write_bytes(b"<html>plain</html>")
    (tmp_path / "empty.html").write_bytes(b"  \n")
    locked = tmp_path / "locked.html"
    locked.write_bytes(good)
    locked.chmod(0)
    odd = os.fsencode(tmp_path) + b"/caf\xe9.html"
    with open(odd, "wb") as handle:
        handle.write(good)
    (tmp_path / "notes.md").write_text("x")
    source = FileTreeSource(tmp_path)
    try:
        found = outcomes(source)
    finally:
        locked.chmod(0o644)
    expected = {
        "caf\\xe9.html": "page", "corrupt.html.gz": "corrupt_gzip", "dangling.htm": "dangling_link",
        "empty.html": "empty", "good.html": "page", "locked.html": "unreadable", "loop.html": "symlink_loop",
        "notgzip.html.gz": "corrupt_gzip", "pipe.html": "fifo",
    }
    if os.geteuid() == 0:  # root reads a mode-0 file
        expected["locked.html"] = "page"
    assert found == expected
    assert source.total == 9
    assert source.skipped == {"not_a_page": 1}


def test_device_and_fifo_opened_never_block(tmp_path):
    os.mkfifo(tmp_path / "pipe.html")
    with pytest.raises(ReplayError) as fifo:  # O_NONBLOCK + fstat: returns at once
        read_regular_file(str(tmp_path / "pipe.html"))
    assert (fifo.value.reason, str(fifo.value)) == ("fifo", "a FIFO (named pipe), not a regular file")
    with pytest.raises(ReplayError) as device:
        read_regular_file("/dev/zero")
    assert (device.value.reason, str(device.value)) == ("device", "a device, not a regular file")


def test_lossless_name_escapes_undecodable_bytes():
    name = os.fsdecode(b"/saved/caf\xe9-\xd8\xae\xd8\xa8\xd8\xb1.html")
    assert lossless_name(name) == "/saved/caf\\xe9-خبر.html"
    assert lossless_name("/saved/خبر.html") == "/saved/خبر.html"
    json.dumps(lossless_name(name), ensure_ascii=False).encode("utf-8")  # serializable


def test_sidecar_round_trip_and_errors(tmp_path):
    page = tmp_path / "a.html"
    fetched = datetime(2024, 5, 13, 5, 35, tzinfo=timezone.utc)
    path = write_sidecar(page, "https://www.tabnak.ir/fa/news/1", fetched, 200,
                         {"Content-Type": "text/html; charset=utf-8"})
    assert path == str(page) + ".meta.json"
    meta = parse_sidecar(Path(path).read_bytes())
    assert meta == {"url": "https://www.tabnak.ir/fa/news/1", "fetched_at": fetched, "status": 200,
                    "headers": {"Content-Type": "text/html; charset=utf-8"}}
    for bad, message in ((b"[1]", "not a JSON object"), (b'{"url": "ftp://x"}', "url is not an http(s) URL"),
                         (b'{"fetched_at": "2024-05-13T05:35:00"}', "fetched_at has no UTC offset"),
                         (b'{"status": 99}', "status is not an HTTP status")):
        with pytest.raises(SidecarError, match=re.escape(message)):
            parse_sidecar(bad)


def test_sidecar_url_and_fetch_time_are_used(tmp_path):
    page = tmp_path / "page.html"
    page.write_bytes(without_page_url(TABNAK.read_bytes()))
    fetched = datetime(2021, 5, 4, 9, 0, tzinfo=timezone.utc)
    write_sidecar(page, TABNAK_URL, fetched)
    item = extract_file(page)
    assert (item.site, item.url, item.canonical_url, item.news_code) == ("tabnak", TABNAK_URL, TABNAK_URL, "1034567")
    assert item.crawled_at == fetched
    assert item.source_path == str(page)


def test_no_url_is_invented(tmp_path):
    """Without sidecar, -a url or canonical link: url and canonical_url are null (not the homepage)."""
    page = tmp_path / "page.html"
    page.write_bytes(without_page_url(TABNAK.read_bytes()))
    item = extract_file(page)
    assert (item.site, item.url, item.canonical_url, item.news_code) == ("tabnak", None, None, "1034567")
    assert item.images == ["https://www.tabnak.ir/files/fa/news/567/1034567_417.jpg"]  # absolute in the page
    assert item.published_at.isoformat() == "2021-05-04T11:42:00+04:30"


def test_unknown_site_page_gets_no_made_up_host():
    html = b"""<html><head><meta property="og:type" content="article"><title>t</title></head>
    <body><h1>Title</h1><p>%s</p><img src="/img/a.jpg"></body></html>""" % ("متن " * 80).encode()
    item = extract_saved(SavedPage(body=html, source="x.html", local_path="/tmp/x.html"))
    assert (item.url, item.canonical_url, item.images) == (None, None, [])


def test_sidecar_http_error_status_is_rejected(tmp_path):
    page = tmp_path / "page.html"
    page.write_bytes(TABNAK.read_bytes())
    write_sidecar(page, TABNAK_URL, status=404)
    with pytest.raises(ReplayError) as error:
        extract_file(page)
    assert (error.value.reason, str(error.value)) == ("http_status", "saved response has HTTP status 404")


def test_bad_sidecar_rejects_the_page(tmp_path):
    page = tmp_path / "page.html"
    page.write_bytes(TABNAK.read_bytes())
    (tmp_path / "page.html.meta.json").write_text('{"url": 5}')
    with pytest.raises(ReplayError) as error:
        extract_file(page)
    assert error.value.reason == "bad_sidecar"
    assert str(error.value) == f"{tmp_path}/page.html.meta.json: url is not an http(s) URL: 5"


def test_text_dump_has_no_url_unless_given(tmp_path):
    assert (extract_file(ASR_TXT).url, extract_file(ASR_TXT).canonical_url) == (None, None)
    dump = tmp_path / "36482.txt"
    dump.write_bytes(ASR_TXT.read_bytes())
    write_sidecar(dump, "https://www.asrpress.ir/fa/news/36482")
    item = extract_file(dump)
    assert (item.url, item.canonical_url, item.news_code) == (
        "https://www.asrpress.ir/fa/news/36482", "https://www.asrpress.ir/fa/news/36482", "36482")


def test_profile_encoding_applies_in_replay(monkeypatch):
    """A profile's ``encoding`` is forced on the page, as in a live crawl; without it the
    charset is decided by evidence (windows-1256 bytes under ``<meta charset="utf-8">``)."""
    from dataclasses import replace

    from newsbot import sites
    from newsbot.extract import detect

    text = TABNAK.read_text(encoding="utf-8").translate(str.maketrans("یک۰۱۲۳۴۵۶۷۸۹", "يك0123456789"))
    as_utf8 = extract_saved(SavedPage(body=text.encode("utf-8"), source="x.html"))
    lying = text.encode("cp1256")  # windows-1256 bytes under <meta charset="utf-8">
    assert extract_saved(SavedPage(body=lying, source="x.html")).title == as_utf8.title
    patched = replace(sites.SITES["tabnak"], encoding="windows-1256")
    monkeypatch.setattr(detect, "profile_for_host", lambda host: patched if host else None)
    assert extract_saved(SavedPage(body=lying, source="x.html")).title == as_utf8.title
    forced = extract_saved(SavedPage(body=text.encode("utf-8"), source="x.html"))  # UTF-8 bytes, forced 1256
    assert forced.title != as_utf8.title and "ط" in forced.title  # mojibake: the setting was applied
    assert as_utf8.title == "برداشت گندم در خوزستان از مرز يك ميليون تن گذشت"


def test_text_dump_ends_in_the_same_assembly():
    """A text dump and an HTML page are assembled by one function (same bookkeeping fields)."""
    from newsbot.core.textdump import parse_text_dump
    from newsbot.sites import SITES

    dump = parse_text_dump(ASR_TXT.read_text(encoding="utf-8"))
    fetched = datetime(2023, 12, 20, 6, 0, tzinfo=timezone.utc)
    item = article_from_text_dump(dump, SITES["asrpress"], url=None, source_path="d.txt", crawled_at=fetched)
    assert (item.site, item.language, item.url, item.source_path, item.crawled_at) == (
        "asrpress", "fa", None, "d.txt", fetched)
    assert item.published_at.isoformat() == "2023-12-20T08:17:00+03:30"


def test_progress_line_every_interval(caplog):
    from newsbot.spiders.replay_support import Progress

    now = [100.0]
    progress = Progress(5000, 5.0, clock=lambda: now[0])
    with caplog.at_level("INFO", logger="newsbot.spiders.replay"):
        for _ in range(1200):
            now[0] += 0.0025  # 400 pages/s
            progress.tick()
        now[0] += 2.1  # nothing more for 2.1 s: 1201 files in 5.1 s
        progress.tick()
    assert [r.getMessage() for r in caplog.records] == [
        "replay: 1201 of 5000 files (24%), 235 pages/s, ETA 16 s"]
    assert Progress(0, 0).line(0.0).startswith("0 of 0 files (100%)")
