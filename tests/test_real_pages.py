"""Every CMS family that has a real page in ``../shared/real-pages`` is proven
on it, Fundus-style: the page is replayed in place (the production replay
path: ``extract_file`` without a site or URL hint, ``NormalizePipeline``, the
JSON line the writer stores) and every field is compared exactly with the
record in ``tests/expected/<page>.json``, checked by hand against the page
(the ``_checked`` note of each file says what was read where).  Crawl-time
fields (``crawled_at``, ``source_path``) are left aside.

The body is compared line by line through its SHA-256 digests, with each
line's first words and length for the failure message: exact, without
copying the third-party text into the repository.

A field that the extractor still gets wrong (``_known_gaps``, with the issue
that tracks it) is taken out of the exact comparison and tested on its own
as ``xfail(strict=True)``: when the fix lands the test passes, pytest reports
it, and the entry must be deleted from ``_known_gaps``.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from newsbot.evaluate import extract_record
from tests.conftest import REPO, shared_path

EXPECTED_DIR = REPO / "tests" / "expected"
EXPECTED = sorted(EXPECTED_DIR.glob("*.json"))
CRAWL_TIME = ("crawled_at", "source_path")


def load(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def replay(expected_path: Path) -> dict:
    page = shared_path("real-pages", expected_path.stem + ".html")
    return extract_record(page)


def describe_body(body: str | None) -> list[dict]:
    return [{"starts": " ".join(line.split()[:4]), "chars": len(line),
             "sha256": hashlib.sha256(line.encode("utf-8")).hexdigest()}
            for line in (body or "").split("\n")]


@pytest.mark.parametrize("expected_path", EXPECTED, ids=lambda p: p.stem)
def test_real_page_record(expected_path):
    expected = load(expected_path)
    record = replay(expected_path)
    gaps = expected.get("_known_gaps", {})
    got = {k: v for k, v in record.items() if k not in CRAWL_TIME and k != "body" and k not in gaps}
    want = {k: v for k, v in expected["fields"].items() if k not in gaps}
    assert got == want
    assert describe_body(record["body"]) == expected["body_paragraphs"]


GAPS = [pytest.param(path, name, id=f"{path.stem}-{name}",
                     marks=pytest.mark.xfail(strict=True, reason=reason))
        for path in EXPECTED for name, reason in load(path).get("_known_gaps", {}).items()]


@pytest.mark.parametrize(("expected_path", "name"), GAPS)
def test_real_page_known_gap(expected_path, name):
    assert replay(expected_path)[name] == load(expected_path)["fields"][name]


def test_expected_records_cover_every_family_with_a_real_page():
    """The expected records cover each family that has a real page, and each
    file names the family the page is detected as."""
    from newsbot.extract.detect import detect_profile

    families = {}
    for path in EXPECTED:
        html = shared_path("real-pages", path.stem + ".html").read_text(encoding="utf-8")
        families[load(path)["family"]] = detect_profile(html).family.name
    assert families == {name: name for name in families}
    assert set(families) == {"asam", "iransamaneh", "isna", "nastooh", "pangea", "varzesh3"}
