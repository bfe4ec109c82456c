"""Cost of monitoring and schema validation on replay throughput (issue 16: must be < 10%).

    .venv/bin/python bench/monitor_bench.py [--rounds 200] [--repeat 3] [--pages DIR]

The real pages (default ``../shared/real-pages``, every ``*.html``) are
copied ROUNDS times into a temporary directory; then, alternating, REPEAT
times each, in the same run:

* **baseline** (monitoring off): ``scrapy crawl replay -a path=DIR -O out.jsonl``
  with ``NEWSBOT_OUTPUT_DIR`` empty, pipelines normalize + validate (the
  setup of ``bench/replay_bench.py``) and ``NEWSBOT_MONITOR=False``;
* **monitored**: the same plus ``NEWSBOT_MONITOR=True`` (coverage counted per
  item, a row stored and compared with history at the end) and
  ``NEWSBOT_VALIDATE=True`` (every item checked against the JSON Schema by
  ``SchemaValidationPipeline``).

Both are also run on an empty directory to split wall time into start-up
and per-page cost.  Prints pages/s of each (best of REPEAT wall times,
whole process) and the cost = 1 - monitored/baseline throughput, whole
process and per page.  Whole-process timings on a shared machine are noisy,
so the same pages are also timed in process, interleaved item by item:
extraction + normalization vs what monitoring adds (coverage counting +
schema validation); median of REPEAT passes.
Exits 0 with a message when the pages are absent.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
SHARED = Path(os.environ.get("NEWSBOT_SHARED", REPO.parent / "shared"))
PIPELINES = {
    "newsbot.pipelines.normalize.NormalizePipeline": 100,
    "newsbot.pipelines.validate.ValidatePipeline": 200,
}
MONITORED = dict(PIPELINES, **{"newsbot.monitor.schema.SchemaValidationPipeline": 250})


def command(pages: Path, out: Path, state: Path, monitored: bool) -> list[str]:
    pipelines = MONITORED if monitored else PIPELINES
    return [sys.executable, "-m", "scrapy", "crawl", "replay", "-a", f"path={pages}",
            "-s", "ITEM_PIPELINES=" + json.dumps(pipelines, separators=(",", ":")),
            "-s", "NEWSBOT_OUTPUT_DIR=", "-s", "LOG_LEVEL=WARNING", "-s", "NEWSBOT_SUMMARY=False",
            "-s", f"NEWSBOT_MONITOR={monitored}", "-s", f"NEWSBOT_VALIDATE={monitored}",
            "-s", f"NEWSBOT_COVERAGE_PATH={state}", "-O", str(out)]


def timed(cmd: list[str]) -> tuple[float, str]:
    start = time.perf_counter()
    result = subprocess.run(cmd, cwd=REPO, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if result.returncode != 0:
        raise SystemExit(f"failed ({result.returncode}): {' '.join(cmd)}\n{result.stderr[-3000:]}")
    return elapsed, result.stderr


def in_process(files: list[Path], passes: int) -> tuple[float, float]:
    """Median seconds per pass for extraction + normalization of *files*, and for coverage counting + schema validation of
    each item right after it was extracted (interleaved, so both see the same machine load)."""
    from newsbot.extract.replay import extract_file
    from newsbot.monitor.coverage import SiteCoverage
    from newsbot.monitor.schema import json_record, validator
    from newsbot.pipelines.normalize import NormalizePipeline

    pipeline, check, clock = NormalizePipeline(), validator().iter_errors, time.perf_counter
    extraction, monitoring = [], []
    for _ in range(passes):
        spent_extracting = spent_monitoring = 0.0
        coverage: dict[str, SiteCoverage] = {}
        for path in files:
            t0 = clock()
            item = pipeline.process_item(extract_file(path))
            t1 = clock()
            site = coverage.get(item.site) or coverage.setdefault(item.site, SiteCoverage(item.site))
            site.observe(item)
            site.written_item(item)
            if next(check(json_record(item)), None) is not None:
                raise SystemExit(f"invalid record from {item.source_path}")
            spent_extracting += t1 - t0
            spent_monitoring += clock() - t1
        extraction.append(spent_extracting)
        monitoring.append(spent_monitoring)
    return statistics.median(extraction), statistics.median(monitoring)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--pages", type=Path, default=SHARED / "real-pages")
    args = parser.parse_args()
    sources = sorted(args.pages.glob("*.html")) if args.pages.is_dir() else []
    if not sources:
        print(f"monitor_bench: no pages under {args.pages}; nothing to measure")
        return 0
    with tempfile.TemporaryDirectory(prefix="monitor-bench-") as tmp:
        work = Path(tmp)
        pages, empty = work / "pages", work / "empty"
        pages.mkdir()
        empty.mkdir()
        for r in range(args.rounds):
            for source in sources:
                shutil.copyfile(source, pages / f"r{r:03d}_{source.name}")
        files = args.rounds * len(sources)
        times: dict[tuple[str, bool], list[float]] = {}
        written: dict[bool, int] = {}
        for _ in range(args.repeat):
            for monitored in (False, True):
                for label, directory in (("pages", pages), ("empty", empty)):
                    out = work / f"out-{monitored}.jsonl"
                    elapsed, stderr = timed(command(directory, out, work / "state.sqlite3", monitored))
                    times.setdefault((label, monitored), []).append(elapsed)
                    if label == "pages":
                        written[monitored] = sum(1 for line in out.open(encoding="utf-8") if line.strip())
                        if monitored and "invalid_" in stderr:
                            raise SystemExit("schema validation dropped a record:\n" + stderr[-3000:])
        extraction, monitoring = in_process(sorted(pages.iterdir()), args.repeat)
    med = {key: min(values) for key, values in times.items()}  # best of REPEAT (least disturbed)
    print(f"monitor_bench: {files} files ({len(sources)} pages x {args.rounds}), best of {args.repeat} runs, "
          f"Python {platform.python_version()}, {os.cpu_count()} CPUs")
    for monitored, name in ((False, "baseline (monitor off)"), (True, "monitor + validation on")):
        whole = med[("pages", monitored)]
        per_page = (whole - med[("empty", monitored)]) / files * 1000
        print(f"  {name:<24} {files / whole:8.1f} pages/s whole process ({whole:.2f} s), "
              f"start-up {med[('empty', monitored)]:.2f} s, {per_page:.3f} ms/page, {written[monitored]} written")
    whole_cost = 1 - med[("pages", False)] / med[("pages", True)]
    page_cost = ((med[("pages", True)] - med[("empty", True)]) / (med[("pages", False)] - med[("empty", False)])) - 1
    print(f"  cost of monitoring + validation: {whole_cost:.1%} of whole-process throughput, "
          f"{page_cost:+.1%} per-page time (target < 10%)")
    print(f"  in process (no start-up, median of {args.repeat} passes): extraction + normalization {extraction / files * 1000:.3f} ms/page, "
          f"coverage + schema validation {monitoring / files * 1000:.3f} ms/item = {monitoring / extraction:.1%}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
