"""Command line of :mod:`newsbot.evaluate` (see the package docstring)."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Sequence

from newsbot.evaluate.cases import KINDS, evaluate_cases, format_cases
from newsbot.evaluate.compare import FIELDS
from newsbot.evaluate.pages import UsageError, evaluate_pages, format_report, load_truth, meets, totals


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


def _parse_kinds(text: str) -> list[str]:
    names = [n.strip() for n in text.split(",") if n.strip()]
    unknown = [n for n in names if n not in KINDS]
    if unknown or not names:
        raise argparse.ArgumentTypeError(
            f"unknown kind(s) {', '.join(unknown) or '(none given)'}; choose from {','.join(KINDS)}")
    return [n for n in KINDS if n in names]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m newsbot.evaluate",
        description="Replay saved pages and score title, news_code, published_at, lead and body "
                    "against hand-checked truth (--pages), and/or run the handed cases of a "
                    "cases directory (--cases).")
    parser.add_argument("--pages", type=Path, help="directory holding the pages")
    parser.add_argument("--truth", type=Path, help="truth JSON Lines (default: PAGES/truth.jsonl)")
    parser.add_argument("--min-score", type=_parse_score, default=1.0,
                        help="lowest acceptable per-field score, 0..1 (default 1.0)")
    parser.add_argument("--fields", type=_parse_fields, default=list(FIELDS),
                        help=f"comma-separated subset of {','.join(FIELDS)}")
    parser.add_argument("--json", action="store_true", help="print machine-readable results")
    parser.add_argument("--url-hint", action="store_true",
                        help="pass each page's truth url to extract_file(url=...) (default: no hint)")
    parser.add_argument("--cases", type=Path,
                        help="cases directory (cases.jsonl, pages/, sites/), e.g. ../shared/cases")
    parser.add_argument("--kinds", type=_parse_kinds, default=None,
                        help=f"with --cases: comma-separated subset of {','.join(KINDS)} (default: all "
                             "cases; a case of an unknown kind fails)")
    parser.add_argument("--require-all", action="store_true",
                        help="with --cases: exit 1 when any case fails")
    return parser


def _run_pages(args: argparse.Namespace) -> tuple[bool, dict, str]:
    if not args.pages.is_dir():
        raise UsageError(f"pages directory not found: {args.pages}")
    truth_path = args.truth or args.pages / "truth.jsonl"
    truth = load_truth(truth_path)
    results = evaluate_pages(args.pages, truth, args.fields, url_hint=args.url_hint)
    summary = totals(results, args.fields)
    ok = meets(summary, args.min_score)
    payload = {"pages_dir": str(args.pages), "truth": str(truth_path), "url_hint": args.url_hint,
               "min_score": args.min_score, "fields": list(args.fields), "ok": ok,
               "totals": summary, "pages": [r.as_dict() for r in results]}
    header = (f"newsbot.evaluate: {len(results)} page(s) in {args.pages}, truth {truth_path}, "
              f"url hint {'on' if args.url_hint else 'off'}\n")
    return ok, payload, format_report(results, args.fields, args.min_score, header)


def _run_cases(args: argparse.Namespace) -> tuple[bool, dict, str]:
    results = evaluate_cases(args.cases, args.kinds)
    failed = sum(not r.passed for r in results)
    ok = not (args.require_all and failed)
    payload = {"cases_dir": str(args.cases), "kinds": list(args.kinds or KINDS),
               "require_all": args.require_all, "ok": ok, "passed": len(results) - failed,
               "counted": len(results), "cases": [r.as_dict() for r in results]}
    header = f"newsbot.evaluate: {len(results)} case(s) in {args.cases}\n"
    return ok, payload, header + format_cases(results, args.require_all)


def run(args: argparse.Namespace) -> tuple[int, str]:
    """(exit status, text to print) for parsed arguments; raises :class:`UsageError`.

    Status 1 when the pages score below ``--min-score`` or, with
    ``--require-all``, any case fails; 0 otherwise."""
    if args.pages is None and args.cases is None:
        raise UsageError("give --pages DIR, --cases DIR or both")
    parts = []
    if args.pages is not None:
        parts.append(("pages", *_run_pages(args)))
    if args.cases is not None:
        parts.append(("cases", *_run_cases(args)))
    ok = all(part[1] for part in parts)
    if args.json:
        payload = parts[0][2] if len(parts) == 1 else {name: data for name, _, data, _ in parts}
        if len(parts) > 1:
            payload["ok"] = ok
        text = json.dumps(payload, ensure_ascii=False, indent=2)
    else:
        text = "\n\n".join(part[3] for part in parts)
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
