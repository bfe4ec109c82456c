"""The handed cases of issue 13 (``../shared/cases/cases.jsonl``) of kinds
``date`` and ``normalize``, each a test with its expected value (read in
place; skipped with the reason when the shared directory is absent).  The
``replay`` and ``crawl`` cases run through ``python -m newsbot.evaluate
--cases`` (tests/test_evaluate_cases.py)."""

from __future__ import annotations

import json

import pytest

from newsbot.core.jalali import parse_jalali
from newsbot.normalize import normalize
from tests.conftest import SHARED

CASES_FILE = SHARED / "cases" / "cases.jsonl"


def _cases(kind: str) -> list:
    if not CASES_FILE.is_file():
        return [pytest.param(None, marks=pytest.mark.skip(reason=f"no shared cases at {CASES_FILE}"))]
    cases = [json.loads(line) for line in CASES_FILE.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [pytest.param(c, id=c["id"]) for c in cases if c["kind"] == kind]


@pytest.mark.parametrize("case", _cases("date"))
def test_date_case(case):
    assert parse_jalali(case["input"]).value.isoformat() == case["expected"], case["note"]


@pytest.mark.parametrize("case", _cases("normalize"))
def test_normalize_case(case):
    assert normalize(case["input"]) == case["expected"], case["note"]
    assert normalize(case["expected"]) == case["expected"]
