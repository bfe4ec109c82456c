"""End to end: the crawl-kind handed cases of ``../shared/cases`` (issue 13 K1, K2).

Each case's tiny site is served exactly as ``routes.json`` says (Content-Type
as given, no Content-Encoding) on 127.0.0.1 and crawled with the case's
``args`` plus ``-a base_url=… -s ROBOTSTXT_OBEY=False``; the one record
written must carry the case's expected values.
"""

from __future__ import annotations

import json
import shlex

import pytest

from tests.conftest import SHARED, shared_path
from tests.mocksite import MockSite
from tests.scrapy_run import all_records, run_scrapy

CASES_FILE = SHARED / "cases" / "cases.jsonl"
CASES = ([c for c in map(json.loads, CASES_FILE.read_text("utf-8").splitlines()) if c["kind"] == "crawl"]
         if CASES_FILE.exists() else [])
EXPECTED_IDS = {"crawl-rss-jalali-pubdate-backfill", "crawl-gzip-child-sitemap"}


def test_the_handed_crawl_cases_are_all_here():
    shared_path("cases", "cases.jsonl")
    assert {c["id"] for c in CASES} >= EXPECTED_IDS


def routes_of(site_dir) -> dict:
    table = json.loads((site_dir / "routes.json").read_text("utf-8"))
    return {path: (route["type"], (site_dir / route["file"]).read_bytes()) for path, route in table.items()}


@pytest.mark.e2e
@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_crawl_case(case, tmp_path):
    site_dir = shared_path("cases", case["input"])
    args = shlex.split(case["args"])
    assert args[:2] == ["scrapy", "crawl"]
    with MockSite(routes_of(site_dir)) as site:
        result = run_scrapy(
            *args[1:], "-a", f"base_url={site.base_url}", "-s", "ROBOTSTXT_OBEY=False",
            "-s", f"NEWSBOT_OUTPUT_DIR={tmp_path / 'out'}", "-s", f"NEWSBOT_SEEN_PATH={tmp_path / 'seen.sqlite3'}",
            "-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=False", timeout=90,
        )
        hits = dict(site.hits)
    assert set(hits) == set(routes_of(site_dir)), hits  # every route fetched once (the article too)
    (record,) = all_records(tmp_path)
    for field, value in case["expected"].items():
        assert record[field] == value, (field, result.stderr[-2000:])
