"""Whole-process replay throughput and accuracy: newsbot vs trafilatura 2.3.1.

    .venv/bin/python bench/replay_bench.py [--rounds 50] [--repeat 3]
                                           [--pages DIR] [--truth FILE]

The pages listed in the truth file (default ``../shared/real-pages``) are
copied ROUNDS times into a temporary directory under distinct names
(``r000_yjc_1.html`` …), then:

* newsbot: ``python -m scrapy crawl replay -a path=DIR -O OUT.jsonl`` with
  ``-s ITEM_PIPELINES=`` normalize + validate only and ``NEWSBOT_OUTPUT_DIR``
  empty: both the dedupe pipeline and newsbot's JSON Lines writer drop repeats
  of an article (the writer keeps "exactly once" per output file), so the
  copies are written by Scrapy's own feed exporter (``-O``) instead, one line
  per copy.  Timed as a whole process (interpreter and Scrapy start-up
  included), pages/s = files / wall seconds.
* trafilatura: ``bench/_trafilatura_side.py`` in its own venv
  (``bench/.venv-trafilatura``, created on first use with ``trafilatura==2.3.1
  lxml_html_clean``) reads the same files, runs ``bare_extraction(html,
  url=<truth url>, with_metadata=True)`` and writes JSON Lines; timed the same
  way.  (trafilatura gets the URL; newsbot does not.)

Both commands are also timed on a directory holding one page (start-up,
shut-down and one page; replay refuses an empty directory with exit status
2 before starting), so the report splits each tool's wall time into a fixed
start-up cost and a cost per further page.

Accuracy is scored on the first round's records of each run with the
functions of :mod:`newsbot.evaluate`.  trafilatura's result is mapped to
title → title, news_code → none (it has no such field), published_at → date
(a date without time or offset, so it cannot match to the minute), lead →
description, body → text.  Exits 0 with a message when the pages are absent.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from newsbot.evaluate import (  # noqa: E402
    FIELDS, PageResult, UsageError, failed_record, format_table, load_truth, score_record, totals,
)

SHARED = Path(os.environ.get("NEWSBOT_SHARED", REPO.parent / "shared"))
BENCH = REPO / "bench"
TRAF_VENV = BENCH / ".venv-trafilatura"
TRAF_REQUIREMENTS = ("trafilatura==2.3.1", "lxml_html_clean")
TRAF_VERSION = "2.3.1"
PIPELINES_NO_DEDUPE = {
    "newsbot.pipelines.normalize.NormalizePipeline": 100,
    "newsbot.pipelines.validate.ValidatePipeline": 200,
}


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def shell(cmd: list[str]) -> str:
    return " ".join(shlex.quote(str(c)) for c in cmd)


def prefix(round_no: int) -> str:
    return f"r{round_no:03d}_"


def original_name(copy_name: str) -> str:
    return copy_name.split("_", 1)[1]


def make_copies(pages: Path, truth: list[dict], rounds: int, dest: Path) -> list[Path]:
    dest.mkdir(parents=True)
    files = []
    for r in range(rounds):
        for row in truth:
            target = dest / (prefix(r) + row["file"])
            shutil.copyfile(pages / row["file"], target)
            files.append(target)
    return files


def timed(cmd: list[str], **kwargs) -> tuple[float, subprocess.CompletedProcess]:
    start = time.perf_counter()
    result = subprocess.run(cmd, capture_output=True, text=True, encoding="utf-8", **kwargs)
    elapsed = time.perf_counter() - start
    if result.returncode != 0:
        raise SystemExit(f"command failed ({result.returncode}): {shell(cmd)}\n{result.stderr[-4000:]}")
    return elapsed, result


# ------------------------------------------------------------------ newsbot

def newsbot_command(pages: Path, out: Path) -> list[str]:
    return [sys.executable, "-m", "scrapy", "crawl", "replay", "-a", f"path={pages}",
            "-s", "ITEM_PIPELINES=" + json.dumps(PIPELINES_NO_DEDUPE, separators=(",", ":")),
            "-s", "NEWSBOT_OUTPUT_DIR=", "-s", "LOG_LEVEL=WARNING", "-O", str(out)]


def run_newsbot(pages: Path, out: Path) -> tuple[float, list[dict], list[str]]:
    out.unlink(missing_ok=True)
    elapsed, result = timed(newsbot_command(pages, out), cwd=REPO,
                            env=dict(os.environ, PYTHONIOENCODING="utf-8"))
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines() if line.strip()]
    warnings = [line for line in result.stderr.splitlines() if "WARNING" in line or "ERROR" in line]
    return elapsed, records, warnings


def newsbot_in_process(files: list[Path]) -> float:
    """Seconds for extract_file + NormalizePipeline + to_json_line over *files*, no start-up."""
    from newsbot.extract.replay import extract_file
    from newsbot.pipelines.normalize import NormalizePipeline
    from newsbot.serialize import to_json_line

    pipeline = NormalizePipeline()
    start = time.perf_counter()
    for path in files:
        try:
            to_json_line(pipeline.process_item(extract_file(path)))
        except Exception:  # counted like the spider: a rejected page
            pass
    return time.perf_counter() - start


# ------------------------------------------------------------------ trafilatura

def traf_python() -> Path:
    return TRAF_VENV / "bin" / "python"


def ensure_trafilatura() -> Path:
    python = traf_python()
    if python.exists():
        probe = subprocess.run([str(python), "-c", "import trafilatura, lxml_html_clean; "
                                "print(trafilatura.__version__)"], capture_output=True, text=True)
        if probe.returncode == 0 and probe.stdout.strip() == TRAF_VERSION:
            return python
    log(f"creating {TRAF_VENV} with {' '.join(TRAF_REQUIREMENTS)} …")
    steps = [[sys.executable, "-m", "venv", "--clear", str(TRAF_VENV)],
             [str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
              *TRAF_REQUIREMENTS]]
    for cmd in steps:
        result = subprocess.run(cmd, capture_output=True, text=True)
        if result.returncode != 0:
            raise SystemExit(f"cannot set up trafilatura: {shell(cmd)}\n{result.stderr[-3000:]}")
    return python


def traf_command(python: Path, pages: Path, out: Path, urls: Path) -> list[str]:
    return [str(python), str(BENCH / "_trafilatura_side.py"), str(pages), str(out), str(urls)]


def run_trafilatura(python: Path, pages: Path, out: Path, urls: Path) -> tuple[float, list[dict], dict]:
    elapsed, result = timed(traf_command(python, pages, out, urls), cwd=BENCH)
    info = json.loads(result.stdout.strip().splitlines()[-1])
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines() if line.strip()]
    return elapsed, records, info


def traf_record(record: dict) -> dict:
    return {"title": record.get("title"), "news_code": None, "published_at": record.get("date"),
            "lead": record.get("description"), "body": record.get("text")}


# ------------------------------------------------------------------ scoring

def score_round0(truth: list[dict], by_file: dict[str, dict], convert=lambda r: r,
                 missing: str = "not written") -> list[PageResult]:
    results = []
    for row in truth:
        record = by_file.get(prefix(0) + row["file"])
        if record is None:
            results.append(PageResult(row["file"], failed_record(missing, row), error=missing))
        elif record.get("error"):
            results.append(PageResult(row["file"], failed_record(record["error"], row), error=record["error"]))
        else:
            results.append(PageResult(row["file"], score_record(convert(record), row)))
    return results


def failures(results: list[PageResult]) -> list[str]:
    out = []
    for r in results:
        if r.error:
            out.append(f"  {r.file}: {r.error}")
            continue
        out += [f"  {r.file} {n}: {res.detail}" for n, res in r.fields.items() if res.status == "fail"]
    return out


# ------------------------------------------------------------------ main

def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="bench/replay_bench.py", description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=50, help="copies of each page (default 50)")
    parser.add_argument("--repeat", type=int, default=3, help="timed runs of each tool; median reported")
    parser.add_argument("--pages", type=Path, help="directory of pages (default ../shared/real-pages)")
    parser.add_argument("--truth", type=Path, help="truth JSON Lines (default PAGES/truth.jsonl)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary directory")
    args = parser.parse_args(argv)
    if args.rounds < 1 or args.repeat < 1:
        parser.error("--rounds and --repeat must be at least 1")
    if args.pages is None:
        args.pages = SHARED / "real-pages"
        if not args.pages.is_dir():
            print(f"replay_bench: skipped: {args.pages} not available (set NEWSBOT_SHARED)")
            return 0
    if not args.pages.is_dir():
        parser.error(f"pages directory not found: {args.pages}")
    truth_path = args.truth or args.pages / "truth.jsonl"
    try:
        truth = load_truth(truth_path)
    except UsageError as exc:
        parser.error(str(exc))
    missing = [row["file"] for row in truth if not (args.pages / row["file"]).is_file()]
    if missing:
        parser.error(f"page file(s) not found in {args.pages}: {', '.join(missing)}")

    traf = ensure_trafilatura()
    # pip byte-compiles trafilatura when it installs it; give newsbot's source the same
    # (matters where PYTHONDONTWRITEBYTECODE is set and nothing is cached).
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(REPO / "newsbot")],
                   check=True, stdout=subprocess.DEVNULL)
    work = Path(tempfile.mkdtemp(prefix="newsbot-bench-"))
    try:
        pages = work / "pages"
        files = make_copies(args.pages, truth, args.rounds, pages)
        n = len(files)
        urls = work / "urls.json"
        urls.write_text(json.dumps({f.name: next(r.get("url") for r in truth if r["file"] == original_name(f.name))
                                    for f in files}, ensure_ascii=False), encoding="utf-8")
        log(f"{n} files ({len(truth)} pages × {args.rounds} rounds) in {pages}")

        empty = work / "one-page"  # replay refuses an empty directory (exit 2)
        empty.mkdir()
        shutil.copy(files[0], empty / files[0].name)
        nb_times, tr_times, nb_empty, tr_empty = [], [], [], []
        for i in range(args.repeat):
            log(f"run {i + 1}/{args.repeat}: newsbot …")
            t, nb_records, nb_warnings = run_newsbot(pages, work / "newsbot.jsonl")
            nb_times.append(t)
            log(f"run {i + 1}/{args.repeat}: trafilatura …")
            t, tr_records, tr_info = run_trafilatura(traf, pages, work / "trafilatura.jsonl", urls)
            tr_times.append(t)
            log(f"run {i + 1}/{args.repeat}: both on a one-page directory (start-up) …")
            nb_empty.append(run_newsbot(empty, work / "newsbot-empty.jsonl")[0])
            tr_empty.append(run_trafilatura(traf, empty, work / "trafilatura-empty.jsonl", urls)[0])
        log("newsbot in-process loop …")
        nb_loop = newsbot_in_process(files)

        nb_by_file = {Path(r["source_path"]).name: r for r in nb_records if r.get("source_path")}
        tr_by_file = {r["file"]: r for r in tr_records}
        nb_results = score_round0(truth, nb_by_file, missing="not written (rejected or dropped by validate)")
        tr_results = score_round0(truth, tr_by_file, convert=traf_record)
        nb_totals, tr_totals = totals(nb_results), totals(tr_results)
        # the same body rule without the sign-off check, for comparison with earlier figures
        lax = [{k: v for k, v in row.items() if k != "body_end_marker"} for row in truth]
        nb_lax = totals(score_round0(lax, nb_by_file), ["body"])["body"]
        tr_lax = totals(score_round0(lax, tr_by_file, convert=traf_record), ["body"])["body"]
    finally:
        if args.keep:
            log(f"kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)

    nb_s, tr_s = statistics.median(nb_times), statistics.median(tr_times)
    nb_0, tr_0 = statistics.median(nb_empty), statistics.median(tr_empty)
    nb_rate, tr_rate = n / nb_s, n / tr_s
    tr_loop = tr_info["loop_seconds"]
    placeholder = Path("$PAGES")
    lines = [
        "# newsbot replay benchmark",
        f"command: .venv/bin/python bench/replay_bench.py --rounds {args.rounds} --repeat {args.repeat}"
        + (f" --pages {args.pages}" if args.pages != SHARED / "real-pages" else ""),
        f"machine: {platform.python_implementation()} {platform.python_version()}, "
        f"{os.cpu_count()} CPU(s), {platform.machine()}; trafilatura {tr_info['trafilatura']}",
        f"input: {n} files = {len(truth)} real pages × {args.rounds} rounds (distinct names); "
        f"median of {args.repeat} whole-process runs",
        "",
        "newsbot:     " + shell(newsbot_command(placeholder, Path("$OUT.jsonl"))),
        "             (cwd = repository; dedupe and newsbot's JSONL writer off, Scrapy's -O feed"
        " writes every copy)",
        "trafilatura: " + shell(traf_command(Path("bench/.venv-trafilatura/bin/python"), placeholder,
                                             Path("$OUT.jsonl"), Path("$URLS.json"))),
        "             (bare_extraction(html, url=<truth url>, with_metadata=True), JSON Lines out)",
        "",
        f"{'':<13}{'wall s':>8}{'pages/s':>10}{'written':>9}{'in-loop ms/page':>17}",
        f"{'newsbot':<13}{nb_s:>8.2f}{nb_rate:>10.1f}{len(nb_records):>9}{1000 * nb_loop / n:>17.2f}",
        f"{'trafilatura':<13}{tr_s:>8.2f}{tr_rate:>10.1f}{len(tr_records):>9}{1000 * tr_loop / n:>17.2f}",
        f"newsbot / trafilatura: {nb_rate / tr_rate:.2f}× whole-process, "
        f"{tr_loop / nb_loop:.2f}× in-loop (goal ≥ 5× whole-process)",
        f"runs (s): newsbot {', '.join(f'{t:.2f}' for t in nb_times)}; "
        f"trafilatura {', '.join(f'{t:.2f}' for t in tr_times)}",
        f"start-up (same command, one page): newsbot {nb_0:.2f} s, trafilatura {tr_0:.2f} s; "
        f"per further page: newsbot {1000 * (nb_s - nb_0) / (n - 1):.2f} ms, "
        f"trafilatura {1000 * (tr_s - tr_0) / (n - 1):.2f} ms",
        "in-loop = extraction only, no interpreter/framework start-up "
        "(newsbot: extract_file + NormalizePipeline + to_json_line in this process)",
    ]
    if nb_warnings:
        lines.append(f"newsbot log: {len(nb_warnings)} WARNING/ERROR line(s), e.g. {nb_warnings[0][:160]}")
    lines += ["", f"accuracy on the {len(truth)} pages (round 0), rules of newsbot.evaluate:",
              f"{'field':<26}{'newsbot':>9}{'trafilatura':>13}"]
    for name in FIELDS:
        a, b = nb_totals[name], tr_totals[name]
        mark = "" if (a["score"] or 0) >= (b["score"] or 0) else "   ← newsbot behind"
        lines.append(f"{name:<26}{a['passed']:>5}/{a['counted']:<3}{b['passed']:>9}/{b['counted']:<3}{mark}")
    lines.append(f"{'body without sign-off rule':<26}{nb_lax['passed']:>5}/{nb_lax['counted']:<3}"
                 f"{tr_lax['passed']:>9}/{tr_lax['counted']:<3}")
    lines += ["", "newsbot per page:", format_table(nb_results, FIELDS, nb_totals)]
    if failures(nb_results):
        lines += ["newsbot failures:", *failures(nb_results)]
    lines += ["", "trafilatura per page:", format_table(tr_results, FIELDS, tr_totals)]
    if failures(tr_results):
        lines += ["trafilatura failures:", *failures(tr_results)]
    print("\n".join(lines))

    out_dir = BENCH / "out"
    out_dir.mkdir(exist_ok=True)
    (out_dir / "replay_bench.json").write_text(json.dumps({
        "files": n, "rounds": args.rounds, "repeat": args.repeat,
        "newsbot": {"wall_seconds": nb_times, "pages_per_second": nb_rate, "written": len(nb_records),
                    "one_page_run_seconds": nb_empty,
                    "in_loop_seconds": nb_loop, "totals": nb_totals,
                    "pages": [r.as_dict() for r in nb_results]},
        "trafilatura": {"wall_seconds": tr_times, "pages_per_second": tr_rate, "written": len(tr_records),
                        "one_page_run_seconds": tr_empty,
                        "in_loop_seconds": tr_loop, "totals": tr_totals,
                        "pages": [r.as_dict() for r in tr_results]},
        "ratio_whole_process": nb_rate / tr_rate,
    }, ensure_ascii=False, indent=2), encoding="utf-8")
    log(f"figures also in {out_dir / 'replay_bench.json'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
