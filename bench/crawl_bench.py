"""Crawl throughput: newsbot's full pipeline on the mock site vs ``scrapy bench``.

Usage: ``.venv/bin/python bench/crawl_bench.py [--articles 2000] [--bench-seconds 20]``

Both run in this process's machine, one after the other, in the same run:

* baseline: ``scrapy bench`` (Scrapy's own loopback server and link-following
  spider, no parsing, no pipelines), run outside the project so newsbot's
  settings do not apply, for ``--bench-seconds``;
* newsbot: ``scrapy crawl asrpress -a base_url=<mock>`` against a generated
  IranSamaneh site of ``--articles`` articles (served from memory by
  ``tests/mocksite.py`` on 127.0.0.1), discovery from the news sitemap,
  politeness off (no delay, no AutoThrottle, 16 concurrent requests), with
  every pipeline on: extraction, normalization, validation, dedupe, JSON
  Lines and the SQLite seen-store; the WARC archive on (the default, into
  the run's temporary directory) unless ``--no-archive``.

Pages/min = responses received / elapsed seconds × 60, both from each
crawl's own stats.  Goals: newsbot ≥ 60% of ``scrapy bench``; with the
archive on, ≥ 150% (issue 14).
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from tests.mocknews import NewsSite  # noqa: E402
from tests.mocksite import MockSite  # noqa: E402


def stats_of(log: str) -> dict[str, float]:
    wanted = ("response_received_count", "elapsed_time_seconds", "item_scraped_count",
              "newsbot/jsonl/written")
    found = {}
    for key in wanted:
        match = re.search(r"'" + re.escape(key) + r"': ([\d.]+)", log)
        if match:
            found[key] = float(match.group(1))
    return found


def pages_per_min(stats: dict[str, float]) -> float:
    return stats["response_received_count"] / stats["elapsed_time_seconds"] * 60


def run_scrapy_bench(seconds: int) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as outside_project:
        result = subprocess.run(
            [sys.executable, "-m", "scrapy", "bench", "-s", f"CLOSESPIDER_TIMEOUT={seconds}",
             "-s", "LOG_LEVEL=INFO"],
            cwd=outside_project, capture_output=True, text=True, timeout=seconds + 120)
    return stats_of(result.stderr)


def run_newsbot(articles: int, archive: bool = True) -> dict[str, float]:
    site = NewsSite("iransamaneh", articles, step_hours=0.5)
    cache: dict[tuple, tuple] = {}

    def router(path, query):
        key = (path, tuple(sorted(query.items())))
        if key not in cache:
            cache[key] = site.route(path, query)
        return cache[key]

    with tempfile.TemporaryDirectory() as work, MockSite(router) as server:
        result = subprocess.run(
            [sys.executable, "-m", "scrapy", "crawl", "asrpress", "-a", f"base_url={server.base_url}",
             "-a", "discovery=sitemaps", "-s", f"NEWSBOT_OUTPUT_DIR={work}/out",
             "-s", f"NEWSBOT_SEEN_PATH={work}/seen.sqlite3", "-s", "DOWNLOAD_DELAY=0",
             "-s", "AUTOTHROTTLE_ENABLED=False", "-s", "CONCURRENT_REQUESTS=16",
             "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=16", "-s", "LOG_LEVEL=INFO",
             "-s", "NEWSBOT_SUMMARY=False",
             "-s", f"NEWSBOT_ARCHIVE_DIR={work + '/archive' if archive else ''}"],
            cwd=REPO, capture_output=True, text=True, timeout=1800)
        written = sum(1 for f in Path(work, "out").rglob("*.jsonl") for _ in open(f, encoding="utf-8"))
        archived = sum(f.stat().st_size for f in Path(work, "archive").rglob("*.warc.gz"))
    stats = stats_of(result.stderr)
    stats["lines_in_jsonl"] = written
    stats["archive_bytes"] = archived
    if result.returncode != 0 or written != articles:
        print(result.stderr[-3000:], file=sys.stderr)
        raise SystemExit(f"newsbot crawl failed: exit {result.returncode}, {written}/{articles} written")
    return stats


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--bench-seconds", type=int, default=20)
    parser.add_argument("--no-archive", action="store_true", help="NEWSBOT_ARCHIVE_DIR= (archive off)")
    args = parser.parse_args()
    baseline = run_scrapy_bench(args.bench_seconds)
    newsbot = run_newsbot(args.articles, archive=not args.no_archive)
    base_rate, our_rate = pages_per_min(baseline), pages_per_min(newsbot)
    print(f"scrapy bench (baseline):  {base_rate:8.0f} pages/min "
          f"({baseline['response_received_count']:.0f} pages in {baseline['elapsed_time_seconds']:.1f} s)")
    print(f"newsbot crawl, full pipe: {our_rate:8.0f} pages/min "
          f"({newsbot['response_received_count']:.0f} pages in {newsbot['elapsed_time_seconds']:.1f} s, "
          f"{newsbot['lines_in_jsonl']:.0f} articles written)")
    archive = "off" if args.no_archive else f"on, {newsbot['archive_bytes'] / 1e6:.1f} MB written"
    print(f"WARC archive: {archive}")
    print(f"ratio newsbot / scrapy bench: {our_rate / base_rate:.0%} (goal >= 60%; archive on: >= 150%)")
    print(json.dumps({"scrapy_bench_pages_per_min": round(base_rate), "newsbot_pages_per_min": round(our_rate),
                      "ratio": round(our_rate / base_rate, 3), "articles": args.articles,
                      "archive_bytes": newsbot["archive_bytes"]}))


if __name__ == "__main__":
    main()
