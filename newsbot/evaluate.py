"""Extraction accuracy against hand-checked truth: ``python -m newsbot.evaluate``.

Usage::

    python -m newsbot.evaluate --pages DIR [--truth FILE] [--min-score F]
                               [--fields title,news_code,...] [--json] [--url-hint]

Every page listed in the truth file (JSON Lines; default ``DIR/truth.jsonl``)
is replayed through exactly the production path — ``extract_file(path)``
(no ``site=``, no ``url=``), ``NormalizePipeline``, then the JSON line the
writer would store — and five fields are scored: ``title``, ``news_code``,
``published_at``, ``lead`` and ``body``.  ``--url-hint`` passes the truth
``url`` to ``extract_file(url=...)`` to see which pages need it.

Comparison rules (all pure functions below, importable by tests and the
benchmark):

* Text is compared by :func:`match_key`: :func:`fold_text` (NFKC; ي ى ے → ی,
  ك ڪ → ک, ة ۀ ہ → ه; Persian/Arabic digits → ASCII; ، ؛ ؟ ٪ ٫ ٬ → , ; ? % . ,;
  all double quotes « » “ ” → ``"``; diacritics, kashida, bidi and zero-width
  marks removed; ZWNJ → space; whitespace runs → one space; stripped) with
  the spaces then removed.  Spacing is not compared because the normalizer
  legitimately repairs half-spaces and punctuation spacing (کمکهای →
  کمک‌های, «یزد ، سرهنگ» → «یزد، سرهنگ»); every letter, digit and
  punctuation mark is.
* ``title`` and ``lead``: equal keys.  ``lead`` is ``n/a`` (not counted) for a
  page whose truth has no lead.
* ``news_code``: the item's code equals the truth ``news_id`` with ASCII
  digits, exactly.
* ``published_at``: ``datetime.fromisoformat`` on the item's value and on
  each accepted truth value; equal when the UTC offsets are equal and the
  times truncated to the minute are equal (seconds ignored).  A value without
  an offset (a bare date) never matches.
* ``body``: with K the key of the body, F of ``first_sentence`` and L of
  ``last_sentence``: F occurs in K starting at key offset ≤ ``MAX_PREFIX``
  (40; room for a dateline, nothing more); L occurs at or after F and at
  most ``MAX_SUFFIX`` (40) key characters follow it; the key of
  ``body_end_marker`` (a sign-off such as «انتهای پیام») occurs nowhere in K.
  Offsets count key characters, i.e. folded characters without spaces.

A page that cannot be extracted counts as failed on every scored field, with
the reason.  Exit status: 0 when every field's score (passed / counted) is at
least ``--min-score`` (default 1.0), 1 otherwise, 2 on usage errors (missing
directory, truth file or page file; malformed truth).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any, Iterable, Mapping, Sequence

FIELDS: tuple[str, ...] = ("title", "news_code", "published_at", "lead", "body")
#: Most key characters allowed before the first sentence (a dateline).
MAX_PREFIX = 40
#: Most key characters allowed after the last sentence.
MAX_SUFFIX = 40

PASS, FAIL, NA = "pass", "fail", "n/a"
MARKS = {PASS: "✓", FAIL: "✗", NA: "n/a"}

# --------------------------------------------------------------------------
# Folding


_CHAR_MAP = {
    # letters
    "ي": "ی", "ى": "ی", "ے": "ی", "ې": "ی",
    "ك": "ک", "ڪ": "ک",
    "ة": "ه", "ۀ": "ه", "ہ": "ه", "ە": "ه",
    # punctuation
    "،": ",", "؛": ";", "؟": "?", "٪": "%", "٫": ".", "٬": ",",
    "«": '"', "»": '"', "“": '"', "”": '"', "„": '"', "‟": '"', "″": '"',
    "‘": "'", "’": "'", "‚": "'", "‛": "'",
    # zero-width non-joiner: a (half) space
    "\u200c": " ",
}
_CHAR_MAP.update({chr(0x06F0 + i): str(i) for i in range(10)})  # Persian digits
_CHAR_MAP.update({chr(0x0660 + i): str(i) for i in range(10)})  # Arabic-Indic digits
_DROP = (
    "\u0640"                      # kashida / tatweel
    "\u200b\u200d\u2060\ufeff\u00ad"  # zero-width space, ZWJ, word joiner, BOM, soft hyphen
    "\u200e\u200f\u061c"          # LRM, RLM, Arabic letter mark
    "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"  # bidi embeddings/isolates
)
_DIACRITICS = "".join(chr(c) for c in range(0x064B, 0x0660)) + "\u0670"
_CHAR_MAP.update({ch: None for ch in _DROP + _DIACRITICS})
_TABLE = str.maketrans(_CHAR_MAP)
_WHITESPACE = re.compile(r"\s+")


def fold_text(text: str | None) -> str:
    """*text* folded for comparison, spaces kept (single, stripped).

    >>> fold_text("كد  خبر:\\u200c۱۲٣")
    'کد خبر: 123'
    """
    if not text:
        return ""
    text = unicodedata.normalize("NFKC", text).translate(_TABLE)
    return _WHITESPACE.sub(" ", text).strip()


def match_key(text: str | None) -> str:
    """:func:`fold_text` without any spaces: what text comparisons compare."""
    return fold_text(text).replace(" ", "")


def texts_equal(a: str | None, b: str | None) -> bool:
    """Same words, letters, digits and punctuation once folded (spacing ignored)."""
    return match_key(a) == match_key(b)


# --------------------------------------------------------------------------
# Field comparisons


@dataclass(frozen=True)
class FieldResult:
    status: str  # PASS, FAIL or NA
    detail: str = ""

    @property
    def passed(self) -> bool:
        return self.status == PASS

    def as_dict(self) -> dict[str, str]:
        return {"status": self.status, "detail": self.detail}


def _snip(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _compare_text(name: str, value: str | None, expected: str | None) -> FieldResult:
    if expected is None:
        return FieldResult(NA, f"no {name} in truth")
    if not value:
        return FieldResult(FAIL, f"no {name} extracted")
    if texts_equal(value, expected):
        return FieldResult(PASS)
    return FieldResult(FAIL, describe_difference(value, expected))


def describe_difference(value: str, expected: str, context: int = 30) -> str:
    """Where two texts first differ once folded (spacing ignored), for failure details."""
    got, want = fold_text(value), fold_text(expected)
    got_pos = [i for i, ch in enumerate(got) if ch != " "]
    want_pos = [i for i, ch in enumerate(want) if ch != " "]
    same = 0
    for i, j in zip(got_pos, want_pos):
        if got[i] != want[j]:
            break
        same += 1

    def rest(text: str, pos: list[int]) -> str:
        return _snip(text[pos[same]:], context) if same < len(pos) else "(end)"

    before = want[: want_pos[same - 1] + 1][-20:] if same else ""
    where = f"after «…{before}»" if before else "from the start"
    return f"differs {where}: got «{rest(got, got_pos)}», want «{rest(want, want_pos)}»"


def match_title(value: str | None, expected: str | None) -> FieldResult:
    return _compare_text("title", value, expected)


def match_lead(value: str | None, expected: str | None) -> FieldResult:
    return _compare_text("lead", value, expected)


def match_news_code(value: str | None, expected: str | None) -> FieldResult:
    if expected is None:
        return FieldResult(NA, "no news_id in truth")
    want = fold_text(str(expected))
    if not value:
        return FieldResult(FAIL, f"no news code extracted, want {want}")
    got = fold_text(str(value))
    if got == want:
        return FieldResult(PASS)
    return FieldResult(FAIL, f"got {got}, want {want}")


def parse_instant(value: Any) -> datetime | None:
    """A ``datetime`` from an ISO 8601 string (or a datetime); ``None`` if unreadable."""
    if isinstance(value, datetime):
        return value
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day)
    if not isinstance(value, str) or not value.strip():
        return None
    try:
        return datetime.fromisoformat(value.strip())
    except ValueError:
        return None


def same_minute(a: datetime, b: datetime) -> bool:
    """Both aware, same UTC offset, same wall time truncated to the minute."""
    if a.utcoffset() is None or b.utcoffset() is None:
        return False
    if a.utcoffset() != b.utcoffset():
        return False
    return a.replace(second=0, microsecond=0) == b.replace(second=0, microsecond=0)


def match_published(value: Any, accepted: Sequence[str] | str | None) -> FieldResult:
    if not accepted:
        return FieldResult(NA, "no published_iso in truth")
    if isinstance(accepted, str):
        accepted = [accepted]
    wants = [parse_instant(v) for v in accepted]
    if any(w is None or w.utcoffset() is None for w in wants):
        raise ValueError(f"truth published_iso must be ISO 8601 with offset: {accepted!r}")
    shown = " or ".join(accepted)
    if value is None or value == "":
        return FieldResult(FAIL, f"no publish time extracted, want {shown}")
    got = parse_instant(value)
    text = value.isoformat() if isinstance(value, (date, datetime)) else str(value)
    if got is None:
        return FieldResult(FAIL, f"unreadable {text!r}, want {shown}")
    if got.utcoffset() is None:
        return FieldResult(FAIL, f"{text} has no UTC offset, want {shown}")
    if any(same_minute(got, w) for w in wants):
        return FieldResult(PASS)
    return FieldResult(FAIL, f"got {text}, want {shown}")


def match_body(body: str | None, first_sentence: str, last_sentence: str,
               end_marker: str | None = None, *, max_prefix: int = MAX_PREFIX,
               max_suffix: int = MAX_SUFFIX) -> FieldResult:
    """The body starts with *first_sentence* and ends with *last_sentence* (see module doc)."""
    if not first_sentence or not last_sentence:
        return FieldResult(NA, "no first/last sentence in truth")
    if not body:
        return FieldResult(FAIL, "no body extracted")
    folded = fold_text(body)
    pos = [i for i, ch in enumerate(folded) if ch != " "]  # key offset -> folded offset
    k = "".join(folded[i] for i in pos)
    f, last = match_key(first_sentence), match_key(last_sentence)

    def shown(a: int, b: int | None = None) -> str:  # folded text for key range [a, b)
        start = pos[a] if a < len(pos) else len(folded)
        end = len(folded) if b is None or b >= len(pos) else pos[b]
        return folded[start:end].strip()

    problems: list[str] = []
    start = k.find(f)
    if start < 0:
        problems.append(f"first sentence not found (body starts «{_snip(folded, 50)}»)")
    elif start > max_prefix:
        problems.append(f"{start} chars before first sentence (> {max_prefix}): «{_snip(shown(0, start), 50)}»")
    end = k.rfind(last)
    if end < 0 or (start >= 0 and end < start):
        problems.append(f"last sentence not found (body ends «…{folded[-50:]}»)")
    else:
        tail = len(k) - end - len(last)
        if tail > max_suffix:
            problems.append(f"{tail} chars after last sentence (> {max_suffix}): "
                            f"«{_snip(shown(end + len(last)), 60)}»")
    if end_marker:
        marker = match_key(end_marker)
        if marker and marker in k:
            problems.append(f"end marker «{fold_text(end_marker)}» present at {k.find(marker)}")
    if problems:
        return FieldResult(FAIL, "; ".join(problems))
    return FieldResult(PASS)


def score_record(record: Mapping[str, Any], truth: Mapping[str, Any],
                 fields: Iterable[str] = FIELDS) -> dict[str, FieldResult]:
    """Score one extracted record (JSON-like mapping) against one truth row."""
    scorers = {
        "title": lambda: match_title(record.get("title"), truth.get("title")),
        "news_code": lambda: match_news_code(record.get("news_code"), truth.get("news_id")),
        "published_at": lambda: match_published(record.get("published_at"), truth.get("published_iso")),
        "lead": lambda: match_lead(record.get("lead"), truth.get("lead")),
        "body": lambda: match_body(record.get("body"), truth.get("first_sentence"),
                                   truth.get("last_sentence"), truth.get("body_end_marker")),
    }
    results = {name: scorers[name]() for name in fields}
    body = results.get("body")
    if (body is not None and body.status == FAIL and "first sentence not found" in body.detail
            and match_key(truth.get("first_sentence")) in match_key(record.get("lead"))):
        results["body"] = FieldResult(FAIL, body.detail + "; the first sentence is in the extracted lead")
    return results


def failed_record(reason: str, truth: Mapping[str, Any],
                  fields: Iterable[str] = FIELDS) -> dict[str, FieldResult]:
    """Every field with truth failed for *reason* (a page that could not be extracted)."""
    empty = score_record({}, truth, fields)
    return {name: (r if r.status == NA else FieldResult(FAIL, reason)) for name, r in empty.items()}


# --------------------------------------------------------------------------
# Truth, extraction, totals


class UsageError(Exception):
    """Bad command line input (exit status 2)."""


REQUIRED_TRUTH = ("file", "title", "news_id", "published_iso", "first_sentence", "last_sentence")


def load_truth(path: Path) -> list[dict[str, Any]]:
    """The truth rows of a JSON Lines file; :class:`UsageError` when missing or malformed."""
    if not path.is_file():
        raise UsageError(f"truth file not found: {path}")
    rows = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            raise UsageError(f"{path}:{number}: not JSON: {exc}") from exc
        missing = [key for key in REQUIRED_TRUTH if not row.get(key)] if isinstance(row, dict) else ["all"]
        if missing:
            raise UsageError(f"{path}:{number}: missing {', '.join(missing)}")
        if isinstance(row["published_iso"], str):
            row["published_iso"] = [row["published_iso"]]
        for value in row["published_iso"]:
            parsed = parse_instant(value)
            if parsed is None or parsed.utcoffset() is None:
                raise UsageError(f"{path}:{number}: published_iso {value!r} is not ISO 8601 with offset")
        rows.append(row)
    if not rows:
        raise UsageError(f"truth file is empty: {path}")
    return rows


def extract_record(path: Path, url: str | None = None) -> dict[str, Any]:
    """The JSON record newsbot writes for one saved page (the production path)."""
    from newsbot.extract.replay import extract_file
    from newsbot.pipelines.normalize import NormalizePipeline
    from newsbot.serialize import to_json_line

    item = NormalizePipeline().process_item(extract_file(path, url=url))
    return json.loads(to_json_line(item))


def describe_error(exc: BaseException) -> str:
    reason = getattr(exc, "reason", None)
    kind = reason or type(exc).__name__
    return f"extraction failed ({kind}): {exc}"


@dataclass
class PageResult:
    file: str
    fields: dict[str, FieldResult]
    error: str | None = None
    record: dict[str, Any] | None = field(default=None, repr=False)

    def as_dict(self) -> dict[str, Any]:
        return {"file": self.file, "error": self.error,
                "fields": {name: r.as_dict() for name, r in self.fields.items()}}


def evaluate_pages(pages_dir: Path, truth: Sequence[Mapping[str, Any]],
                   fields: Sequence[str] = FIELDS, url_hint: bool = False) -> list[PageResult]:
    """Extract and score every truth page; extraction errors become failed pages."""
    missing = [row["file"] for row in truth if not (pages_dir / row["file"]).is_file()]
    if missing:
        raise UsageError(f"page file(s) not found in {pages_dir}: {', '.join(missing)}")
    results = []
    for row in truth:
        path = pages_dir / row["file"]
        try:
            record = extract_record(path, url=row.get("url") if url_hint else None)
        except Exception as exc:  # any failure is a failed page, never a crash
            results.append(PageResult(row["file"], failed_record(describe_error(exc), row, fields),
                                      error=describe_error(exc)))
            continue
        results.append(PageResult(row["file"], score_record(record, row, fields), record=record))
    return results


def totals(results: Sequence[PageResult], fields: Sequence[str] = FIELDS) -> dict[str, dict[str, Any]]:
    """Per field: passed, counted (pages where it is not n/a) and score (``None`` if none counted)."""
    out = {}
    for name in fields:
        statuses = [r.fields[name].status for r in results if name in r.fields]
        counted = sum(s != NA for s in statuses)
        passed = sum(s == PASS for s in statuses)
        out[name] = {"passed": passed, "counted": counted,
                     "score": (passed / counted) if counted else None}
    return out


def meets(summary: Mapping[str, Mapping[str, Any]], min_score: float) -> bool:
    return all(t["score"] is None or t["score"] >= min_score - 1e-12 for t in summary.values())


def format_table(results: Sequence[PageResult], fields: Sequence[str] = FIELDS,
                 summary: Mapping[str, Mapping[str, Any]] | None = None) -> str:
    """Page × field table of ✓/✗/n/a with a totals row."""
    summary = summary or totals(results, fields)
    first = max([len("page")] + [len(r.file) for r in results])
    widths = [max(len(name), 5) for name in fields]
    lines = ["  ".join(["page".ljust(first)] + [n.ljust(w) for n, w in zip(fields, widths)]).rstrip()]
    for r in results:
        cells = [MARKS[r.fields[n].status].ljust(w) for n, w in zip(fields, widths)]
        lines.append("  ".join([r.file.ljust(first)] + cells).rstrip())
    cells = [f"{summary[n]['passed']}/{summary[n]['counted']}".ljust(w) for n, w in zip(fields, widths)]
    lines.append("  ".join(["total".ljust(first)] + cells).rstrip())
    return "\n".join(lines)


def format_report(results: Sequence[PageResult], fields: Sequence[str], min_score: float,
                  header: str = "") -> str:
    summary = totals(results, fields)
    parts = [header] if header else []
    parts += [format_table(results, fields, summary), ""]
    problems = []
    for r in results:
        if r.error:
            problems.append(f"  {r.file}: {r.error}")
            continue
        for name in fields:
            res = r.fields[name]
            if res.status == FAIL:
                problems.append(f"  {r.file} {name}: {res.detail}")
    if problems:
        parts += ["failures:", *problems, ""]
    for name in fields:
        t = summary[name]
        score = "n/a" if t["score"] is None else f"{t['score']:.0%}"
        parts.append(f"{name:<13} {t['passed']}/{t['counted']}  ({score})")
    verdict = "OK" if meets(summary, min_score) else "FAIL"
    parts.append(f"result: {verdict} (every field needs a score >= {min_score:g})")
    return "\n".join(parts)


# --------------------------------------------------------------------------
# Command line


def _parse_fields(text: str) -> list[str]:
    names = [n.strip() for n in text.split(",") if n.strip()]
    unknown = [n for n in names if n not in FIELDS]
    if unknown or not names:
        raise argparse.ArgumentTypeError(
            f"unknown field(s) {', '.join(unknown) or '(none given)'}; choose from {','.join(FIELDS)}")
    return [n for n in FIELDS if n in names]


def _parse_score(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text}") from None
    if not 0.0 <= value <= 1.0:
        raise argparse.ArgumentTypeError(f"must be between 0 and 1: {text}")
    return value


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m newsbot.evaluate",
        description="Replay saved pages and score title, news_code, published_at, lead and body "
                    "against hand-checked truth.")
    parser.add_argument("--pages", required=True, type=Path, help="directory holding the pages")
    parser.add_argument("--truth", type=Path, help="truth JSON Lines (default: PAGES/truth.jsonl)")
    parser.add_argument("--min-score", type=_parse_score, default=1.0,
                        help="lowest acceptable per-field score, 0..1 (default 1.0)")
    parser.add_argument("--fields", type=_parse_fields, default=list(FIELDS),
                        help=f"comma-separated subset of {','.join(FIELDS)}")
    parser.add_argument("--json", action="store_true", help="print machine-readable results")
    parser.add_argument("--url-hint", action="store_true",
                        help="pass each page's truth url to extract_file(url=...) (default: no hint)")
    return parser


def run(args: argparse.Namespace) -> tuple[int, str]:
    """(exit status, text to print) for parsed arguments; raises :class:`UsageError`."""
    if not args.pages.is_dir():
        raise UsageError(f"pages directory not found: {args.pages}")
    truth_path = args.truth or args.pages / "truth.jsonl"
    truth = load_truth(truth_path)
    results = evaluate_pages(args.pages, truth, args.fields, url_hint=args.url_hint)
    summary = totals(results, args.fields)
    ok = meets(summary, args.min_score)
    if args.json:
        payload = {"pages_dir": str(args.pages), "truth": str(truth_path), "url_hint": args.url_hint,
                   "min_score": args.min_score, "fields": list(args.fields), "ok": ok,
                   "totals": summary, "pages": [r.as_dict() for r in results]}
        text = json.dumps(payload, ensure_ascii=False, indent=2)
    else:
        header = (f"newsbot.evaluate: {len(results)} page(s) in {args.pages}, truth {truth_path}, "
                  f"url hint {'on' if args.url_hint else 'off'}\n")
        text = format_report(results, args.fields, args.min_score, header)
    return (0 if ok else 1), text


def main(argv: Sequence[str] | None = None) -> int:
    if (sys.stdout.encoding or "").lower().replace("-", "").replace("_", "") != "utf8":
        sys.stdout.reconfigure(encoding="utf-8")
    parser = build_parser()
    args = parser.parse_args(argv)  # exits 2 on bad arguments
    try:
        status, text = run(args)
    except UsageError as exc:
        parser.print_usage(sys.stderr)
        print(f"{parser.prog}: error: {exc}", file=sys.stderr)
        return 2
    print(text)
    return status


if __name__ == "__main__":
    sys.exit(main())
