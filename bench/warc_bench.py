"""WARC replay: newsbot vs trafilatura on the same records, worker scaling, memory, disk cost.

    .venv/bin/python bench/warc_bench.py [--rounds 560] [--repeat 1] [--big-gb 1.0] [--skip-big]

1. A CC-NEWS-style WARC (WARC/1.0, one gzip member per record, bodies
   ``Content-Encoding: gzip``, every third one also ``Transfer-Encoding:
   chunked``) is built in a temporary directory from the real pages of
   ``../shared/real-pages``: ROUNDS copies of each page under distinct URLs
   (``<truth url>?r=<round>``), plus per round three records newsbot must
   skip: the same page on ``example.org`` (other domain), an image and a
   revisit.  Never committed; deleted at the end.
2. Whole-process replay, timed from start to exit, median of REPEAT runs:
   newsbot ``scrapy crawl replay -a path=WARC`` (normalize + validate
   pipelines, Scrapy's ``-O`` feed writes every copy, as in replay_bench.py)
   with ``-a workers=1`` and ``-a workers=2``; trafilatura 2.3.1 in
   ``bench/.venv-trafilatura`` reading the same WARC with the same warcio
   1.8.1 and the same domain filter (bench/_trafilatura_warc_side.py).
   The three commands run interleaved, REPEAT times; wall time and CPU time
   (user + system, the process and its worker processes) from ``os.wait4``;
   peak RSS of the parent process (a ``workers=2`` run's children are not in it).
3. Memory on a big WARC: the same file padded with 8 MB binary records on
   another domain to BIG_GB gigabytes (in /tmp, deleted after), replayed
   with ``workers=1``; peak RSS.
4. Disk cost of newsbot's own archive: the real pages written with
   ``WarcFileWriter`` as a server sends them (gzip, level 6) and as identity;
   bytes per 1,000 articles.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from io import BytesIO
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

from warcio.statusandheaders import StatusAndHeaders  # noqa: E402
from warcio.warcwriter import WARCWriter  # noqa: E402

from newsbot.archive.replay import known_domains  # noqa: E402
from newsbot.archive.writer import Exchange, WarcFileWriter  # noqa: E402
from replay_bench import PIPELINES_NO_DEDUPE, SHARED, ensure_trafilatura, shell  # noqa: E402
from tests.warcs import chunked, write_revisit  # noqa: E402


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def load_pages(pages_dir: Path) -> list[tuple[str, bytes]]:
    rows = [json.loads(line) for line in (pages_dir / "truth.jsonl").read_text(encoding="utf-8").splitlines()]
    return [(row["url"], (pages_dir / row["file"]).read_bytes()) for row in rows]


def response(writer: WARCWriter, url: str, body: bytes, headers: list[tuple[str, str]]) -> None:
    http = StatusAndHeaders("200 OK", headers, protocol="HTTP/1.1")
    writer.write_record(writer.create_warc_record(url, "response", payload=BytesIO(body), length=len(body),
                                                  http_headers=http))


def build_warc(path: Path, pages: list[tuple[str, bytes]], rounds: int, pad_to: int = 0) -> dict[str, int]:
    encoded = [(url, gzip.compress(html, 6, mtime=0)) for url, html in pages]
    counts = {"articles": 0, "other_domain": 0, "not_html": 0, "revisit": 0, "padding": 0}
    with open(path, "wb") as handle:
        writer = WARCWriter(handle, gzip=True, warc_version="1.0")
        n = 0
        for r in range(rounds):
            for url, body in encoded:
                headers = [("Content-Type", "text/html; charset=utf-8"), ("Content-Encoding", "gzip")]
                if n % 3 == 0:
                    response(writer, f"{url}?r={r}", chunked(body), headers + [("Transfer-Encoding", "chunked")])
                else:
                    response(writer, f"{url}?r={r}", body, headers + [("Content-Length", str(len(body)))])
                n += 1
            counts["articles"] += len(encoded)
            url, body = encoded[r % len(encoded)]
            response(writer, f"https://example.org/copy/{r}", body,
                     [("Content-Type", "text/html"), ("Content-Encoding", "gzip")])
            response(writer, f"{url.split('/', 3)[0]}//{url.split('/', 3)[2]}/img/{r}.jpg", b"\xff\xd8\xff" * 3000,
                     [("Content-Type", "image/jpeg")])
            write_revisit(writer, f"{url}?r={r}")
            counts["other_domain"] += 1
            counts["not_html"] += 1
            counts["revisit"] += 1
        if pad_to:
            blob = os.urandom(8 * 1024 * 1024)
            while handle.tell() < pad_to:
                response(writer, f"https://example.org/video/{counts['padding']}.bin", blob,
                         [("Content-Type", "application/octet-stream")])
                counts["padding"] += 1
    return counts


def run(cmd: list[str], cwd: Path, out_log: Path) -> tuple[float, int, int, float]:
    """(wall seconds, exit status, peak RSS in MB, CPU seconds) of one whole process.

    CPU = user + system time of the process and the children it waited for
    (a ``workers=N`` run's shards): unlike wall time, it does not grow when
    other jobs share the machine.
    """
    with open(out_log, "wb") as stderr:
        start = time.perf_counter()
        process = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=stderr,
                                   env=dict(os.environ, PYTHONIOENCODING="utf-8"))
        _, status, usage = os.wait4(process.pid, 0)
        elapsed = time.perf_counter() - start
    return elapsed, os.waitstatus_to_exitcode(status), usage.ru_maxrss // 1024, usage.ru_utime + usage.ru_stime


def newsbot_cmd(warc: Path, out: Path, workers: int) -> list[str]:
    return [sys.executable, "-m", "scrapy", "crawl", "replay", "-a", f"path={warc}", "-a", f"workers={workers}",
            "-s", "ITEM_PIPELINES=" + json.dumps(PIPELINES_NO_DEDUPE, separators=(",", ":")),
            "-s", "NEWSBOT_OUTPUT_DIR=", "-s", "LOG_LEVEL=WARNING", "-O", str(out)]


def lines(path: Path) -> int:
    with open(path, "rb") as handle:
        return sum(1 for _ in handle)


def timed_runs(commands: dict[str, tuple[list[str], Path, Path]], work: Path, repeat: int) -> dict:
    """Each command REPEAT times, interleaved (a, b, c, a, b, c …) so that all see the same load."""
    results = {label: {"wall_seconds": [], "cpu_seconds": [], "peak_rss_mb": 0} for label in commands}
    for i in range(repeat):
        for label, (cmd, cwd, out) in commands.items():
            log(f"{label}: run {i + 1}/{repeat} …")
            out.unlink(missing_ok=True)
            elapsed, code, peak, cpu = run(cmd, cwd, work / f"{label}.log")
            if code != 0:
                raise SystemExit(f"{label} failed ({code}): {shell(cmd)}\n"
                                 + (work / f"{label}.log").read_text(errors="replace")[-3000:])
            r = results[label]
            r["wall_seconds"].append(elapsed)
            r["cpu_seconds"].append(cpu)
            r["peak_rss_mb"] = max(r["peak_rss_mb"], peak)
            r["written"] = lines(out)
    for r in results.values():
        r["median"] = statistics.median(r["wall_seconds"])
        r["cpu_median"] = statistics.median(r["cpu_seconds"])
    return results


def disk_cost(pages: list[tuple[str, bytes]], work: Path, copies: int = 112) -> dict[str, float]:
    result = {}
    for name, encode in (("gzip", True), ("identity", False)):
        writer = WarcFileWriter(work / f"cost-{name}", "mixed")
        for _ in range(copies):
            for url, html in pages:
                body = gzip.compress(html, 6, mtime=0) if encode else html
                headers = [("Content-Type", "text/html; charset=utf-8")] + ([("Content-Encoding", "gzip")]
                                                                            if encode else [])
                writer.write(Exchange(url, "GET", [("Host", "x")], b"", "HTTP/1.1", 200, "OK", headers, body))
        writer.close()
        size = sum(p.stat().st_size for p in writer.files)
        result[name] = size / (copies * len(pages)) * 1000
    result["html_bytes_per_1000"] = sum(len(h) for _, h in pages) / len(pages) * 1000
    return result


def scaling_report(report: dict, args) -> int:
    n = report["records"]["articles"]
    w1, w2 = report["newsbot_w1"], report["newsbot_w2"]
    print(f"# newsbot WARC replay scaling: .venv/bin/python bench/warc_bench.py --rounds {args.rounds} "
          f"--repeat {args.repeat} --scaling-only")
    for label, r in (("workers=1", w1), ("workers=2", w2)):
        print(f"{label}: wall s {', '.join(f'{t:.2f}' for t in r['wall_seconds'])}; median {r['median']:.2f} "
              f"({n / r['median']:.1f} pages/s), best {min(r['wall_seconds']):.2f}; CPU median {r['cpu_median']:.1f} s")
    print(f"workers=2 / workers=1: {w1['median'] / w2['median']:.2f}× median, "
          f"{min(w1['wall_seconds']) / min(w2['wall_seconds']):.2f}× best (goal ≥ 1.7×)")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="bench/warc_bench.py", description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=560, help="copies of each real page (default 560 → 5,040)")
    parser.add_argument("--repeat", type=int, default=1, help="timed runs of each command; median reported")
    parser.add_argument("--big-gb", type=float, default=1.0, help="size of the memory-test WARC (default 1.0)")
    parser.add_argument("--skip-big", action="store_true", help="skip the big-WARC memory run")
    parser.add_argument("--scaling-only", action="store_true",
                        help="newsbot workers=1 vs 2 only (no trafilatura, big WARC or disk cost)")
    args = parser.parse_args(argv)
    pages_dir = SHARED / "real-pages"
    if not pages_dir.is_dir():
        print(f"warc_bench: skipped: {pages_dir} not available (set NEWSBOT_SHARED)")
        return 0
    pages = load_pages(pages_dir)
    traf = ensure_trafilatura()
    if subprocess.run([str(traf), "-c", "import warcio"], capture_output=True).returncode != 0:
        subprocess.run([str(traf), "-m", "pip", "install", "-q", "warcio==1.8.1"], check=True)
    work = Path(tempfile.mkdtemp(prefix="newsbot-warc-bench-", dir="/tmp"))
    report: dict = {"rounds": args.rounds}
    try:
        warc = work / "CC-NEWS-bench.warc.gz"
        log("building the WARC …")
        report["records"] = build_warc(warc, pages, args.rounds)
        report["warc_bytes"] = warc.stat().st_size
        domains = ",".join(known_domains())
        traf_cmd = [str(traf), str(REPO / "bench" / "_trafilatura_warc_side.py"), str(warc),
                    str(work / "traf.jsonl"), domains]
        commands = {
            "newsbot_w1": (newsbot_cmd(warc, work / "nb1.jsonl", 1), REPO, work / "nb1.jsonl"),
            "newsbot_w2": (newsbot_cmd(warc, work / "nb2.jsonl", 2), REPO, work / "nb2.jsonl"),
            "trafilatura": (traf_cmd, REPO / "bench", work / "traf.jsonl"),
        }
        if args.scaling_only:
            del commands["trafilatura"]
        report.update(timed_runs(commands, work, args.repeat))
        if args.scaling_only:
            return scaling_report(report, args)
        report["disk"] = disk_cost(pages, work)
        if not args.skip_big:
            big = work / "big.warc.gz"
            log(f"building a {args.big_gb} GB WARC …")
            report["big_records"] = build_warc(big, pages, args.rounds, pad_to=int(args.big_gb * 1e9))
            report["big_bytes"] = big.stat().st_size
            report.update(timed_runs({"newsbot_big": (newsbot_cmd(big, work / "big.jsonl", 1), REPO,
                                                      work / "big.jsonl")}, work, 1))
    finally:
        shutil.rmtree(work, ignore_errors=True)

    n = report["records"]["articles"]
    rate = {k: n / report[k]["median"] for k in ("newsbot_w1", "newsbot_w2", "trafilatura")}
    out = [
        "# newsbot WARC replay benchmark",
        f"command: .venv/bin/python bench/warc_bench.py --rounds {args.rounds} --repeat {args.repeat}"
        + (" --skip-big" if args.skip_big else f" --big-gb {args.big_gb}"),
        f"WARC: {n} article records ({len(pages)} real pages × {args.rounds} URLs) + "
        f"{report['records']['other_domain']} other-domain, {report['records']['not_html']} image, "
        f"{report['records']['revisit']} revisit records; {report['warc_bytes'] / 1e6:.1f} MB; "
        f"{os.cpu_count()} CPU(s)",
        f"median of {args.repeat} interleaved whole-process runs; CPU = user+sys of the process and its workers",
        f"{'':<22}{'wall s':>8}{'pages/s':>9}{'CPU s':>8}{'CPU ms/page':>12}{'written':>9}{'peak RSS MB':>13}",
    ]
    for key, label in (("newsbot_w1", "newsbot workers=1"), ("newsbot_w2", "newsbot workers=2"),
                       ("trafilatura", "trafilatura (warcio)")):
        r = report[key]
        out.append(f"{label:<22}{r['median']:>8.2f}{rate[key]:>9.1f}{r['cpu_median']:>8.1f}"
                   f"{1000 * r['cpu_median'] / n:>12.2f}{r['written']:>9}{r['peak_rss_mb']:>13}")
    out.append(f"newsbot / trafilatura (1 process each): {rate['newsbot_w1'] / rate['trafilatura']:.2f}× wall, "
               f"{report['trafilatura']['cpu_median'] / report['newsbot_w1']['cpu_median']:.2f}× CPU "
               "(goal ≥ 5× per core)")
    out.append("runs (wall s): " + "; ".join(f"{k} " + ", ".join(f"{t:.1f}" for t in report[k]["wall_seconds"])
                                            for k in ("newsbot_w1", "newsbot_w2", "trafilatura")))
    out.append(f"workers=2 / workers=1: {rate['newsbot_w2'] / rate['newsbot_w1']:.2f}× (goal ≥ 1.7×)")
    if "newsbot_big" in report:
        big = report["newsbot_big"]
        out.append(f"big WARC {report['big_bytes'] / 1e9:.2f} GB ({report['big_records']['padding']} × 8 MB "
                   f"binary records + the articles): {big['median']:.1f} s, {big['written']} written, "
                   f"peak RSS {big['peak_rss_mb']} MB (goal < 200 MB)")
    d = report["disk"]
    out.append(f"disk per 1,000 articles in newsbot's archive: {d['gzip'] / 1e6:.1f} MB as sent gzip-encoded, "
               f"{d['identity'] / 1e6:.1f} MB when sent uncompressed (HTML itself: "
               f"{d['html_bytes_per_1000'] / 1e6:.1f} MB)")
    print("\n".join(out))
    (REPO / "bench" / "out").mkdir(exist_ok=True)
    (REPO / "bench" / "out" / "warc_bench.json").write_text(json.dumps(report, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
