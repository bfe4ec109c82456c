"""JSON Lines writer cost per item: newsbot's writer vs Scrapy's feed exporter.

    .venv/bin/python bench/writer_bench.py [--items 20000] [--repeat 5]

Builds ITEMS synthetic articles (a 3.2 KB Persian body, a news code, 28
publish days of one site) and times, in this process, CPU seconds
(``time.process_time``, so other processes on a shared machine weigh less),
best of REPEAT:

* baseline: Scrapy's ``JsonLinesItemExporter`` (what ``-O out.jsonl`` uses)
  writing every item to one file;
* newsbot ``append`` policy (live crawls): per-day files, the exactly-once
  key check, one unbuffered ``os.write`` per line;
* newsbot ``update`` policy (replay) into an empty directory, and again
  over its own output with 10 % of the titles changed (reads the site's
  files, replaces the changed records by an atomic rewrite).

Prints microseconds per item and the ratio to the baseline.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from scrapy.exporters import JsonLinesItemExporter  # noqa: E402
from scrapy.statscollectors import MemoryStatsCollector  # noqa: E402
from scrapy.utils.test import get_crawler  # noqa: E402

from newsbot.items import NewsArticle  # noqa: E402
from newsbot.pipelines.jsonl import JsonLinesPipeline  # noqa: E402

TEHRAN = ZoneInfo("Asia/Tehran")


def articles(count: int, changed: bool = False) -> list[NewsArticle]:
    return [NewsArticle(site="yjc", news_code=str(i), url=f"https://www.yjc.ir/fa/news/{i}",
                        title=("عنوان تازه " if changed and i % 10 == 0 else "عنوان خبر ") * 5,
                        body="متن خبر " * 400, published_at=datetime(2020, 5, 1 + i % 28, 10, tzinfo=TEHRAN))
            for i in range(count)]


def baseline(items, directory: Path) -> None:
    with open(directory / "feed.jsonl", "wb") as handle:
        exporter = JsonLinesItemExporter(handle, ensure_ascii=False)
        exporter.start_exporting()
        for item in items:
            exporter.export_item(item)
        exporter.finish_exporting()


def writer(policy: str):
    def run(items, directory: Path) -> None:
        pipeline = JsonLinesPipeline(str(directory), "{site}/{date}.jsonl", False,
                                     MemoryStatsCollector(get_crawler()), policy=policy)
        for item in items:
            pipeline.process_item(item)
        pipeline.close_spider()
    return run


def best(run, items, repeat: int, prepare=None) -> float:
    times = []
    for _ in range(repeat):
        with tempfile.TemporaryDirectory() as name:
            directory = Path(name)
            if prepare:
                prepare(directory)
            start = time.process_time()
            run(items, directory)
            times.append(time.process_time() - start)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=20000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    items, changed = articles(args.items), articles(args.items, changed=True)
    base = best(baseline, items, args.repeat)
    rows = [("Scrapy JsonLinesItemExporter, one file (baseline)", base),
            ("newsbot writer, append policy", best(writer("append"), items, args.repeat)),
            ("newsbot writer, update policy, empty output", best(writer("update"), items, args.repeat)),
            ("newsbot writer, update policy, 10% changed", best(
                writer("update"), changed, args.repeat, prepare=lambda d: writer("update")(items, d)))]
    print(f"{args.items} items, CPU seconds, best of {args.repeat}")
    for label, seconds in rows:
        print(f"{label:<52} {seconds * 1e6 / args.items:8.1f} µs/item  {seconds / base:5.2f}× baseline")


if __name__ == "__main__":
    main()
