"""Trafilatura side of bench/warc_bench.py; runs in bench/.venv-trafilatura (with warcio 1.8.1).

    python _trafilatura_warc_side.py FILE.warc.gz OUT.jsonl DOMAINS

Reads the WARC with warcio's ``ArchiveIterator`` — the library newsbot's
reader uses — and, for each 2xx ``response`` record with an HTML content
type whose host is one of DOMAINS (comma-separated; the filter newsbot
applies by default), runs ``trafilatura.bare_extraction(body, url=...,
with_metadata=True)`` on ``record.content_stream()`` (chunked framing and
content encoding removed, as for newsbot).  One JSON line per page: url,
title, date, description, text, error.  Prints ``{"pages": n,
"loop_seconds": s}``.
"""

from __future__ import annotations

import json
import sys
import time
from urllib.parse import urlsplit

from _trafilatura_side import extraction_row  # same directory: the replay bench's side


def wanted(url: str, domains: tuple[str, ...]) -> bool:
    host = (urlsplit(url).hostname or "").lower()
    return any(host == d or host.endswith("." + d) for d in domains)


def main(warc: str, out_path: str, domains_arg: str) -> int:
    import trafilatura
    from warcio.archiveiterator import ArchiveIterator

    domains = tuple(d for d in domains_arg.split(",") if d)
    start = time.perf_counter()
    pages = 0
    with open(warc, "rb") as handle, open(out_path, "w", encoding="utf-8") as out:
        for record in ArchiveIterator(handle):
            if record.rec_type != "response" or record.http_headers is None:
                continue
            status = record.http_headers.get_statuscode() or ""
            content_type = (record.http_headers.get_header("Content-Type") or "").split(";")[0].strip()
            url = record.rec_headers.get_header("WARC-Target-URI") or ""
            if not status.startswith("2") or content_type != "text/html" or not wanted(url, domains):
                continue
            pages += 1
            row = {"url": url, **extraction_row(trafilatura, record.content_stream().read(), url)}
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
    print(json.dumps({"pages": pages, "loop_seconds": time.perf_counter() - start,
                      "trafilatura": trafilatura.__version__}))
    return 0


if __name__ == "__main__":
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    sys.exit(main(*sys.argv[1:]))
