"""Locate the shared directory and read the real news corpora in it.

The corpora are third-party texts kept *outside* the repository (in the
``shared`` directory that sits next to the repository root, or wherever the
``NEWSBOT_SHARED`` environment variable points).  Tests, the benchmark and the
lexicon builder read them in place; nothing here copies them.

Only the standard library is used (framework-free).
"""

from __future__ import annotations

import csv
import json
import os
import re
import sys
from pathlib import Path
from typing import Iterator

__all__ = ["shared_dir", "corpora_dir", "corpus_files", "iter_corpus_texts", "read_corpus_file"]

_REPO_ROOT = Path(__file__).resolve().parents[2]


def shared_dir() -> Path:
    """Return the shared directory: ``$NEWSBOT_SHARED`` or ``<repo>/../shared``."""
    env = os.environ.get("NEWSBOT_SHARED")
    if env:
        return Path(env)
    return _REPO_ROOT.parent / "shared"


def corpora_dir() -> Path:
    return shared_dir() / "corpora"


def corpus_files() -> list[Path]:
    """The corpus files present (sorted); empty when shared/ is absent."""
    d = corpora_dir()
    if not d.is_dir():
        return []
    return sorted(p for p in d.iterdir() if p.is_file() and not p.name.startswith("."))


_U_ESCAPE = re.compile(r"\\u([0-9a-fA-F]{4})")
_PY_STR = re.compile(r"'((?:[^'\\]|\\.)*)'")
_XML_TEXT = re.compile(r"<TEXT>(.*?)</TEXT>", re.S)
_TAG = re.compile(r"<[^>]{0,200}>")


def _strings(obj) -> Iterator[str]:
    if isinstance(obj, str):
        yield obj
    elif isinstance(obj, dict):
        for k, v in obj.items():
            if k in ("url", "link", "_path", "code", "date", "pubDate"):
                continue
            yield from _strings(v)
    elif isinstance(obj, list):
        for v in obj:
            yield from _strings(v)


def read_corpus_file(path: Path) -> Iterator[str]:
    """Yield the text fields (titles, leads, bodies) of one corpus file.

    Formats handled: CSV with a header, a JSON array, JSON lines, the
    Hamshahri-style XML (``<TEXT>`` elements), Python-repr tuples (one per
    line, with ``\\uXXXX`` escapes) and plain text (one document per line).
    """
    name = path.name
    if name.endswith(".csv"):
        csv.field_size_limit(sys.maxsize)
        with path.open(encoding="utf-8", newline="") as fh:
            for row in csv.DictReader(fh):
                for key in ("title", "body"):
                    val = row.get(key)
                    if val:
                        yield val.strip()
    elif name.endswith(".jsonl"):
        with path.open(encoding="utf-8") as fh:
            for line in fh:
                line = line.strip()
                if line:
                    yield from (s for s in _strings(json.loads(line)) if s.strip())
    elif name.endswith(".json"):
        with path.open(encoding="utf-8") as fh:
            data = json.load(fh)
        yield from (s for s in _strings(data) if s.strip())
    elif name.endswith(".xml"):
        text = path.read_text(encoding="utf-8")
        for m in _XML_TEXT.finditer(text):
            body = _TAG.sub(" ", m.group(1)).strip()
            if body:
                yield body
    else:
        with path.open(encoding="utf-8") as fh:
            for line in fh:
                line = line.strip()
                if not line:
                    continue
                if line.startswith("(") and "'" in line:
                    # Python tuple repr: keep the quoted strings that contain Persian.
                    for m in _PY_STR.finditer(line):
                        s = _U_ESCAPE.sub(lambda u: chr(int(u.group(1), 16)), m.group(1))
                        s = s.replace("\\n", "\n").replace("\\'", "'").replace("\\\\", "\\")
                        if any("\u0600" <= ch <= "\u06ff" for ch in s):
                            yield s
                else:
                    yield line


def iter_corpus_texts() -> Iterator[tuple[str, str]]:
    """Yield ``(file name, text)`` for every text field of every corpus file."""
    for path in corpus_files():
        for text in read_corpus_file(path):
            yield path.name, text
