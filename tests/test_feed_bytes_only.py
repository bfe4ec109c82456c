"""Feed and sitemap parsers only ever see the bytes received (issue 12 item 1).

feedparser opens a ``str`` or ``bytes`` argument that names a file or a URL;
a server could send a body that *is* such a name.  These bodies must be
parsed as (bad) data: no file is read, no URL is fetched.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest

from newsbot.core.feeds import FeedError, parse_feed, parse_sitemap
from tests.conftest import REPO
from tests.mocksite import MockSite

RSS = (b'<?xml version="1.0"?><rss version="2.0"><channel><item><title>secret</title>'
       b"<link>https://www.asrpress.ir/fa/news/777/secret</link></item></channel></rss>")
SITEMAP = (b'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url>'
           b"<loc>https://www.asrpress.ir/fa/news/777/secret</loc></url></urlset>")


@pytest.mark.parametrize("as_url", [False, True])
def test_a_body_naming_a_local_file_is_not_read(tmp_path, as_url):
    local = tmp_path / "feed.xml"
    local.write_bytes(RSS)
    body = (local.as_uri() if as_url else str(local)).encode()
    with pytest.raises(FeedError):
        parse_feed(body)
    (tmp_path / "sitemap.xml").write_bytes(SITEMAP)
    with pytest.raises(FeedError):
        parse_sitemap(str(tmp_path / "sitemap.xml").encode())


def test_a_body_naming_a_url_is_not_fetched():
    with MockSite({"/feed": ("application/rss+xml", RSS)}) as site:
        with pytest.raises(FeedError):
            parse_feed(f"{site.base_url}/feed".encode())
        assert sum(site.hits.values()) == 0


def test_str_bodies_are_refused():
    with pytest.raises(TypeError):
        parse_feed("/etc/passwd")  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        parse_sitemap("/etc/passwd")  # type: ignore[arg-type]


def test_external_entity_in_a_sitemap_reads_no_file(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("https://www.asrpress.ir/fa/news/999/leaked")
    body = (f'<?xml version="1.0"?><!DOCTYPE urlset [<!ENTITY x SYSTEM "{secret.as_uri()}">]>'
            f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>&x;</loc></url>'
            f"<url><loc>https://x.ir/1</loc></url></urlset>").encode()
    _, entries = parse_sitemap(body)
    assert [e.url for e in entries] == ["https://x.ir/1"]
    feed = body.replace(b"urlset", b"rss").replace(b"<url><loc>", b"<channel><item><link>") \
        .replace(b"</loc></url>", b"</link></item></channel>")
    assert all("leaked" not in e.url for e in parse_feed(feed))


def test_dev_zero_body_fails_fast_without_reading_the_device():
    """Run in a child with 1 GB of address space: reading /dev/zero would end in MemoryError."""
    code = textwrap.dedent("""
        import resource, time
        resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))
        from newsbot.core.feeds import FeedError, parse_feed, parse_sitemap
        started = time.monotonic()
        for parse in (parse_feed, parse_sitemap):
            try:
                parse(b"/dev/zero")
            except FeedError:
                print(parse.__name__, "FeedError")
        print("seconds", round(time.monotonic() - started))
    """)
    result = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.split("\n")[:3] == ["parse_feed FeedError", "parse_sitemap FeedError", "seconds 0"]
