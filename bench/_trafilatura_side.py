"""Trafilatura side of bench/replay_bench.py; runs in bench/.venv-trafilatura.

    python _trafilatura_side.py PAGES_DIR OUT.jsonl URLS.json

Extracts every ``*.html`` file in PAGES_DIR (sorted) with
``trafilatura.bare_extraction(html, url=..., with_metadata=True)`` and writes
one JSON line per file: file, title, date, description, text, error.  URLS.json
maps file name → page URL.  Prints ``{"files": n, "loop_seconds": s}`` on
stdout.  Standard library + trafilatura only (this venv has no newsbot).
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path


def extraction_row(trafilatura, html: bytes, url: str | None) -> dict:
    """title, date, description, text (or error) of one page, as both benches record them."""
    row = {"title": None, "date": None, "description": None, "text": None, "error": None}
    try:
        doc = trafilatura.bare_extraction(html, url=url, with_metadata=True)
        if doc is None:
            row["error"] = "no result"
        else:
            data = doc if isinstance(doc, dict) else doc.as_dict()
            for key in ("title", "date", "description", "text"):
                row[key] = data.get(key)
    except Exception as exc:  # a failure is a result, not a crash
        row["error"] = f"{type(exc).__name__}: {exc}"
    return row


def main(pages_dir: str, out_path: str, urls_path: str) -> int:
    import trafilatura

    urls = json.loads(Path(urls_path).read_text(encoding="utf-8"))
    files = sorted(p for p in Path(pages_dir).iterdir() if p.name.endswith(".html"))
    start = time.perf_counter()
    with open(out_path, "w", encoding="utf-8") as out:
        for path in files:
            record = {"file": path.name, **extraction_row(trafilatura, path.read_bytes(), urls.get(path.name))}
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    loop = time.perf_counter() - start
    print(json.dumps({"files": len(files), "loop_seconds": loop,
                      "trafilatura": trafilatura.__version__}))
    return 0


if __name__ == "__main__":
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    sys.exit(main(*sys.argv[1:]))
