"""``python -m newsbot.evaluate --cases``: every kind is run and reported
right (pass, fail with the reason, exit status with ``--require-all``), on
small case directories written by the tests, plus the handed cases of
``../shared/cases`` that are fixed (date, normalize)."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import urllib.request

import pytest

from newsbot.evaluate import build_parser, evaluate_cases, run, same_value
from newsbot.evaluate.loopback import RouteSite, load_routes
from tests.conftest import FIXTURES, REPO, shared_path

SEED_PAGE = FIXTURES / "asrpress" / "36482.html"
SEED_WHEN = "2023-12-20T08:17:00+03:30"


def write_cases(directory, cases):
    directory.mkdir(parents=True, exist_ok=True)
    (directory / "cases.jsonl").write_text(
        "".join(json.dumps(c, ensure_ascii=False) + "\n" for c in cases), encoding="utf-8")
    return directory


def evaluate(*argv):
    return run(build_parser().parse_args([str(a) for a in argv]))


SMALL = [
    {"id": "d-ok", "kind": "date", "input": "۱۰ آذر ۱۴۰۲ - ۲۴:۰۰", "expected": "2023-12-02T00:00:00+03:30"},
    {"id": "d-wrong", "kind": "date", "input": "۲۹ آذر ۱۴۰۲", "expected": "2023-12-21T00:00:00+03:30"},
    {"id": "d-raises", "kind": "date", "input": "۲۸/۱۰/۰۳", "expected": "2025-01-17T00:00:00+03:30"},
    {"id": "n-ok", "kind": "normalize", "input": "کتاب ها", "expected": "کتاب\u200cها"},
    {"id": "odd", "kind": "weather", "input": "x", "expected": "y"},
]


def test_date_and_normalize_kinds_report_each_case(tmp_path):
    results = evaluate_cases(write_cases(tmp_path, SMALL))
    assert [(r.id, r.status) for r in results] == [
        ("d-ok", "pass"), ("d-wrong", "fail"), ("d-raises", "fail"), ("n-ok", "pass"), ("odd", "fail")]
    assert results[1].detail == "got 2023-12-20T00:00:00+03:30, want 2023-12-21T00:00:00+03:30"
    assert results[2].detail == ("DateParseError: numeric date '28/10/03' without a 4-digit year "
                                 "is ambiguous in '۲۸/۱۰/۰۳'")
    assert results[4].detail == "unknown kind 'weather'; known: date, normalize, replay, crawl"


def test_exit_status_and_report(tmp_path):
    cases = write_cases(tmp_path, SMALL)
    status, text = evaluate("--cases", cases)
    assert status == 0  # failures reported, not required
    assert "  pass  date       d-ok" in text.splitlines()
    assert text.splitlines()[-1] == "cases: 2/5 passed"
    status, text = evaluate("--cases", cases, "--require-all")
    assert status == 1
    assert text.splitlines()[-1] == "cases: 2/5 passed - result: FAIL (--require-all)"
    status, text = evaluate("--cases", cases, "--require-all", "--kinds", "normalize")
    assert (status, text.splitlines()[-1]) == (0, "cases: 1/1 passed - result: OK")
    payload = json.loads(evaluate("--cases", cases, "--json", "--kinds", "date")[1])
    assert (payload["passed"], payload["counted"]) == (1, 3)


def test_usage_errors(tmp_path, capsys):
    from newsbot.evaluate import main

    assert main(["--cases", str(tmp_path / "nope")]) == 2
    assert "cases directory not found" in capsys.readouterr().err
    assert main([]) == 2
    assert "give --pages DIR, --cases DIR or both" in capsys.readouterr().err
    (tmp_path / "cases.jsonl").write_text("{not json\n", encoding="utf-8")
    assert main(["--cases", str(tmp_path)]) == 2


def test_replay_kind_compares_every_expected_field(tmp_path):
    (tmp_path / "pages").mkdir()
    shutil.copy(SEED_PAGE, tmp_path / "pages" / "seed.html")
    cases = write_cases(tmp_path, [
        {"id": "ok", "kind": "replay", "input": "pages/seed.html",
         "expected": {"news_code": "36482", "published_at": SEED_WHEN, "site": "asrpress"}},
        {"id": "bad", "kind": "replay", "input": "pages/seed.html",
         "expected": {"news_code": "1", "published_at": "2023-12-20T08:17:00+04:30"}},
        {"id": "missing", "kind": "replay", "input": "pages/none.html", "expected": {}},
    ])
    ok, bad, missing = evaluate_cases(cases)
    assert ok.passed and not bad.passed and not missing.passed
    assert bad.detail == ("news_code: got '36482', want '1'; published_at: got "
                          "'2023-12-20T08:17:00+03:30', want '2023-12-20T08:17:00+04:30'")
    assert missing.detail == f"page not found: {tmp_path / 'pages' / 'none.html'}"


def test_same_value():
    assert same_value("2023-12-20T04:47:00+00:00", "2023-12-20T04:47:00Z")
    assert not same_value("2023-12-20T08:17:00+03:30", "2023-12-20T04:47:00+00:00")  # offset differs
    assert same_value(["a"], ["a"]) and not same_value("1", 1)


def test_loopback_site_sends_exactly_the_routes(tmp_path):
    (tmp_path / "a.xml.gz").write_bytes(b"\x1f\x8bnot really")
    (tmp_path / "routes.json").write_text(json.dumps(
        {"/s.xml.gz": {"file": "a.xml.gz", "type": "application/x-gzip"}}), encoding="utf-8")
    site = RouteSite(load_routes(tmp_path))
    with site as base:
        with urllib.request.urlopen(base + "/s.xml.gz", timeout=10) as response:
            assert response.read() == b"\x1f\x8bnot really"
            assert response.headers["Content-Type"] == "application/x-gzip"
            assert response.headers["Content-Encoding"] is None
        with pytest.raises(urllib.error.HTTPError, match="404"):
            urllib.request.urlopen(base + "/other", timeout=10)
    assert site.requests == ["/s.xml.gz", "/other"]


RSS = ('<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>t</title>'
       '<link>https://www.asrpress.ir/</link><item><title>x</title>'
       '<link>https://www.asrpress.ir/fa/news/36482/x</link>'
       '<pubDate>Wed, 20 Dec 2023 04:47:00 GMT</pubDate></item></channel></rss>')


@pytest.mark.e2e
def test_crawl_kind_runs_scrapy_against_the_routes(tmp_path):
    site = tmp_path / "sites" / "feed"
    site.mkdir(parents=True)
    (site / "rss.xml").write_text(RSS, encoding="utf-8")
    shutil.copy(SEED_PAGE, site / "a.html")
    (site / "routes.json").write_text(json.dumps({
        "/fa/rss/allnews": {"file": "rss.xml", "type": "application/rss+xml; charset=utf-8"},
        "/fa/news/36482/x": {"file": "a.html", "type": "text/html; charset=utf-8"},
    }), encoding="utf-8")
    args = "scrapy crawl asrpress -a discovery=feeds"
    cases = write_cases(tmp_path, [
        {"id": "ok", "kind": "crawl", "input": "sites/feed", "args": args,
         "expected": {"news_code": "36482", "published_at": SEED_WHEN}},
        {"id": "bad", "kind": "crawl", "input": "sites/feed", "args": args,
         "expected": {"news_code": "36482", "title": "x"}},
        {"id": "args", "kind": "crawl", "input": "sites/feed", "args": "scrapy list", "expected": {}},
    ])
    ok, bad, wrong_args = evaluate_cases(cases)
    assert ok.passed, ok.detail
    assert bad.detail.startswith("1 item(s), none matches; first: title: got 'کنعانی: دولت آمریکا")
    assert wrong_args.detail == "args must start with 'scrapy crawl SPIDER': 'scrapy list'"


def test_shared_cases_of_fixed_kinds_pass():
    cases = shared_path("cases")
    status, text = evaluate("--cases", cases, "--kinds", "date,normalize", "--require-all")
    assert status == 0, text


@pytest.mark.e2e
def test_cli_subprocess_prints_every_shared_case():
    cases = shared_path("cases")
    result = subprocess.run([sys.executable, "-m", "newsbot.evaluate", "--cases", str(cases)],
                            cwd=REPO, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0
    ids = [json.loads(line)["id"] for line in (cases / "cases.jsonl").read_text(encoding="utf-8").splitlines()
           if line.strip()]
    lines = result.stdout.splitlines()
    for case_id in ids:
        assert any(line.split()[2:3] == [case_id] or f" {case_id}:" in line for line in lines), case_id
