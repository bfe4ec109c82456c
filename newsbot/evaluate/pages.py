"""Truth files, extraction of saved pages through the production path,
totals and the report of :mod:`newsbot.evaluate`."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Mapping, Sequence

from newsbot.evaluate.compare import (
    FAIL, FIELDS, MARKS, NA, PASS, FieldResult, failed_record, parse_instant, score_record,
)


class UsageError(Exception):
    """Bad command line input (exit status 2)."""


# --------------------------------------------------------------------------
# Truth, extraction, totals


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


