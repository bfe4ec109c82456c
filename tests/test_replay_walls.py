"""Replay and walls: a saved wall page is rejected with ``wall_<kind>`` (counted
``newsbot/wall/<kind>`` as in a live crawl), never an item."""

from __future__ import annotations

import json

import pytest

from newsbot.core.savedpage import SavedPage, write_sidecar
from newsbot.extract.replay import ReplayError, WallPage, extract_file, extract_saved
from tests.conftest import REPO
from tests.scrapy_run import jsonl_files, read_jsonl, run_scrapy, stat

WALLS = REPO / "tests" / "walls"
TABNAK = REPO / "tests" / "replay_inputs" / "tabnak_1034567.html"
URL = "https://www.asrpress.ir/fa/news/36482/x"


@pytest.mark.parametrize(("name", "status", "kind"), [
    ("arvan.html", None, "arvan"), ("captcha.html", 200, "captcha"), ("login.html", None, "login"),
    ("denied.html", None, "denied"), ("cloudflare.html", 503, "cloudflare"), ("denied.html", 403, "denied"),
])
def test_saved_wall_is_rejected_with_its_kind(name, status, kind):
    page = SavedPage(body=(WALLS / name).read_bytes(), url=URL, status=status, source=name,
                     headers={"Content-Type": "text/html; charset=utf-8"})
    with pytest.raises(WallPage) as error:
        extract_saved(page)
    assert (error.value.reason, error.value.kind, error.value.url) == (f"wall_{kind}", kind, URL)
    assert str(error.value) == f"{kind} wall, not an article"


def test_saved_error_page_that_is_no_wall_keeps_http_status(tmp_path):
    page = tmp_path / "page.html"
    page.write_bytes(TABNAK.read_bytes())
    write_sidecar(page, URL, status=404)
    with pytest.raises(ReplayError) as error:
        extract_file(page)
    assert error.value.reason == "http_status" and not isinstance(error.value, WallPage)


@pytest.mark.e2e
def test_replay_run_counts_walls_and_writes_only_the_article(tmp_path):
    tree = tmp_path / "pages"
    tree.mkdir()
    (tree / "good.html").write_bytes(TABNAK.read_bytes())
    for name in ("arvan.html", "captcha.html"):
        (tree / name).write_bytes((WALLS / name).read_bytes())
    write_sidecar(tree / "arvan.html", URL)
    rejects, out = tmp_path / "rejects.jsonl", tmp_path / "out"
    result = run_scrapy("crawl", "replay", "-a", f"path={tree}", "-a", f"rejects={rejects}",
                        "-s", f"NEWSBOT_OUTPUT_DIR={out}", check=False, timeout=120)
    assert result.returncode == 0, result.stderr[-3000:]
    records = [r for f in jsonl_files(out) for r in read_jsonl(f)]
    assert [r["source_path"] for r in records] == [f"{tree}/good.html"]
    log = result.stderr
    assert stat(log, "newsbot/wall/arvan") == 1 and stat(log, "newsbot/wall/captcha") == 1
    assert stat(log, "newsbot/wall_site/www.asrpress.ir/arvan") == 1
    assert stat(log, "newsbot/replay/rejected/wall_arvan") == 1
    assert stat(log, "newsbot/replay/rejected/wall_captcha") == 1
    rejected = sorted((r["path"], r["reason"]) for r in map(json.loads, rejects.read_text("utf-8").splitlines()))
    assert rejected == [(f"{tree}/arvan.html", "wall_arvan"), (f"{tree}/captcha.html", "wall_captcha")]
