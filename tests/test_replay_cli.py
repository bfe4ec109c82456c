"""``scrapy crawl replay`` end to end: exit codes, one-line usage errors, rejects,
special files, sidecar URLs, progress, quiet stats, SIGTERM; site spiders' usage errors."""

from __future__ import annotations

import gzip
import json
import os
import re
import signal
import subprocess
import sys
import time

import pytest

from newsbot.core.savedpage import write_sidecar
from tests.conftest import FIXTURES, REPO
from tests.scrapy_run import jsonl_files, read_jsonl, run_scrapy, stat

pytestmark = pytest.mark.e2e

TABNAK = REPO / "tests" / "replay_inputs" / "tabnak_1034567.html"
TABNAK_URL = "https://www.tabnak.ir/fa/news/1034567/برداشت-گندم-در-خوزستان-از-مرز-یک-میلیون-تن-گذشت"
ASRPRESS = FIXTURES / "asrpress" / "36482.html"


def without_page_url(html: bytes) -> bytes:
    return re.sub(rb"<link[^>]*canonical[^>]*>|<meta[^>]*og:url[^>]*>", b"", html)


def replay(path, *args: str, out=None, check=False, timeout: float = 120):
    extra = ("-s", f"NEWSBOT_OUTPUT_DIR={out}") if out is not None else ("-s", "NEWSBOT_OUTPUT_DIR=")
    return run_scrapy("crawl", "replay", "-a", f"path={path}", *args, *extra, check=check, timeout=timeout)


@pytest.fixture()
def pages(tmp_path):
    """A directory with one page, an empty directory and a directory without pages."""
    (tmp_path / "one").mkdir()
    (tmp_path / "one" / "a.html").write_bytes(TABNAK.read_bytes())
    (tmp_path / "empty").mkdir()
    (tmp_path / "nopages").mkdir()
    (tmp_path / "nopages" / "style.css").write_text("x")
    return tmp_path


USAGE = [
    (("-a", "path={missing}"), "newsbot: replay: path does not exist: {missing}"),
    (("-a", "path={empty}"), "newsbot: replay: directory is empty: {empty}"),
    (("-a", "path={nopages}"),
     "newsbot: replay: no saved pages (.html, .htm, .html.gz, .htm.gz, .txt) under {nopages}"),
    (("-a", "path={one}", "-a", "site=nosuch"), "newsbot: replay: unknown site 'nosuch' (see 'scrapy list')"),
    (("-a", "path={one}", "-a", "workers=0"),
     "newsbot: replay: -a workers=0: not a whole number of at least 1"),
    (("-a", "path={one}", "-a", "colour=red"),
     "newsbot: replay: unknown option -a colour "
     "(known: path, site, url, since, until, rejects, domains, any_site, workers)"),
    (("-a", "path={one}", "-a", "since=garbage"),
     "newsbot: replay: -a since/until: not a day: 'garbage' (use YYYY/MM/DD, Jalali or Gregorian)"),
    (("-a", "path={one}", "-a", "since=1402/09/10", "-a", "until=1402/09/01"),
     "newsbot: replay: -a since/until: until (1402/09/01) is before since (1402/09/10)"),
    (("-a", "path={one}", "-a", "url=https://www.tabnak.ir/x"),
     "newsbot: replay: -a url= names one page; use it with a single file, not a directory"),
    (("-a", "path={one}", "-a", "rejects={missing}/r.jsonl"),
     "newsbot: -a rejects={missing}/r.jsonl: directory {missing} does not exist"),
    ((), "newsbot: replay needs -a path=FILE_OR_DIRECTORY"),
]


@pytest.mark.parametrize(("args", "line"), USAGE)
def test_replay_usage_errors_are_one_line_and_exit_2(pages, args, line):
    names = {"missing": pages / "missing", "empty": pages / "empty", "nopages": pages / "nopages",
             "one": pages / "one"}
    result = run_scrapy("crawl", "replay", *(a.format(**names) for a in args), check=False, timeout=60)
    assert (result.returncode, result.stderr) == (2, line.format(**names) + "\n")
    assert result.stdout == ""


SITE_USAGE = [
    (("-a", "since=garbage"),
     "newsbot: asrpress: -a since/until: not a day: 'garbage' (use YYYY/MM/DD, Jalali or Gregorian)"),
    (("-a", "until=1402/13/01"),
     "newsbot: asrpress: -a since/until: not a day: '1402/13/01' (month must be in 1..12)"),
    (("-a", "discovery=feeds,rss"),
     "newsbot: asrpress: -a discovery=feeds,rss: choose from feeds, sitemaps, listings, archive (comma-separated)"),
    (("-a", "max_archive_pages=ten"), "newsbot: asrpress: -a max_archive_pages=ten: not a positive whole number"),
    (("-a", "encoding=klingon"), "newsbot: asrpress: -a encoding=klingon: unknown encoding"),
    (("-a", "base_url=localhost:8000"), "newsbot: asrpress: -a base_url=localhost:8000: not an http(s) URL"),
    (("-a", "sice=1402/09/01"),
     "newsbot: asrpress: unknown option -a sice (known: base_url, since, until, discovery, "
     "max_archive_pages, encoding, rejects)"),
]


@pytest.mark.parametrize(("args", "line"), SITE_USAGE)
def test_site_spider_usage_errors_are_one_line_and_exit_2(args, line):
    result = run_scrapy("crawl", "asrpress", *args, check=False, timeout=60)
    assert (result.returncode, result.stderr) == (2, line + "\n")


def test_special_files_are_rejected_one_by_one_and_the_run_goes_on(tmp_path):
    tree = tmp_path / "tree"
    (tree / "sub").mkdir(parents=True)
    (tree / "good.html").write_bytes(TABNAK.read_bytes())
    with open(os.fsencode(tree / "sub") + b"/caf\xe9.html", "wb") as handle:  # not UTF-8
        handle.write(ASRPRESS.read_bytes())
    os.mkfifo(tree / "pipe.html")  # would block a plain open() forever
    (tree / "loop.html").symlink_to("loop.html")
    (tree / "dangling.html").symlink_to("gone.html")
    (tree / "corrupt.html.gz").write_bytes(gzip.compress(TABNAK.read_bytes())[:300])
    with open(os.fsencode(tree) + b"/empty-\xff.html", "wb") as handle:  # rejected, odd name
        handle.write(b"\n")
    (tree / "readme.md").write_text("not a page")
    rejects = tmp_path / "rejects.jsonl"
    out = tmp_path / "out"
    result = replay(tree, "-a", f"rejects={rejects}", out=out, timeout=60)
    assert result.returncode == 0, result.stderr[-3000:]
    assert "Traceback" not in result.stderr
    records = sorted((r["site"], r["source_path"]) for f in jsonl_files(out) for r in read_jsonl(f))
    assert records == [("asrpress", f"{tree}/sub/caf\\xe9.html"), ("tabnak", f"{tree}/good.html")]
    rejected = [json.loads(line) for line in rejects.read_text(encoding="utf-8").splitlines()]
    assert [(r["stage"], r["path"], r["reason"], r["message"]) for r in rejected] == [
        ("read", f"{tree}/corrupt.html.gz", "corrupt_gzip",
         "corrupt gzip data: Compressed file ended before the end-of-stream marker was reached"),
        ("read", f"{tree}/dangling.html", "dangling_link", "dangling symbolic link"),
        ("read", f"{tree}/empty-\\xff.html", "empty", "empty file"),
        ("read", f"{tree}/loop.html", "symlink_loop", "symbolic link loop"),
        ("read", f"{tree}/pipe.html", "fifo", "a FIFO (named pipe), not a regular file"),
    ]
    log = result.stderr
    assert stat(log, "newsbot/replay/files") == 7
    assert stat(log, "newsbot/replay/skipped/not_a_page") == 1
    for reason in ("corrupt_gzip", "dangling_link", "symlink_loop", "fifo", "empty"):
        assert stat(log, f"newsbot/replay/rejected/{reason}") == 1
    assert "replay: read 7 of 7 files (100%)" in log


def test_every_file_rejected_exits_1(tmp_path):
    (tmp_path / "a.html.gz").write_bytes(b"not gzip")
    (tmp_path / "b.html").write_bytes(b"\x00\x01binary" * 10)
    result = replay(tmp_path, timeout=60)
    assert result.returncode == 1
    assert "replay: every one of the 2 page files was rejected" in result.stderr
    assert stat(result.stderr, "newsbot/exit_reason/every_file_rejected") == 1


def test_pipeline_drops_go_to_the_rejects_file_and_count(tmp_path):
    page = tmp_path / "pages" / "nodate.html"
    page.parent.mkdir()
    url = "https://www.tabnak.ir/fa/news/5/x"
    paragraphs = "".join(f"<p>{'متن خبر بدون تاریخ ' * 8}{i}</p>" for i in range(4))
    page.write_text(f'<html><head><link rel="canonical" href="{url}"></head>'
                    f"<body><h1>عنوان خبر</h1><div>{paragraphs}</div></body></html>", encoding="utf-8")
    rejects = tmp_path / "rejects.jsonl"
    result = replay(page.parent, "-s", f"NEWSBOT_REJECTS_PATH={rejects}", timeout=60)
    assert result.returncode == 1  # its only page was dropped
    (entry,) = [json.loads(line) for line in rejects.read_text(encoding="utf-8").splitlines()]
    assert (entry["stage"], entry["path"], entry["url"], entry["reason"], entry["message"]) == (
        "pipeline", str(page), url, "missing_fields", f"missing_fields: missing title, published_at in {page}")


def test_sidecar_url_is_used_and_no_homepage_is_invented(tmp_path):
    pages = tmp_path / "pages"
    pages.mkdir()
    bare = without_page_url(TABNAK.read_bytes())
    (pages / "with-sidecar.html").write_bytes(bare)
    write_sidecar(pages / "with-sidecar.html", TABNAK_URL)
    other = bare.replace(b"1034567", b"1034999").replace("۱۰۳۴۵۶۷".encode(), "۱۰۳۴۹۹۹".encode())
    (pages / "no-url.html").write_bytes(other)
    feed = tmp_path / "feed.jsonl"
    result = replay(pages, "-O", str(feed), timeout=60)
    assert result.returncode == 0, result.stderr[-3000:]
    got = {r["source_path"].rsplit("/", 1)[-1]: (r["url"], r["canonical_url"], r["news_code"])
           for r in read_jsonl(feed)}
    assert got == {"with-sidecar.html": (TABNAK_URL, TABNAK_URL, "1034567"),
                   "no-url.html": (None, None, "1034999")}
    assert "https://www.tabnak.ir/\"" not in feed.read_text(encoding="utf-8")
    assert stat(result.stderr, "newsbot/replay/url_unknown") == 1


def test_since_until_filter_by_published_day(tmp_path):
    pages = tmp_path / "pages"
    pages.mkdir()
    (pages / "tabnak.html").write_bytes(TABNAK.read_bytes())  # 2021-05-04
    (pages / "asrpress.html").write_bytes(ASRPRESS.read_bytes())  # 2023-12-20 (1402/09/29)
    feed = tmp_path / "feed.jsonl"
    result = replay(pages, "-a", "since=1402/09/01", "-a", "until=1402/09/30", "-O", str(feed), timeout=60)
    assert result.returncode == 0, result.stderr[-3000:]
    assert [r["site"] for r in read_jsonl(feed)] == ["asrpress"]
    assert stat(result.stderr, "newsbot/replay/skipped/out_of_range") == 1
    assert "  skipped out_of_range: 1" in result.stderr  # and the summary says so


def test_progress_lines_and_quiet_stats_dump(tmp_path):
    pages = tmp_path / "pages"
    pages.mkdir()
    for index in range(3):
        (pages / f"p{index}.html").write_bytes(TABNAK.read_bytes())
    stats_dir = tmp_path / "stats"
    result = replay(pages, "-s", "NEWSBOT_PROGRESS_INTERVAL=0.000001", "-s", f"NEWSBOT_STATS_DIR={stats_dir}",
                    timeout=60)
    assert result.returncode == 0, result.stderr[-3000:]
    log = result.stderr
    assert "replay: 3 page files in" in log
    for done in (1, 2, 3):
        assert re.search(rf"INFO: replay: {done} of 3 files \({100 * done // 3}%\), \d+ pages/s, ETA \d+ s", log)
    assert "replay: read 3 of 3 files (100%)" in log
    dump = log[log.index("Dumping Scrapy stats"):]
    assert "'parser/" not in dump
    (stats_file,) = stats_dir.glob("replay-*.json")
    saved = json.loads(stats_file.read_text(encoding="utf-8"))
    hidden = [k for k in saved if k.startswith("parser/")]
    assert hidden and f"'(not shown: parser/*)': '{len(hidden)} counters, kept in NEWSBOT_STATS_DIR'" in dump
    assert "Crawled 0 pages" not in log


def test_sigterm_stops_a_long_replay(tmp_path):
    pages = tmp_path / "pages"
    pages.mkdir()
    for index in range(3000):
        os.link(TABNAK, pages / f"p{index:04d}.html")
    env = dict(os.environ, PYTHONWARNINGS="error::DeprecationWarning")
    command = [sys.executable, "-m", "scrapy", "crawl", "replay", "-a", f"path={pages}", "-s",
               "NEWSBOT_OUTPUT_DIR=", "-s", "ITEM_PIPELINES={}", "-s", "NEWSBOT_PROGRESS_INTERVAL=0.2"]
    with subprocess.Popen(command, cwd=REPO, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                          text=True) as process:
        try:
            for line in process.stderr:
                if " of 3000 files" in line:  # extraction under way
                    break
            process.send_signal(signal.SIGTERM)
            started = time.monotonic()
            rest = process.communicate(timeout=30)[1]  # bounded: TimeoutExpired if it hangs
            stopped_in = time.monotonic() - started
        finally:
            if process.poll() is None:
                process.kill()
                process.wait()
    assert stopped_in < 15
    assert "'finish_reason': 'shutdown'" in rest
    assert (stat(rest, "newsbot/replay/files") or 0) < 3000


def test_site_spider_writes_pipeline_drops_to_the_rejects_file(tmp_path):
    from tests.mocksite import MockSite
    from tests.scrapy_run import crawl_site

    paragraphs = "".join(f"<p>{'متن خبر بدون تاریخ انتشار ' * 8}{i}</p>" for i in range(4))
    article = (f'<html><head><meta charset="utf-8"></head><body><h1 class="title">عنوان خبر</h1>'
               f"<div>{paragraphs}</div></body></html>").encode("utf-8")
    listing = b'<html><body><a href="/fa/news/555/x">x</a></body></html>'
    routes = {"/": ("text/html; charset=utf-8", listing),
              "/fa/news/555/x": ("text/html; charset=utf-8", article)}
    rejects = tmp_path / "rejects.jsonl"
    with MockSite(routes) as site:
        result = crawl_site("asrpress", site.base_url, tmp_path, "-a", "discovery=listings",
                            "-a", f"rejects={rejects}", timeout=120, check=False)
        url = f"{site.base_url}/fa/news/555/x"
    (entry,) = [json.loads(line) for line in rejects.read_text(encoding="utf-8").splitlines()]
    assert (entry["spider"], entry["stage"], entry["path"], entry["url"], entry["reason"], entry["message"]) == (
        "asrpress", "pipeline", None, url, "missing_fields", f"missing_fields: missing published_at in {url}")
    assert result.returncode == 1 and "exit status: 1 (nothing_exported)" in result.stderr
