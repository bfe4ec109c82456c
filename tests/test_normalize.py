"""Unit tests of the Persian normalizer: every rule, the protected spans, the
levels and switches, the seed article's words, linear time, idempotence and
the command-line filter."""

from __future__ import annotations

import io
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsbot.normalize import (
    LEVELS,
    Normalizer,
    NormalizerConfig,
    collapse_marks,
    collapse_repeats,
    compose_hamza,
    final_teh_marbuta,
    fix_ellipsis,
    fix_punctuation_spacing,
    fix_whitespace,
    fix_zwnj,
    get_lexicon,
    heh_hamza,
    mask,
    normalize,
    normalize_code,
    persian_punctuation,
    persian_quotes,
    remove_diacritics,
    remove_kashida,
    restore,
    space_digits,
    strip_invisible,
    unescape_html,
)
from newsbot.normalize import __main__ as cli
from newsbot.normalize.corpus import shared_dir

Z = "\u200c"  # ZWNJ
REPO = Path(__file__).resolve().parents[1]
SEED = shared_dir() / "seed" / "000_74bbfa448ef5eb11.txt"


def n(text: str, **changes) -> str:
    return normalize(text, LEVELS["full"].replace(**changes) if changes else None)


# --------------------------------------------------------------------------
# Characters
# --------------------------------------------------------------------------

@pytest.mark.parametrize("src, want", [
    ("ي", "ی"), ("ى", "ی"), ("ك", "ک"),                       # Arabic yeh, alef maksura, kaf
    ("علي", "علی"), ("كتاب", "کتاب"),
    ("ﺳﻼﻡ", "سلام"), ("ﻻ", "لا"), ("ﻷ", "لأ"),                 # presentation forms, lam-alef
    ("ﷲ", "الله"), ("﷼", "ریال"), ("﷽", "بسم الله الرحمن الرحیم"), ("ﷺ", "(ص)"),
    ("إسرائیل", "اسرائیل"), ("ٱلله", "الله"),                 # hamza below / wasla
    ("کہ", "که"), ("آمدے", "آمدی"), ("ڪتاب", "کتاب"),          # Urdu lookalikes
    ("سایة", "سایه"), ("رحمۃاللہ", "رحمةالله"),               # ة final -> ه, inside kept
    ("رئیس", "رئیس"), ("مؤسسه", "مؤسسه"), ("رأی", "رأی"),      # kept hamza letters
    ("دربارۀ", "دربارۀ"), ("خانهٔ", "خانهٔ"),                  # both ezafe forms kept
])
def test_character_unification(src, want):
    assert n(src) == want


def test_lookalikes_switch():
    assert n("کہ", fold_lookalikes=False) == "کہ"
    assert n("كه", fold_lookalikes=False) == "که"


def test_kashida_and_diacritics():
    assert remove_kashida("ســـلام") == "سلام"
    assert remove_diacritics("حَذفِ اِعراب") == "حذف اعراب"
    assert n("ســـلام") == "سلام"
    assert n("کُجا نِشانِ قَدَم") == "کجا نشان قدم"
    assert n("کُجا", remove_diacritics=False) == "کُجا"
    # madda and hamza survive diacritics removal (composed first)
    assert compose_hamza("ا\u0653ب") == "آب"
    assert n("ا\u0653ب") == "آب"
    assert n("ا\u0654") == "أ"


def test_teh_marbuta_and_heh_hamza_rules():
    assert final_teh_marbuta("سایة و رحمةالله") == "سایه و رحمةالله"
    assert heh_hamza("بهانهء ممکن") == "بهانهٔ ممکن"
    assert heh_hamza("اجزاء") == "اجزاء"


@pytest.mark.parametrize("policy, src, want", [
    ("persian", "ساعت 18 و ٣٤٥", "ساعت ۱۸ و ۳۴۵"),
    ("ascii", "ساعت ۱۸ و ٣٤٥", "ساعت 18 و 345"),
    ("keep", "ساعت 18 و ٣٤٥", "ساعت 18 و ٣٤٥"),
])
def test_digit_policies(policy, src, want):
    assert n(src, digits=policy) == want


def test_digit_policy_validated():
    with pytest.raises(ValueError):
        NormalizerConfig(digits="roman")


def test_grouped_integers_follow_the_digit_policy():
    assert n("۱۲,۵۴۳ تومان") == "۱۲٬۵۴۳ تومان"
    assert n("12,543 تومان") == "۱۲٬۵۴۳ تومان"
    assert n("۱۲٬۵۴۳ تومان", digits="ascii") == "12,543 تومان"


def test_enclosed_numbers():
    assert n("⒕34") == "۱۴۳۴"


def test_normalize_code():
    assert normalize_code(" ۳۶۴۸۲\u200f ") == "36482"
    assert normalize_code("٣٦٤٨٢") == "36482"
    assert normalize_code("\u200eAB-۱۲\u200c") == "AB-12"


# --------------------------------------------------------------------------
# Invisible characters and white space
# --------------------------------------------------------------------------

@pytest.mark.parametrize("ch", ["\u200e", "\u200f", "\u202a", "\u202b", "\u202c", "\u202d",
                                "\u202e", "\u2066", "\u2067", "\u2068", "\u2069", "\ufeff", "\u061c"])
def test_bidi_controls_are_stripped(ch):
    assert strip_invisible(f"{ch}سلام{ch}") == "سلام"
    assert n(f"سل{ch}ام") == "سلام"


def test_zero_width_space_and_soft_hyphen_become_zwnj_where_they_join():
    assert n("حرف\u00adها") == f"حرف{Z}ها"
    assert n("می\u200bشود") == f"می{Z}شود"
    assert n("کار\u200bها") == "کارها"            # after a non-joining letter: nothing
    assert n("سلام\u200b دنیا") == "سلام دنیا"


def test_zwnj_rules():
    assert fix_zwnj(f"کاروان{Z}{Z}سرا") == f"کاروان{Z}سرا"
    assert fix_zwnj(f"سلام {Z}{Z}دنیا") == "سلام دنیا"
    assert fix_zwnj(f"{Z}{Z}کاروان{Z}سرا{Z}") == f"کاروان{Z}سرا"
    assert fix_zwnj(f"کشور{Z}ها") == "کشورها"          # after non-joining ر
    assert fix_zwnj(f"کتاب{Z}ها") == f"کتاب{Z}ها"
    assert fix_zwnj(f"کتاب{Z}.") == "کتاب."


def test_whitespace():
    assert fix_whitespace("سلام    دنیا") == "سلام دنیا"
    assert fix_whitespace("  الف  \n  ب \n\n\n\nج ") == "الف\nب\n\nج"
    assert n("سلام\t\u00a0\u2009دنیا") == "سلام دنیا"
    assert n("الف\r\nب\rج") == "الف\nب\nج"


def test_digits_and_words_get_a_space():
    assert space_digits("مسافت۹کیلومتر") == "مسافت ۹ کیلومتر"
    assert n("مسافت ۹کیلومتر") == "مسافت ۹ کیلومتر"
    assert n("ماده۱۰ قانون") == "ماده ۱۰ قانون"
    assert n("۲۰ام و ۳مین") == "۲۰ام و ۳مین"           # ordinal endings stay


# --------------------------------------------------------------------------
# Punctuation
# --------------------------------------------------------------------------

def test_punctuation_spacing():
    assert fix_punctuation_spacing("گفت : سلام") == "گفت: سلام"
    assert n("اینجا کجاست؟تو") == "اینجا کجاست؟ تو"
    assert n("سلام!چطوری؟") == "سلام! چطوری؟"
    assert n("ناصر گفت:«من می‌روم.»") == "ناصر گفت: «من می‌روم.»"
    assert n("شرکت « گوگل »اعلام کرد .") == "شرکت «گوگل» اعلام کرد."
    assert n("( پرانتز ) و [ کروشه ] و { آکولاد }") == "(پرانتز) و [کروشه] و {آکولاد}"
    assert n("نمی کند.به گزارش") == f"نمی{Z}کند. به گزارش"
    assert n("پیامبر(ص)گفت") == "پیامبر (ص) گفت"
    assert n("ج.ا.ا") == "ج.ا.ا"                         # one-letter abbreviations
    assert n("؟?،٬!%:«»؛") == "؟؟،،!٪:«»؛"               # a run of marks is left alone


def test_persian_punctuation_marks():
    assert persian_punctuation("الف, ب; ج?") == "الف، ب؛ ج؟"
    assert n("الف , ب") == "الف، ب"
    assert n("Hello, world? OK; yes") == "Hello, world? OK; yes"   # after Latin: kept
    assert n("۹۶%") == "۹۶٪"


def test_ellipsis_and_repeated_marks():
    assert fix_ellipsis("تنهایی...") == "تنهایی…"
    assert fix_ellipsis("و...") == "و …"
    assert n("ریشتر ...»") == "ریشتر …»"
    assert collapse_marks("کند؟؟؟!!!!!!!") == "کند؟!"
    assert collapse_marks("چرا؟؟") == "چرا؟؟"


def test_quotes_only_where_safe():
    assert persian_quotes('"نقل‌قول"') == "«نقل‌قول»"
    assert n('"این" یا "آن"') == "«این» یا «آن»"
    assert n('بین "  گیومه  " ,') == "بین «گیومه»،"
    assert n('He said "hello" to them') == 'He said "hello" to them'   # Latin only
    assert n('قطر ۱۲" و ۱۵"') == 'قطر ۱۲" و ۱۵"'                     # inch marks
    assert n('گفت "سلام و') == 'گفت "سلام و'                         # unpaired
    assert n('&quot;گیومه های فارسی&quot;') == f"«گیومه{Z}های فارسی»"


def test_html_entities():
    assert unescape_html("&quot;الف&quot; &amp; ب&nbsp;ج") == '"الف" & ب\u00a0ج'
    assert unescape_html("AT&T") == "AT&T"
    assert n("a&nbsp;ب", unescape_html=False) == "a&nbsp;ب"


def test_repeated_letters():
    assert collapse_repeats("سلاممم دوستان") == "سلام دوستان"
    assert n("اعلاممممم") == "اعلام"
    assert n("سلامم") == "سلامم"
    assert n("بزننند") == "بزنند"            # a doubled letter typed once more: two kept
    assert n("واردکننندگان") == "واردکنندگان"
    assert n("سلاممم", collapse_repeats=False) == "سلاممم"


# --------------------------------------------------------------------------
# Half-space (ZWNJ) repair
# --------------------------------------------------------------------------

@pytest.mark.parametrize("src, want", [
    # detached prefixes and suffixes
    ("می شود", f"می{Z}شود"),
    ("نمی شود", f"نمی{Z}شود"),
    ("ما می توانیم", f"ما می{Z}توانیم"),
    ("کتاب ها", f"کتاب{Z}ها"),
    ("کشور ها", "کشورها"),
    ("لحظه هایی سخت", f"لحظه{Z}هایی سخت"),
    ("بزرگ تر", f"بزرگ{Z}تر"),
    ("زیبا تر", "زیباتر"),
    ("قدرتمند ترین", "قدرتمندترین"),
    ("خانه ای", f"خانه{Z}ای"),
    ("گفته اند", f"گفته{Z}اند"),
    ("آمده ای ولی من رفته ام", f"آمده{Z}ای ولی من رفته{Z}ام"),
    ("خاک آلود", f"خاک{Z}آلود"),
    ("بر می گردد", f"برمی{Z}گردد"),
    # joined forms no library fixes
    ("تلاشهای", f"تلاش{Z}های"),
    ("مشورتهای", f"مشورت{Z}های"),
    ("گستردهای", f"گسترده{Z}ای"),
    ("منطقهای", f"منطقه{Z}ای"),
    ("آمادهایم", f"آماده{Z}ایم"),
    ("مهمترین", f"مهم{Z}ترین"),
    ("میشود", f"می{Z}شود"),
    ("جمعهها", f"جمعه{Z}ها"),
    ("نمیدانم چه میگفت", f"نمی{Z}دانم چه می{Z}گفت"),
    # compounds
    ("گفت وگو", f"گفت{Z}وگو"),
    ("گفت و گو", f"گفت{Z}وگو"),
    ("بین المللی", f"بین{Z}المللی"),
    ("آتش بس", f"آتش{Z}بس"),
    ("زمین لرزه ای", f"زمین{Z}لرزه{Z}ای"),
    # ezafe after ه
    ("خانه ی ما", "خانۀ ما"),
    (f"خانه{Z}ی ما", "خانۀ ما"),
    (f"خانه{Z}یی بر آب", f"خانه{Z}ای بر آب"),
])
def test_zwnj_repair(src, want):
    assert n(src) == want


@pytest.mark.parametrize("word", [
    "میدانی", "میز", "میانه", f"منطقه{Z}ای", "ماه می میلادی", "کتاب امروز", "میزان",
    "میلیون", "بیشتر", "کمتر", "بهترین", "آنها", "دفتر", "فیلتر", "بستر", "تنها", "کردهای عراق",
    "او که ای کاش", "هم در", "جان تری", "لباس تر", "بهنام", "رخداد", "میگوئل", "فاصله گذاری",
    "پیش فرض", "انجام شده است", "تیم ملی", "سازمان ملل",
])
def test_correct_words_are_not_broken(word):
    assert n(word) == word


def test_ambiguous_midani_is_split_only_in_a_verb_context():
    assert n("سیاسی و میدانی تحولات") == "سیاسی و میدانی تحولات"
    assert n("تو میدانی؟") == f"تو می{Z}دانی؟"


def test_word_switches():
    assert n("تلاشهای", fix_joined_words=False) == "تلاشهای"
    assert n("کتاب ها", fix_zwnj_affixes=False) == "کتاب ها"
    assert n("گفت وگو", fix_compounds=False) == "گفت وگو"
    assert n("خانه ی ما", ezafe=False) == "خانه ی ما"


def test_lexicon_is_committed_data():
    lex = get_lexicon()
    assert len(lex.split) > 1000 and len(lex.words) > 10000
    assert lex.split["منطقهای"] == f"منطقه{Z}ای"
    assert "میدانی" not in lex.split and "میدانی" in lex.words
    assert (REPO / "scripts" / "build_zwnj_lexicon.py").is_file()


# --------------------------------------------------------------------------
# Protected spans
# --------------------------------------------------------------------------

@pytest.mark.parametrize("span", [
    "https://example.com/a-b?x=1",
    "http://www.asrpress.ir/fa/news/36482/کنعانی-دولت",
    "www.example.com/path_a,b",
    "info@example.co.ir",
    "COVID-19", "IBM-96", "ATM74", "95BCS", "iPhone", "Wi-Fi", "v1.2.3", "AT&T",
    "۱۴۰۲/۰۹/۲۹", "1402/09/29", "23/10/1355", "08:17", "۰۸:۱۷", "12:34:56",
    "10.450", "۱۲.۵۶", "3.14", "۱۲٫۵", "۱۴۰۰-۱۴۰۲",
])
def test_protected_spans_are_byte_for_byte(span):
    text = f"ســلام  {span} ، كتاب ها…"
    out = n(text)
    assert span in out
    assert out == f"سلام {span}، کتاب{Z}ها…"


def test_protected_spans_survive_every_level():
    for level in LEVELS:
        assert normalize("ساعت 08:17 و https://a.b/c?d=1", level=level).endswith("08:17 و https://a.b/c?d=1")


def test_url_trailing_punctuation_is_not_part_of_the_url():
    assert n("ببینید https://example.com/a.") == "ببینید https://example.com/a."
    assert n("(https://example.com/a)") == "(https://example.com/a)"


def test_mask_restore_round_trip():
    text = "سلام https://x.y/z COVID-19 و ۱۴۰۲/۰۹/۲۹ \ue000 12.5"
    masked, spans = mask(text)
    assert "https" not in masked and "COVID" not in masked and "۱۴۰۲" not in masked
    assert spans == ["https://x.y/z", "COVID-19", "۱۴۰۲/۰۹/۲۹", "\ue000", "12.5"]
    assert restore(masked, spans) == text


def test_private_use_characters_in_input_are_kept():
    assert n("الف \ue000\ue001 ب") == "الف \ue000\ue001 ب"


def test_pair_like_mixed_line():
    assert n("عزیز ATM74 در IBM-96 085 B 95BCS") == "عزیز ATM74 در IBM-96 ۰۸۵ B 95BCS"


# --------------------------------------------------------------------------
# Levels, config, idempotence, robustness
# --------------------------------------------------------------------------

def test_levels():
    assert set(LEVELS) == {"minimal", "standard", "full"}
    text = "كتاب ها 12 ســلام حَذف"
    assert normalize(text, level="minimal") == "کتاب ها 12 سلام حَذف"
    assert normalize(text, level="standard") == f"کتاب{Z}ها ۱۲ سلام حَذف"
    assert normalize(text) == normalize(text, level="full") == f"کتاب{Z}ها ۱۲ سلام حذف"
    with pytest.raises(ValueError):
        NormalizerConfig.level("extreme")


def test_normalizer_object_and_defaults():
    nz = Normalizer()
    assert nz.config == LEVELS["full"] == NormalizerConfig()
    assert nz("") == "" and normalize("") == ""
    assert nz("  \u200f ") == ""


_ALPHABET = (
    list("ابپتثجچحخدذرزژسشصضطظعغفقکگلمنوهیيكىةۀأإؤئءآ") + [Z] * 4 + [" "] * 8
    + list("۰۱۲۳۴۵۶۷۸۹0123456789٠١.,;:?!؟،؛«»()\"“”%٪-/…\n\tabcXYZ@")
    + ["\u200e", "\u200b", "\u00ad", "\u0640", "\u064e", "\u0654", "\u00a0", "ﻻ", "ﷺ", "&quot;",
       "http://a.b/c", "می", "ها", "های", "ای", "تر", "ترین", " ی ", "بر", "در", "گفت", "و", "گو"]
)
_TEXT = st.lists(st.sampled_from(_ALPHABET) | st.characters(), max_size=80).map("".join)


@settings(max_examples=200, deadline=None, suppress_health_check=list(HealthCheck))
@given(_TEXT)
def test_idempotent(text):
    once = normalize(text)
    assert normalize(once) == once


@settings(max_examples=200, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.text(max_size=200), st.sampled_from(sorted(LEVELS)))
def test_any_text_any_level_no_exception(text, level):
    out = normalize(text, level=level)
    assert isinstance(out, str)
    assert not set("\ue000\ue001") & set(out) - set(text)


# --------------------------------------------------------------------------
# Linear time
# --------------------------------------------------------------------------

_ADVERSARIAL = {
    "long word": "ب" * 10_000,
    "long latin": "a" * 10_000,
    "long digits": "۱" * 10_000,
    "digit dots": "1." * 5_000,
    "latin dots": "a." * 5_000,
    "email-ish": "a%" * 5_000,
    "zwnj": ("ب" + Z) * 5_000,
    "quotes": '"' * 10_000,
    "spaces": " " * 10_000,
    "mi": "می " * 3_000,
    "heh ay": "خانه ای " * 1_500,
    "marks": "؟!" * 5_000,
    "url": "http://" + "a/" * 5_000,
}


@pytest.mark.parametrize("name", sorted(_ADVERSARIAL))
def test_pathological_10k_inputs_are_fast(name):
    text = _ADVERSARIAL[name]
    start = time.perf_counter()
    normalize(text)
    assert time.perf_counter() - start < 0.5, name   # milliseconds in practice


def test_one_megabyte_line_is_linear():
    unit = "كتاب ها و تلاشهای https://x.y/a?b=1 COVID-19 ۱۴۰۲/۰۹/۲۹ 12.5 ســلام «  گفت وگو » ،"
    line = (unit * (1_000_000 // len(unit) + 1))[:1_000_000]
    normalize(line[:1000])  # warm the caches
    start = time.perf_counter()
    normalize(line)
    assert time.perf_counter() - start < 5.0   # ~0.2 s here; a quadratic step would take minutes
    for text in ("ب" * 1_000_000, "a" * 1_000_000, "1." * 500_000, " " * 1_000_000):
        start = time.perf_counter()
        normalize(text)
        assert time.perf_counter() - start < 5.0


# --------------------------------------------------------------------------
# The seed article
# --------------------------------------------------------------------------

@pytest.mark.skipif(not SEED.is_file(), reason=f"seed article not found at {SEED} (set NEWSBOT_SHARED)")
def test_seed_article_words():
    out = normalize(SEED.read_text(encoding="utf-8"))
    for word in ("تلاش‌های", "گسترده‌ای", "منطقه‌ای", "مشورت‌های", "آماده‌ایم", "گفت‌وگو", "بین‌المللی",
                 "مهم‌ترین", "آتش‌بس"):
        assert word in out, word
    assert "میدانی" in out and f"می{Z}دانی" not in out
    assert "۰۸:۱۷ - ۲۹ آذر ۱۴۰۲" in out
    for joined in ("تلاشهای", "گستردهای", "منطقهای", "مشورتهای", "آمادهایم", "گفت وگو", "بین المللی"):
        assert joined not in out
    assert normalize(out) == out


def test_seed_sentences_inline():
    assert n("در سطح منطقهای و بین المللی") == f"در سطح منطقه{Z}ای و بین{Z}المللی"
    assert n("آخرین وضعیت سیاسی و میدانی تحولات") == "آخرین وضعیت سیاسی و میدانی تحولات"


# --------------------------------------------------------------------------
# Command line
# --------------------------------------------------------------------------

def test_cli_in_process():
    out = io.StringIO()
    assert cli.main([], stdin=io.StringIO("كتاب ها\r\nمیشود\nآخر"), stdout=out) == 0
    assert out.getvalue() == f"کتاب{Z}ها\nمی{Z}شود\nآخر"
    out = io.StringIO()
    cli.main(["--level", "minimal", "--digits", "ascii"], stdin=io.StringIO("كتاب ها ۱۲\n"), stdout=out)
    assert out.getvalue() == "کتاب ها 12\n"
    out = io.StringIO()
    cli.main(["--no-fix-zwnj-affixes"], stdin=io.StringIO("کتاب ها\n"), stdout=out)
    assert out.getvalue() == "کتاب ها\n"
    out = io.StringIO()
    cli.main(["--code"], stdin=io.StringIO(" ۳۶۴۸۲ \n"), stdout=out)
    assert out.getvalue() == "36482\n"


def test_cli_subprocess():
    res = subprocess.run([sys.executable, "-m", "newsbot.normalize"], input="كتاب ها و تلاشهای\n".encode(),
                         capture_output=True, cwd=REPO, check=True)
    assert res.stdout.decode("utf-8") == f"کتاب{Z}ها و تلاش{Z}های\n"
    res = subprocess.run([sys.executable, "-m", "newsbot.normalize", "--help"],
                         capture_output=True, cwd=REPO, check=True, text=True)
    assert "--level" in res.stdout and "--digits" in res.stdout


def test_package_is_framework_free():
    for path in (REPO / "newsbot" / "normalize").glob("*.py"):
        source = path.read_text(encoding="utf-8")
        for name in ("scrapy", "parsel", "twisted", "itemloaders"):
            assert f"import {name}" not in source and f"from {name}" not in source, path
