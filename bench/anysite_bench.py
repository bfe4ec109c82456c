"""Any-site crawl throughput: discovery + extraction over 50 loopback mock sites vs ``scrapy bench``.

Usage: ``.venv/bin/python bench/anysite_bench.py [--sites 50] [--articles 20] [--bench-seconds 20]``

In the same run, one after the other:

* baseline: ``scrapy bench`` (Scrapy's loopback server and link-following
  spider, no parsing, no pipelines; ``bench/crawl_bench.py`` runs it the same way);
* newsbot: ``scrapy crawl site -a urls=FILE`` over ``--sites`` generated
  sites, each on its own 127.0.0.1 port with ``--articles`` articles, in
  turn IranSamaneh, Nastooh, and unknown-CMS sites with and without a
  ``<link rel=alternate>`` feed (``tests/mocknews.py``, ``tests/mockgeneric.py``).
  Nothing is known about any site beforehand: the spider reads robots.txt,
  sitemaps, feeds, homepages and sections, detects the family or learns
  the article links, and runs every pipeline (normalization, validation,
  dedupe, JSON Lines, SQLite seen-store).  Politeness off (no delay, no
  AutoThrottle, 16 concurrent requests) as in ``crawl_bench.py``.

Pages/min = responses received / elapsed seconds × 60, from each crawl's
own stats.  The run fails unless every article of every site is written.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from contextlib import ExitStack
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

from crawl_bench import pages_per_min, run_scrapy_bench, stats_of  # noqa: E402
from tests.mockgeneric import GenericSite  # noqa: E402
from tests.mocknews import NewsSite  # noqa: E402
from tests.mocksite import MockSite  # noqa: E402


def make_site(index: int, articles: int):
    kind = index % 4
    code = 10_000 + index * 1000
    if kind == 0:
        return NewsSite("iransamaneh", articles, first_code=code)
    if kind == 1:
        return NewsSite("nastooh", articles, first_code=code)
    return GenericSite(articles, first_code=code, feed_link=kind == 2)


def run_newsbot(sites: int, articles: int) -> dict[str, float]:
    generated = [make_site(i, articles) for i in range(sites)]
    with tempfile.TemporaryDirectory() as work, ExitStack() as stack:
        servers = [stack.enter_context(MockSite(site.route)) for site in generated]
        listing = Path(work, "sites.txt")
        listing.write_text("".join(s.base_url + "\n" for s in servers), encoding="utf-8")
        result = subprocess.run(
            [sys.executable, "-m", "scrapy", "crawl", "site", "-a", f"urls={listing}", "-s", "NEWSBOT_ARCHIVE_DIR=",
             "-s", f"NEWSBOT_OUTPUT_DIR={work}/out", "-s", f"NEWSBOT_SEEN_PATH={work}/seen.sqlite3",
             "-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=False", "-s", "CONCURRENT_REQUESTS=16",
             "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=16", "-s", "LOG_LEVEL=INFO", "-s", "NEWSBOT_SUMMARY=False"],
            cwd=REPO, capture_output=True, text=True, timeout=1800)
        written = sum(1 for f in Path(work, "out").rglob("*.jsonl") for _ in open(f, encoding="utf-8"))
    stats = stats_of(result.stderr)
    stats["lines_in_jsonl"] = written
    expected = sites * articles
    if result.returncode != 0 or written != expected:
        print(result.stderr[-3000:], file=sys.stderr)
        raise SystemExit(f"any-site crawl failed: exit {result.returncode}, {written}/{expected} written")
    return stats


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sites", type=int, default=50)
    parser.add_argument("--articles", type=int, default=20)
    parser.add_argument("--bench-seconds", type=int, default=20)
    args = parser.parse_args()
    baseline = run_scrapy_bench(args.bench_seconds)
    newsbot = run_newsbot(args.sites, args.articles)
    base_rate, our_rate = pages_per_min(baseline), pages_per_min(newsbot)
    print(f"scrapy bench (baseline):        {base_rate:8.0f} pages/min "
          f"({baseline['response_received_count']:.0f} pages in {baseline['elapsed_time_seconds']:.1f} s)")
    print(f"newsbot any-site, {args.sites} sites:    {our_rate:8.0f} pages/min "
          f"({newsbot['response_received_count']:.0f} pages in {newsbot['elapsed_time_seconds']:.1f} s, "
          f"{newsbot['lines_in_jsonl']:.0f} articles written)")
    print(f"ratio newsbot any-site / scrapy bench: {our_rate / base_rate:.0%}")
    print(json.dumps({"scrapy_bench_pages_per_min": round(base_rate), "anysite_pages_per_min": round(our_rate),
                      "ratio": round(our_rate / base_rate, 3), "sites": args.sites,
                      "articles": args.sites * args.articles}))


if __name__ == "__main__":
    main()
