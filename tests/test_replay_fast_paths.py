"""Replay's shortcuts give exactly what the general path gives.

* ``decode_page`` (strict UTF-8 first) = Scrapy's ``HtmlResponse.text`` and encoding;
* ``page_root`` handing libxml2 the page's own bytes = parsing parsel's input
  (the decoded text, stripped, without NULs, re-encoded);
* ``page_url`` scanning tag by tag = searching the page with the whole pattern;
* the JSON Lines feed exporter = Scrapy's ``JsonLinesItemExporter``, byte for byte;
* ``StatsBuffer`` adds up to what direct ``inc_value`` calls give.
"""

from __future__ import annotations

import codecs
import io
import json
from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st
from lxml import etree
from scrapy.exporters import JsonLinesItemExporter
from scrapy.http import HtmlResponse

from newsbot.exporters import NewsJsonLinesExporter
from newsbot.extract.article import page_root
from newsbot.extract.detect import _CANONICAL, HEAD_BYTES, page_url
from newsbot.extract.replay import decode_page, extract_file
from newsbot.pipelines.normalize import NormalizePipeline
from newsbot.spiders.replay import StatsBuffer
from tests.conftest import FIXTURES, SHARED

PERSIAN = "<p>کد خبر: ۳۶۴۸۲ — تلاش‌های گسترده</p>"
BODIES = {
    "utf8 declared": f'<html><head><meta charset="utf-8"></head><body>{PERSIAN}</body></html>'.encode(),
    "utf8 undeclared": f"<html><body>{PERSIAN}</body></html>".encode(),
    "utf8 bom": codecs.BOM_UTF8 + f"<html><body>{PERSIAN}</body></html>".encode(),
    "leading space": b"\n\n   " + f"<html><body>{PERSIAN}</body></html>".encode() + b"  \n",
    "windows-1256": '<html><head><meta charset="windows-1256"></head><body><p>كد خبر: 36482</p>'
    '</body></html>'.encode("cp1256"),
    "bad utf8": b"<html><body><p>\xd8\xaa\xff\xfe broken \xd9</p></body></html>",
    "bad utf8 declared": b'<html><head><meta charset="utf-8"></head><body><p>\xd8\xaa\xff\xfe x \xd9</p>'
                         b"<p>\xe2\x82 tail</p></body></html>",
    "nul inside": f"<html><body>{PERSIAN}\x00<p>after</p></body></html>".encode(),
    "replacement char": "<html><body><p>a\ufffdb</p></body></html>".encode(),
    "utf16 bom": codecs.BOM_UTF16_LE + "<html><body><p>سلام</p></body></html>".encode("utf-16-le"),
    "ascii": b"<html><body><p>plain &amp; simple</p></body></html>",
}

#: Undeclared non-UTF-8 bytes: Scrapy's guess is cp1006 (Urdu), evidence says windows-1256
#: (the only candidate giving Arabic-script text).
EVIDENCE_DIFFERS = {"bad utf8": "cp1256"}


def parsel_root(response: HtmlResponse) -> etree._Element:
    """What parsel parses: the text, stripped, NULs removed, as UTF-8."""
    body = response.text.strip().replace("\x00", "").encode("utf-8") or b"<html/>"
    return etree.fromstring(body, etree.HTMLParser(recover=True, encoding="utf-8", huge_tree=True))


@pytest.mark.parametrize("name", sorted(BODIES))
def test_decode_page_matches_scrapy(name):
    data = BODIES[name]
    reference = HtmlResponse(url="https://example.com/a", body=data)
    text, encoding = decode_page(data)
    if name in EVIDENCE_DIFFERS:  # Scrapy guesses; newsbot.core.charset decides by evidence
        assert encoding == EVIDENCE_DIFFERS[name] and text == data.decode(encoding, "replace")
        return
    assert text == reference.text
    if data.isascii():  # Scrapy guesses cp1252 for undeclared ASCII; the text is the same
        assert encoding == "utf-8" and reference.encoding == "cp1252"
    else:
        assert codecs.lookup(encoding).name == codecs.lookup(reference.encoding).name


@pytest.mark.parametrize("name", sorted(BODIES))
def test_page_root_matches_parsel_input(name):
    data = BODIES[name]
    text, encoding = decode_page(data)
    response = HtmlResponse(url="https://example.com/a", body=data, encoding=encoding)
    reference = HtmlResponse(url="https://example.com/a", body=data, encoding=encoding)
    assert etree.tostring(page_root(response, text)) == etree.tostring(parsel_root(reference))


def page_files() -> list[Path]:
    found = sorted(FIXTURES.rglob("*.html"))
    if (SHARED / "real-pages").is_dir():
        found += sorted((SHARED / "real-pages").glob("*.html"))
    if (SHARED / "listings").is_dir():
        found += sorted((SHARED / "listings").rglob("*.htm*"))
    return found


def whole_pattern(html: str) -> str | None:
    match = _CANONICAL.search(html[:HEAD_BYTES])
    if not match:
        return None
    url = next(g for g in match.groups() if g)
    return url if url.startswith(("http://", "https://", "/")) else None


@pytest.mark.parametrize("path", page_files(), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_page_url_and_tree_on_real_and_fixture_pages(path):
    data = path.read_bytes()
    html, encoding = decode_page(data, where=str(path))
    assert page_url(html) == whole_pattern(html)
    response = HtmlResponse(url="https://example.com/a", body=data, encoding=encoding)
    reference = HtmlResponse(url="https://example.com/a", body=data, encoding=encoding)
    assert etree.tostring(page_root(response, html)) == etree.tostring(parsel_root(reference))


TAGS = st.sampled_from([
    '<link rel="canonical" href="https://a.ir/news/1">', "<LINK REL=canonical HREF='/fa/news/2'>",
    '<link href="https://b.ir/x" rel="canonical">', '<meta property="og:url" content="https://c.ir/y">',
    '<meta name="description" content="canonical og:url">', '<link rel="stylesheet" href="s.css">',
    '<link rel="canonical" href="javascript:x">', "<meta charset=utf-8>", "<p>link meta canonical</p>",
    '<link rel="alternate canonical" href="https://d.ir/z">',
])


@settings(max_examples=200, deadline=None)
@given(st.lists(TAGS, max_size=6))
def test_page_url_equals_whole_pattern_search(tags):
    html = "<html><head>" + "".join(tags) + "</head><body></body></html>"
    assert page_url(html) == whole_pattern(html)


def items() -> list:
    paths = sorted(FIXTURES.rglob("*.html"))  # contract pages
    if (SHARED / "real-pages").is_dir():
        paths += sorted((SHARED / "real-pages").glob("*.html"))
    return [NormalizePipeline().process_item(extract_file(p)) for p in paths[:12]]


def test_feed_exporter_writes_scrapys_bytes():
    fast, slow = io.BytesIO(), io.BytesIO()
    ours = NewsJsonLinesExporter(fast, encoding="utf-8")
    assert ours._fast  # the default feed options take the fast path
    scrapys = JsonLinesItemExporter(slow, encoding="utf-8")
    exported = items()
    for item in exported:
        ours.export_item(item)
        scrapys.export_item(item)
    assert len(exported) >= 4
    assert fast.getvalue() == slow.getvalue() and fast.getvalue().count(b"\n") == len(exported)


def test_feed_exporter_options_take_scrapys_path():
    buffer = io.BytesIO()
    exporter = NewsJsonLinesExporter(buffer, encoding="utf-8", fields_to_export=["title", "news_code"])
    assert not exporter._fast
    exporter.export_item(items()[0])
    assert list(json.loads(buffer.getvalue())) == ["title", "news_code"]


class Stats:
    def __init__(self):
        self.values: dict[str, int] = {}

    def inc_value(self, key, count=1, start=0):
        self.values[key] = self.values.get(key, start) + count


def test_stats_buffer_adds_up():
    direct, target = Stats(), Stats()
    buffer = StatsBuffer(target)
    for key, count in [("a", 1), ("b", 0), ("a", 2), ("c", 1)]:
        direct.inc_value(key, count)
        buffer.inc_value(key, count)
    assert target.values == {} and buffer.pending == 4
    buffer.flush()
    buffer.flush()  # a second flush adds nothing
    assert target.values == direct.values == {"a": 3, "b": 0, "c": 1}


def test_url_is_kept_byte_for_byte():
    """The page URL is not run through the HTML-text processor (which read
    ``&copy=`` in a query string as the entity ©)."""
    url = "https://www.asrpress.ir/fa/news/36482/x?a=1&copy=2&amp;b=3"
    item = extract_file(FIXTURES / "asrpress" / "36482.html", url=url)
    assert item.url == url
