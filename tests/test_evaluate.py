"""newsbot.evaluate: folding and comparison rules, the CLI, and the real pages."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from newsbot.evaluate import (
    FAIL, MAX_PREFIX, MAX_SUFFIX, NA, PASS, UsageError, failed_record, fold_text, load_truth,
    match_body, match_key, match_lead, match_news_code, match_published, match_title,
    score_record, texts_equal,
)
from tests.conftest import FIXTURES, REPO, shared_path

SEED_TRUTH = {
    "file": "36482.html",
    "site": "asrpress.ir",
    "url": "https://www.asrpress.ir/fa/news/36482",
    "title": "کنعانی: دولت آمریکا بازنده اخلاقی و سیاسی جنگ غزه است",
    "news_id": "36482",
    "published_iso": ["2023-12-20T08:17:00+03:30"],
    "first_sentence": "به گزارش سرویس سیاسی عصرپرس، کنعانی سخنگوی وزارت امور خارجه در جمع خبرنگاران با "
                      "اشاره به دیدار حسین امیرعبداللهیان وزیر امور خارجه با اسماعیل هنیه، افزود: دیدار "
                      "امشب فرصت دیگری بود که گفت وگوها و تبادل نظراتی در خصوص آخرین وضعیت فلسطین انجام شود.",
    "last_sentence": "وی افزود: تهران و دوحه در راستای گشایش مسیر ارسال کمکهای انسان دوستانه به غزه و "
                     "شکل گیری توقف پایدار وضعیت جنگی مشورتهایی را انجام دادند.",
    "body_end_marker": "انتهای پیام",
}

FIRST = "به گزارش خبرنگار ما، وزیر گفت: دیدار امروز فرصت خوبی بود."
MIDDLE = "وی ادامه داد که گفت‌وگوها ادامه دارد."
LAST = "وی افزود: تهران و دوحه مشورتهایی را انجام دادند."


# ---------------------------------------------------------------- folding

@pytest.mark.parametrize("raw, folded", [
    ("علي", "علی"),                               # Arabic yeh
    ("مصطفى", "مصطفی"),                           # alef maksura
    ("كتاب", "کتاب"),                             # Arabic kaf
    ("۱۴۰۲/۰۹/۲۹ ٠٨:١٧", "1402/09/29 08:17"),     # Persian and Arabic-Indic digits
    ("می\u200cشود", "می شود"),                    # ZWNJ → space
    ("  سلام\n\t\u00a0 دنیا  ", "سلام دنیا"),     # whitespace runs, NBSP, strip
    ("ســـلام", "سلام"),                          # kashida
    ("\u200fسلام\u200e\u202b!\u202c", "سلام!"),   # bidi marks
    ("حَذفِ اِعراب", "حذف اعراب"),                # diacritics
    ("«سلام»، دنیا؟ ۹۶٪", '"سلام", دنیا? 96%'),   # Persian punctuation
    ("خانهٔ ما", "خانه ما"),
    ("ﺳﻼﻡ", "سلام"),                              # presentation forms (NFKC)
    ("و…", "و..."),
    ("", ""),
    (None, ""),
])
def test_fold_text_exact(raw, folded):
    assert fold_text(raw) == folded


def test_zwnj_and_space_fold_the_same():
    assert fold_text("می‌شود") == fold_text("می شود") == "می شود"
    assert fold_text("گفت\u200c\u200cوگو") == "گفت وگو"


def test_match_key_ignores_spacing_only():
    assert match_key(" گفت : «سلام» ") == 'گفت:"سلام"'
    assert texts_equal("کمکهای", "کمک‌های")          # normalizer's half-space repair
    assert texts_equal("یزد ، سرهنگ", "یزد، سرهنگ")   # punctuation spacing
    assert texts_equal("كمك هاي", "کمک‌های")
    assert not texts_equal("کمک‌های", "کمک‌ها")
    assert not texts_equal("سلام.", "سلام")          # punctuation is compared
    assert not texts_equal("سال 1402", "سال 1403")


# ---------------------------------------------------------------- fields

def test_title_and_lead():
    assert match_title("علي", "علی").status == PASS
    assert match_title("كنعاني: دولت", "کنعانی:\u200cدولت").status == PASS
    result = match_title("کنعانی", "کنعانی: دولت")
    assert result.status == FAIL and "کنعانی" in result.detail
    assert match_title(None, "x").status == FAIL
    assert match_lead("هر چیزی", None).status == NA
    assert match_lead(None, "لید").status == FAIL


def test_news_code():
    assert match_news_code("7349926", "۷۳۴۹۹۲۶").status == PASS
    assert match_news_code("۷۳۴۹۹۲۶", "7349926").status == PASS
    assert match_news_code("734992", "7349926").status == FAIL
    assert match_news_code(None, "7349926").status == FAIL


@pytest.mark.parametrize("value, ok", [
    ("2023-12-20T08:17:00+03:30", True),
    ("2023-12-20T08:17:59+03:30", True),            # seconds ignored (truncated)
    ("2023-12-20T08:17:00.250000+03:30", True),
    ("2023-12-20T08:18:00+03:30", False),           # another minute
    ("2023-12-20T08:16:59+03:30", False),
    ("2023-12-20T08:17:00+04:30", False),           # same wall time, other offset
    ("2023-12-20T04:47:00+00:00", False),           # same instant, other offset
    ("2023-12-20T04:47:00Z", False),
    ("2023-12-20T08:17:00", False),                 # no offset
    ("2023-12-20", False),                          # a date only (trafilatura)
    ("20 Dec 2023", False),
    ("", False),
    (None, False),
])
def test_published_exact_minute_and_offset(value, ok):
    result = match_published(value, ["2023-12-20T08:17:00+03:30"])
    assert result.status == (PASS if ok else FAIL), result.detail


def test_published_any_accepted_value_and_datetimes():
    accepted = ["2019-05-30T00:20:00+04:30", "2019-05-29T19:50:37+00:00"]
    assert match_published("2019-05-30T00:20:00+04:30", accepted).status == PASS
    assert match_published("2019-05-29T19:50:00+00:00", accepted).status == PASS
    assert match_published("2019-05-29T19:50:00+04:30", accepted).status == FAIL
    tehran = timezone(timedelta(hours=4, minutes=30))
    assert match_published(datetime(2019, 5, 30, 0, 20, 11, tzinfo=tehran), accepted).status == PASS
    assert match_published("x", []).status == NA
    with pytest.raises(ValueError):
        match_published("2019-05-30T00:20:00+04:30", ["2019-05-30T00:20:00"])


def test_body_clean_passes():
    body = f"{FIRST}\n{MIDDLE}\n{LAST}"
    assert match_body(body, FIRST, LAST, "انتهای پیام").status == PASS
    # the normalizer's half-space repairs and punctuation spacing do not matter
    repaired = body.replace("مشورتهایی", "مشورت‌هایی").replace("ما، وزیر", "ما ، وزیر")
    assert match_body(repaired, FIRST, LAST).status == PASS
    # a single-sentence article
    assert match_body(FIRST, FIRST, FIRST).status == PASS


def test_body_prefix_limit_is_exact():
    ok = "x" * MAX_PREFIX + " " + FIRST + "\n" + LAST
    assert match_body(ok, FIRST, LAST).status == PASS
    # spaces do not count: 40 letters in 8 words are still 40
    assert match_body("xxxx " * (MAX_PREFIX // 4) + FIRST + "\n" + LAST, FIRST, LAST).status == PASS
    too_long = "x" * (MAX_PREFIX + 1) + " " + FIRST + "\n" + LAST
    result = match_body(too_long, FIRST, LAST)
    assert result.status == FAIL
    assert f"{MAX_PREFIX + 1} chars before first sentence" in result.detail


def test_body_junk_after_last_sentence_fails():
    junk = "اخبار مرتبط: دعوای تمام نشدنی مدافع پرسپولیس با مهاجم السد در ورزشگاه"
    assert len(match_key(junk)) > MAX_SUFFIX
    result = match_body(f"{FIRST}\n{LAST}\n{junk}", FIRST, LAST)
    assert result.status == FAIL and "chars after last sentence" in result.detail
    short = "x" * MAX_SUFFIX
    assert match_body(f"{FIRST}\n{LAST}\n{short}", FIRST, LAST).status == PASS
    assert match_body(f"{FIRST}\n{LAST}\n{short}x", FIRST, LAST).status == FAIL


def test_body_end_marker_fails_even_when_short():
    result = match_body(f"{FIRST}\n{LAST}\nانتهای پیام/", FIRST, LAST, "انتهای پیام")
    assert result.status == FAIL and "end marker" in result.detail
    assert match_body(f"{FIRST}\n{LAST}\n17302", FIRST, LAST, "17302").status == FAIL
    assert match_body(f"{FIRST}\n{LAST}\n۱۷۳۰۲", FIRST, LAST, "17302").status == FAIL


@pytest.mark.parametrize("body, reason", [
    (None, "no body extracted"),
    ("", "no body extracted"),
    (f"{MIDDLE}\n{LAST}", "first sentence not found"),
    (f"{FIRST}\n{MIDDLE}", "last sentence not found"),
    (f"{LAST}\n{FIRST}", "last sentence not found"),   # wrong order
])
def test_body_failures(body, reason):
    result = match_body(body, FIRST, LAST)
    assert result.status == FAIL and reason in result.detail


def test_score_record_and_failed_record():
    truth = dict(SEED_TRUTH, first_sentence=FIRST, last_sentence=LAST)
    record = {"title": SEED_TRUTH["title"], "news_code": "36482",
              "published_at": "2023-12-20T08:17:00+03:30", "lead": "لید", "body": f"{FIRST}\n{LAST}"}
    scores = score_record(record, truth)
    assert {name: r.status for name, r in scores.items()} == {
        "title": PASS, "news_code": PASS, "published_at": PASS, "lead": NA, "body": PASS}
    assert list(score_record(record, truth, ["body", "title"])) == ["body", "title"]
    failed = failed_record("extraction failed (unknown_site): x", truth)
    assert {name: r.status for name, r in failed.items()} == {
        "title": FAIL, "news_code": FAIL, "published_at": FAIL, "lead": NA, "body": FAIL}
    assert failed["title"].detail == "extraction failed (unknown_site): x"


def test_body_hint_when_first_sentence_went_to_the_lead():
    truth = dict(SEED_TRUTH, first_sentence=FIRST, last_sentence=LAST)
    scores = score_record({"lead": FIRST, "body": f"{MIDDLE}\n{LAST}"}, truth, ["body"])
    assert scores["body"].status == FAIL
    assert "first sentence is in the extracted lead" in scores["body"].detail


def test_load_truth_errors(tmp_path):
    with pytest.raises(UsageError, match="not found"):
        load_truth(tmp_path / "absent.jsonl")
    bad = tmp_path / "bad.jsonl"
    bad.write_text("{not json\n", encoding="utf-8")
    with pytest.raises(UsageError, match="not JSON"):
        load_truth(bad)
    bad.write_text(json.dumps({"file": "a.html"}) + "\n", encoding="utf-8")
    with pytest.raises(UsageError, match="missing title"):
        load_truth(bad)
    bad.write_text(json.dumps(dict(SEED_TRUTH, published_iso=["2023-12-20"])) + "\n", encoding="utf-8")
    with pytest.raises(UsageError, match="with offset"):
        load_truth(bad)
    good = tmp_path / "good.jsonl"
    good.write_text("\n" + json.dumps(dict(SEED_TRUTH, published_iso="2023-12-20T08:17:00+03:30"),
                                      ensure_ascii=False) + "\n\n", encoding="utf-8")
    assert load_truth(good)[0]["published_iso"] == ["2023-12-20T08:17:00+03:30"]


# ---------------------------------------------------------------- command line

def run_evaluate(*args: str, timeout: float = 120) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONIOENCODING="utf-8")
    result = subprocess.run([sys.executable, "-m", "newsbot.evaluate", *map(str, args)],
                            cwd=REPO, env=env, capture_output=True, text=True, encoding="utf-8",
                            timeout=timeout)
    assert "Traceback" not in result.stderr, result.stderr[-4000:]
    assert "Warning" not in result.stderr, result.stderr[-4000:]
    return result


@pytest.fixture
def seed_pages(tmp_path) -> tuple[Path, Path]:
    pages = tmp_path / "pages"
    pages.mkdir()
    shutil.copy(FIXTURES / "asrpress" / "36482.html", pages / "36482.html")
    truth = tmp_path / "truth.jsonl"
    write_truth(truth, SEED_TRUTH)
    return pages, truth


def write_truth(path: Path, *rows: dict) -> None:
    path.write_text("".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows), encoding="utf-8")


@pytest.mark.e2e  # the command as a subprocess
def test_cli_seed_page_passes(seed_pages):
    pages, truth = seed_pages
    result = run_evaluate("--pages", pages, "--truth", truth)
    assert result.returncode == 0, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    assert any(line.split() == ["page", "title", "news_code", "published_at", "lead", "body"] for line in lines)
    assert any(line.split() == ["36482.html", "✓", "✓", "✓", "n/a", "✓"] for line in lines), result.stdout
    assert any(line.split() == ["total", "1/1", "1/1", "1/1", "0/0", "1/1"] for line in lines)
    for name in ("title", "news_code", "published_at", "body"):
        assert f"{name:<13} 1/1  (100%)" in lines
    assert "lead          0/0  (n/a)" in lines
    assert "failures:" not in result.stdout
    assert lines[-1].startswith("result: OK")


@pytest.mark.e2e  # the command as a subprocess
def test_cli_seed_page_json(seed_pages):
    pages, truth = seed_pages
    result = run_evaluate("--pages", pages, "--truth", truth, "--json")
    assert result.returncode == 0, result.stdout + result.stderr
    data = json.loads(result.stdout)
    assert data["ok"] is True and data["url_hint"] is False
    assert data["totals"]["title"] == {"passed": 1, "counted": 1, "score": 1.0}
    assert data["totals"]["lead"] == {"passed": 0, "counted": 0, "score": None}
    page = data["pages"][0]
    assert page["file"] == "36482.html" and page["error"] is None
    assert {k: v["status"] for k, v in page["fields"].items()} == {
        "title": "pass", "news_code": "pass", "published_at": "pass", "lead": "n/a", "body": "pass"}


@pytest.mark.e2e  # the command as a subprocess
def test_cli_wrong_truth_fails(seed_pages, tmp_path):
    pages, _ = seed_pages
    truth = tmp_path / "wrong.jsonl"
    write_truth(truth, dict(SEED_TRUTH, title="کنعانی: دولت آمریکا بازنده جنگ است", news_id="36483",
                            published_iso=["2023-12-20T08:17:00+04:30"],
                            last_sentence="به گزارش سرویس سیاسی عصرپرس، کنعانی سخنگوی وزارت امور خارجه"))
    result = run_evaluate("--pages", pages, "--truth", truth)
    assert result.returncode == 1, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    assert any(line.split() == ["36482.html", "✗", "✗", "✗", "n/a", "✗"] for line in lines), result.stdout
    assert "title         0/1  (0%)" in lines
    assert any(line.startswith("  36482.html news_code: got 36482, want 36483") for line in lines)
    assert any("chars after last sentence" in line for line in lines)
    assert lines[-1].startswith("result: FAIL")
    # --min-score and --fields decide the exit status
    assert run_evaluate("--pages", pages, "--truth", truth, "--min-score", "0").returncode == 0
    assert run_evaluate("--pages", pages, "--truth", truth, "--min-score", "0.5").returncode == 1
    subset = run_evaluate("--pages", pages, "--truth", truth, "--fields", "lead", "--json")
    assert subset.returncode == 0 and list(json.loads(subset.stdout)["totals"]) == ["lead"]


@pytest.mark.e2e  # the command as a subprocess
def test_cli_extraction_failure_is_a_failed_page(seed_pages, tmp_path):
    pages, _ = seed_pages
    (pages / "junk.html").write_text("<html><body><p>hello</p></body></html>", encoding="utf-8")
    truth = tmp_path / "two.jsonl"
    write_truth(truth, SEED_TRUTH, dict(SEED_TRUTH, file="junk.html", lead="لید"))
    result = run_evaluate("--pages", pages, "--truth", truth)
    assert result.returncode == 1, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    assert any(line.split() == ["junk.html", "✗", "✗", "✗", "✗", "✗"] for line in lines), result.stdout
    assert any(line.startswith("  junk.html: extraction failed (") for line in lines), result.stdout
    assert "title         1/2  (50%)" in lines


@pytest.mark.e2e  # the command as a subprocess
def test_cli_usage_errors(seed_pages, tmp_path):
    pages, truth = seed_pages
    assert run_evaluate("--pages", tmp_path / "absent", "--truth", truth).returncode == 2
    assert run_evaluate("--pages", pages, "--truth", tmp_path / "absent.jsonl").returncode == 2
    assert run_evaluate("--pages", pages).returncode == 2          # no pages/truth.jsonl
    missing_page = tmp_path / "missing.jsonl"
    write_truth(missing_page, dict(SEED_TRUTH, file="nope.html"))
    result = run_evaluate("--pages", pages, "--truth", missing_page)
    assert result.returncode == 2 and "nope.html" in result.stderr
    assert run_evaluate("--pages", pages, "--truth", truth, "--fields", "title,bogus").returncode == 2
    assert run_evaluate("--pages", pages, "--truth", truth, "--min-score", "1.5").returncode == 2
    assert run_evaluate("--truth", truth).returncode == 2


# ---------------------------------------------------------------- the real pages

def test_real_pages_every_field_passes():
    truth = shared_path("real-pages", "truth.jsonl")
    result = run_evaluate("--pages", truth.parent, "--truth", truth, "--json", timeout=300)
    data = json.loads(result.stdout)
    failures = [f"{page['file']} {name}: {res['detail']}"
                for page in data["pages"] for name, res in page["fields"].items() if res["status"] == FAIL]
    assert not failures, "\n".join(failures)
    assert len(data["pages"]) == 9
    for name, total in data["totals"].items():
        assert total["passed"] == total["counted"], name
    assert result.returncode == 0
