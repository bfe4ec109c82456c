"""Every site profile has a fixture page, and every fixture page extracts right.

``tests/fixtures/<site>/<news_code>.html`` is a page of the site's CMS family
and ``<news_code>.expected.json`` the record it must give after
``NormalizePipeline``: ``fields`` compared exactly, the body by its ends,
paragraph count and a few inner strings, and ``absent_everywhere`` (site
chrome, related news, share bars, sign-offs) in no field at all.  The pages
are written by ``tests/fixtures/_build_site_fixtures.py`` (asrpress, the seed
article, has its own test in ``test_seed_article.py``).

Pages are replayed without a site hint: the site must be found from the
page's canonical URL.  With every link moved to an unknown domain, the CMS
family must still be recognised from its markup.
"""

from __future__ import annotations

import importlib.util
import json
import re
import sys
from pathlib import Path

import pytest

from newsbot.extract.detect import detect_profile
from newsbot.extract.replay import extract_file
from newsbot.pipelines.normalize import NormalizePipeline
from newsbot.serialize import to_json_line
from newsbot.sites import SITES
from tests.conftest import FIXTURES
from tests.scrapy_run import run_scrapy

FIXTURE_DIRS = sorted(d for d in FIXTURES.iterdir() if d.is_dir() and any(d.glob("*.expected.json")))
CASES = [p for d in FIXTURE_DIRS if d.name != "asrpress" for p in sorted(d.glob("*.expected.json"))]
GENERATOR = FIXTURES / "_build_site_fixtures.py"
UNKNOWN = "https://news.example-fa.ir"


def page_of(expected_path: Path) -> Path:
    return expected_path.with_name(expected_path.name.removesuffix(".expected.json") + ".html")


def load(expected_path: Path) -> dict:
    return json.loads(expected_path.read_text(encoding="utf-8"))


def case_id(expected_path: Path) -> str:
    return f"{expected_path.parent.name}/{expected_path.name.removesuffix('.expected.json')}"


def extract_record(page: Path) -> dict:
    item = NormalizePipeline().process_item(extract_file(page))
    return json.loads(to_json_line(item))


# ------------------------------------------------------------------ coverage

def test_every_site_profile_has_a_fixture():
    missing = sorted(name for name in SITES if not any((FIXTURES / name).glob("*.expected.json")))
    assert not missing, f"site profiles without tests/fixtures/<site>/*.expected.json: {missing}"
    strays = sorted({d.name for d in FIXTURE_DIRS} - set(SITES))
    assert not strays, f"fixture directories that name no site profile: {strays}"


def test_scrapy_list_shows_every_site_catalogue_entry_replay_and_site():
    assert len(SITES) == 33
    listed = run_scrapy("list", timeout=120).stdout.split()
    from newsbot.sites.catalogue import CATALOGUE

    assert sorted(listed) == sorted([*SITES, *CATALOGUE, "replay", "site"])


@pytest.mark.parametrize("expected_path", CASES, ids=case_id)
def test_fixture_is_labelled_and_complete(expected_path):
    expected = load(expected_path)
    assert expected["_fixture"].startswith("Synthetic page written for newsbot from the ")
    assert expected["_fixture"].endswith("text is original (not copied from the site)")
    assert expected["fields"]["site"] == expected_path.parent.name
    assert expected["fields"]["news_code"] == expected_path.name.removesuffix(".expected.json")
    assert page_of(expected_path).is_file()


def test_fixtures_are_what_the_generator_writes(tmp_path, monkeypatch):
    """The committed pages are exactly the generator's output (regenerable)."""
    spec = importlib.util.spec_from_file_location("_build_site_fixtures", GENERATOR)
    module = importlib.util.module_from_spec(spec)
    monkeypatch.setitem(sys.modules, spec.name, module)  # dataclasses look their module up
    spec.loader.exec_module(module)
    written = module.build(tmp_path)
    assert {p.parent.name for p in written} == {p.parent.name for p in CASES}
    for path in written:
        committed = FIXTURES / path.relative_to(tmp_path)
        assert committed.is_file(), f"generator writes {committed} but it is not committed"
        assert committed.read_bytes() == path.read_bytes(), f"{committed} differs from the generator's output"
    assert {p.relative_to(tmp_path) for p in written} == {
        p.relative_to(FIXTURES) for c in CASES for p in (c, page_of(c))
    }


# ---------------------------------------------------------------- extraction

@pytest.mark.parametrize("expected_path", CASES, ids=case_id)
def test_site_fixture_extracts_expected_record(expected_path):
    expected = load(expected_path)
    record = extract_record(page_of(expected_path))

    assert {key: record.get(key) for key in expected["fields"]} == expected["fields"]

    body = record["body"] or ""
    assert body.startswith(expected["body_starts_with"]), body[:200]
    assert body.endswith(expected["body_ends_with"]), body[-200:]
    paragraphs = body.split("\n")
    assert len(paragraphs) == expected["body_paragraphs"], paragraphs
    assert all(p and p.strip() == p for p in paragraphs)
    for text in expected.get("body_contains", []):
        assert text in body, text
    assert record["title"] not in body
    if record["lead"]:
        assert record["lead"] not in body

    dumped = json.dumps(record, ensure_ascii=False)
    leaked = [junk for junk in expected["absent_everywhere"] if junk in dumped]
    assert not leaked, f"boilerplate in the record: {leaked}"


# ----------------------------------------------------------- family detection

def first_fixture_per_family() -> list[Path]:
    chosen: dict[str, Path] = {}
    for path in CASES:
        chosen.setdefault(load(path)["family"], path)
    return [chosen[name] for name in sorted(chosen)]


def move_to_unknown_domain(html: str, domains: tuple[str, ...]) -> str:
    """Every absolute link to the site (subdomains, JSON-escaped ``\\/\\/`` too) → UNKNOWN."""
    for domain in domains:
        pattern = r"(?:https?:)?(?:\\?/){2}(?:[a-z0-9-]+\.)*" + re.escape(domain) + r"(?![\w.-])"
        html = re.sub(pattern, UNKNOWN, html, flags=re.IGNORECASE)
    return html


@pytest.mark.parametrize("expected_path", first_fixture_per_family(),
                         ids=lambda p: f"{load(p)['family']}-{p.parent.name}")
def test_family_detected_from_markup_on_unknown_domain(expected_path, tmp_path):
    expected = load(expected_path)
    page = page_of(expected_path)
    domains = SITES[expected["fields"]["site"]].domains
    html = move_to_unknown_domain(page.read_text(encoding="utf-8"), domains)
    assert not re.search(r"/(?:[a-z0-9-]+\.)*(?:%s)(?![\w.-])" % "|".join(map(re.escape, domains)), html)

    profile = detect_profile(html)
    assert profile.family.name == expected["family"]
    assert profile.name == "news-example-fa-ir"
    assert profile.name not in SITES

    moved = tmp_path / page.name
    moved.write_text(html, encoding="utf-8")
    original, item = extract_file(page), extract_file(moved)
    assert item.site == "news-example-fa-ir"
    assert item.url.startswith(UNKNOWN + "/")
    assert (item.title, item.news_code) == (original.title, original.news_code)
    assert item.published_at is not None
    assert item.published_at == original.published_at  # same instant (the zone may differ)
