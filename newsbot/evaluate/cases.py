"""The cases mode of :mod:`newsbot.evaluate`: every handed case of a cases
directory (``shared/cases``: ``cases.jsonl`` plus ``pages/`` and ``sites/``)
run through the production code and compared with its expected value.

Kinds (``kind`` of each JSON line):

``date``
    ``input`` is a visible date string; :func:`newsbot.core.jalali.parse_jalali`
    must give the instant ``expected`` (ISO 8601 with offset).
``normalize``
    ``normalize(input)`` must equal ``expected`` exactly.
``replay``
    ``input`` is a saved page under the cases directory; its record (the
    production replay path: ``extract_file`` + ``NormalizePipeline`` + the
    JSON line the writer stores) must hold every field of ``expected``.
``crawl``
    ``input`` is a site directory whose ``routes.json`` is served on
    127.0.0.1 exactly as written (:mod:`newsbot.evaluate.loopback`);
    ``args`` (``scrapy crawl SPIDER -a ...``) run as a real ``scrapy``
    subprocess from the project directory with ``-a base_url=http://127.0.0.1:PORT
    -s ROBOTSTXT_OBEY=False``, plus, to keep the run apart from the user's
    data, ``-O`` a temporary feed and a temporary output directory and
    seen-store.  Some item of the feed must hold every field of ``expected``.

Field values are equal when they are equal JSON values, or two ISO 8601
strings of the same instant with the same UTC offset.  A case that raises,
times out or is malformed fails with the reason; the run always goes on.
"""

from __future__ import annotations

import json
import shlex
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Mapping, Sequence

from newsbot.evaluate.compare import PASS, FAIL, parse_instant
from newsbot.evaluate.loopback import RouteSite, load_routes
from newsbot.evaluate.pages import UsageError, extract_record

KINDS = ("date", "normalize", "replay", "crawl")
CRAWL_TIMEOUT = 180.0
#: Longest failure detail kept (an exception's text can hold a whole page).
MAX_DETAIL = 400


@dataclass(frozen=True)
class CaseResult:
    id: str
    kind: str
    status: str  # PASS or FAIL
    detail: str = ""

    @property
    def passed(self) -> bool:
        return self.status == PASS

    def as_dict(self) -> dict[str, str]:
        return {"id": self.id, "kind": self.kind, "status": self.status, "detail": self.detail}


def load_cases(cases_dir: Path) -> list[dict[str, Any]]:
    """The cases of *cases_dir*/cases.jsonl; :class:`UsageError` when the
    directory or file is missing or a line is not a JSON object."""
    if not cases_dir.is_dir():
        raise UsageError(f"cases directory not found: {cases_dir}")
    path = cases_dir / "cases.jsonl"
    if not path.is_file():
        raise UsageError(f"cases file not found: {path}")
    cases = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            case = json.loads(line)
        except json.JSONDecodeError as exc:
            raise UsageError(f"{path}:{number}: not JSON: {exc}") from None
        if not isinstance(case, dict):
            raise UsageError(f"{path}:{number}: not a JSON object")
        case.setdefault("id", f"line-{number}")
        cases.append(case)
    if not cases:
        raise UsageError(f"cases file is empty: {path}")
    return cases


def same_value(got: Any, want: Any) -> bool:
    """Equal JSON values, or ISO 8601 strings of one instant with one UTC offset."""
    if got == want:
        return True
    if isinstance(got, str) and isinstance(want, str):
        a, b = parse_instant(got), parse_instant(want)
        if a is not None and b is not None and None not in (a.utcoffset(), b.utcoffset()):
            return a.utcoffset() == b.utcoffset() and a == b
    return False


def compare_fields(record: Mapping[str, Any], expected: Mapping[str, Any]) -> list[str]:
    """One message per expected field that *record* does not hold."""
    return [f"{name}: got {record.get(name)!r}, want {want!r}"
            for name, want in expected.items() if not same_value(record.get(name), want)]


def _date(case: Mapping[str, Any], cases_dir: Path) -> str:
    from newsbot.core.jalali import parse_jalali

    got = parse_jalali(case["input"]).value.isoformat()
    return "" if same_value(got, case["expected"]) else f"got {got}, want {case['expected']}"


def _normalize(case: Mapping[str, Any], cases_dir: Path) -> str:
    from newsbot.normalize import normalize

    got = normalize(case["input"])
    return "" if got == case["expected"] else f"got {got!r}, want {case['expected']!r}"


def _replay(case: Mapping[str, Any], cases_dir: Path) -> str:
    page = cases_dir / case["input"]
    if not page.is_file():
        return f"page not found: {page}"
    return "; ".join(compare_fields(extract_record(page), case["expected"]))


def _crawl(case: Mapping[str, Any], cases_dir: Path, timeout: float = CRAWL_TIMEOUT) -> str:
    args = shlex.split(case.get("args") or "")
    if args[:2] != ["scrapy", "crawl"] or len(args) < 3:
        return f"args must start with 'scrapy crawl SPIDER': {case.get('args')!r}"
    project = Path(__file__).resolve().parents[2]
    if not (project / "scrapy.cfg").is_file():
        return f"no scrapy project (scrapy.cfg) at {project}"
    routes = load_routes(cases_dir / case["input"])
    site = RouteSite(routes)
    with tempfile.TemporaryDirectory(prefix="newsbot-case-") as tmp, site as base_url:
        feed = Path(tmp) / "items.jsonl"
        command = [sys.executable, "-m", "scrapy", *args[1:],
                   "-a", f"base_url={base_url}", "-s", "ROBOTSTXT_OBEY=False",
                   "-O", f"{feed}:jsonlines",
                   "-s", f"NEWSBOT_OUTPUT_DIR={Path(tmp) / 'out'}",
                   "-s", f"NEWSBOT_SEEN_PATH={Path(tmp) / 'seen.sqlite3'}",
                   "-s", f"NEWSBOT_ARCHIVE_DIR={Path(tmp) / 'archive'}"]
        try:
            run = subprocess.run(command, cwd=project, capture_output=True, text=True, timeout=timeout)
        except subprocess.TimeoutExpired:
            return f"scrapy did not finish within {timeout:g} s"
        items = []
        if feed.is_file():
            items = [json.loads(line) for line in feed.read_text(encoding="utf-8").splitlines() if line]
    if not items:
        served = ", ".join(site.requests) or "nothing"
        return f"no item (scrapy exit {run.returncode}); requested: {served}"
    problems = [compare_fields(item, case["expected"]) for item in items]
    if any(not p for p in problems):
        return ""
    return f"{len(items)} item(s), none matches; first: " + "; ".join(problems[0])


_RUNNERS = {"date": _date, "normalize": _normalize, "replay": _replay, "crawl": _crawl}


def run_case(case: Mapping[str, Any], cases_dir: Path) -> CaseResult:
    """Run one case; any exception is a failure with its reason, never a crash."""
    case_id, kind = str(case.get("id")), str(case.get("kind"))
    missing = [key for key in ("input", "expected") if key not in case]
    if kind not in _RUNNERS:
        return CaseResult(case_id, kind, FAIL, f"unknown kind {kind!r}; known: {', '.join(KINDS)}")
    if missing:
        return CaseResult(case_id, kind, FAIL, f"malformed case: no {', '.join(missing)}")
    try:
        problem = _RUNNERS[kind](case, cases_dir)
    except Exception as exc:  # a case that raises fails, the run goes on
        problem = f"{type(exc).__name__}: {exc}"
    if len(problem) > MAX_DETAIL:
        problem = problem[: MAX_DETAIL - 1] + "…"
    return CaseResult(case_id, kind, FAIL if problem else PASS, problem)


def evaluate_cases(cases_dir: Path, kinds: Sequence[str] | None = None) -> list[CaseResult]:
    """Every case of *cases_dir* (or only those of *kinds*), in file order; a
    case of a kind this version does not know fails (when *kinds* is None)."""
    return [run_case(c, cases_dir) for c in load_cases(cases_dir) if kinds is None or c.get("kind") in kinds]


def format_cases(results: Sequence[CaseResult], require_all: bool) -> str:
    """One line per case (``pass``/``FAIL``, kind, id, reason) and a total."""
    width = max([len(k) for k in KINDS] + [len(r.kind) for r in results])
    lines = [f"  {'pass' if r.passed else 'FAIL'}  {r.kind:<{width}}  {r.id}"
             + (f": {r.detail}" if r.detail else "") for r in results]
    passed = sum(r.passed for r in results)
    total = f"cases: {passed}/{len(results)} passed"
    if require_all:
        total += " - result: " + ("OK" if passed == len(results) else "FAIL (--require-all)")
    lines.append(total)
    return "\n".join(lines)
