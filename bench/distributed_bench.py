"""Distributed throughput: 1 vs 2 workers on one Redis, crawling the mock site.

Usage: ``.venv/bin/python bench/distributed_bench.py [--articles 200] [--latency 0.5] [--workers 1,2]``

Starts a throwaway redis-server (Debian's ``redis-server``) and a generated
IranSamaneh site on 127.0.0.1 whose article pages answer after
``--latency`` seconds (a stand-in for a remote site), then crawls it in
``NEWSBOT_MODE=redis`` with 1 worker and, on a fresh Redis, with 2 workers,
each worker limited to 2 concurrent requests as a polite crawler would be
(on this 2-core machine the workers share the CPUs, so the latency-bound
case is the one where more workers help, as on a real cluster).
Prints wall time and pages/min for each worker count and the speed-up
against 1 worker (the named baseline), measured in the same run.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from tests.mocknews import NewsSite  # noqa: E402
from tests.mocksite import MockSite  # noqa: E402
from tests.redis_server import redis_server  # noqa: E402


def crawl(workers: int, articles: int, latency: float) -> tuple[float, int]:
    site = NewsSite("iransamaneh", articles, step_hours=0.5)

    def router(path, query):
        if path.startswith("/fa/news/"):
            time.sleep(latency)
        return site.route(path, query)

    with tempfile.TemporaryDirectory() as work, redis_server() as url, MockSite(router) as server:
        started = time.monotonic()
        procs = [subprocess.Popen(
            [sys.executable, "-m", "scrapy", "crawl", "asrpress", "-a", f"base_url={server.base_url}", "-s", f"NEWSBOT_ARCHIVE_DIR={work}/archive",
             "-a", "discovery=sitemaps", "-s", "NEWSBOT_MODE=redis", "-s", f"REDIS_URL={url}",
             "-s", f"NEWSBOT_WORKER_ID=w{i}", "-s", f"NEWSBOT_OUTPUT_DIR={work}/out",
             "-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=False",
             "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=2", "-s", "LOG_LEVEL=WARNING", "-s", "NEWSBOT_SUMMARY=False"],
            cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL) for i in range(workers)]
        for proc in procs:
            proc.wait(timeout=1800)
        elapsed = time.monotonic() - started
        written = sum(1 for f in Path(work, "out").rglob("*.jsonl") for _ in open(f, encoding="utf-8"))
    return elapsed, written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=200)
    parser.add_argument("--latency", type=float, default=0.5)
    parser.add_argument("--workers", default="1,2", help="comma-separated worker counts; 1 is always run")
    args = parser.parse_args()
    counts = sorted({1, *(int(n) for n in args.workers.split(","))})
    results = {n: crawl(n, args.articles, args.latency) for n in counts}
    for n, (elapsed, written) in results.items():
        print(f"{n} worker(s): {elapsed:6.1f} s, {written} articles written, "
              f"{written / elapsed * 60:7.0f} pages/min")
    for n in counts[1:]:
        print(f"speed-up with {n} workers: {results[1][0] / results[n][0]:.2f}x "
              f"({args.articles} articles, {args.latency * 1000:.0f} ms per article page, 2 requests per worker)")


if __name__ == "__main__":
    main()
