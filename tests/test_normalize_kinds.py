"""Issue 13 kinds K7-K10 of the normalizer, each tried on several inputs of
the kind (not only the handed case), with exact expected values."""

from __future__ import annotations

import pytest

from newsbot.normalize import NormalizerConfig, normalize

Z = "\u200c"  # ZWNJ


def n(text: str, **config) -> str:
    return normalize(text, NormalizerConfig(**config)) if config else normalize(text)


# --- K7: URL protection runs through ZWNJ and other IRI characters ---------------------

@pytest.mark.parametrize(
    "url",
    [
        f"https://example.ir/fa/news/12/کتاب{Z}ها-جدید",
        f"https://www.isna.ir/news/1402/می{Z}شود-گفت{Z}وگو?q=کتاب{Z}ها#بخش{Z}دوم",
        f"http://example.com/a{Z}/b{Z}-1",  # ZWNJ next to non-letters, still inside the URL
        f"www.example.ir/برچسب/خانه{Z}ای_نو",
        "https://fa.wikipedia.org/wiki/ایران_(کشور)",
        "https://example.ir/۱۴۰۲/۰۹/٢٩/خبر",  # digits of any system: byte for byte
    ],
)
def test_url_is_kept_byte_for_byte(url):
    text = f"متن کامل در {url} آمده است"
    assert n(text) == text
    assert n(n(text)) == text


@pytest.mark.parametrize(
    ("src", "want"),
    [
        # trailing punctuation and a trailing ZWNJ are not part of the URL
        (f"ببینید: https://example.ir/کتاب{Z}ها.", f"ببینید: https://example.ir/کتاب{Z}ها."),
        (f"https://example.ir/الف{Z} ب", "https://example.ir/الف ب"),
        (f"(https://example.ir/کتاب{Z}ها)", f"(https://example.ir/کتاب{Z}ها)"),
        (f"«https://example.ir/کتاب{Z}ها»", f"«https://example.ir/کتاب{Z}ها»"),
    ],
)
def test_url_edges(src, want):
    assert n(src) == want


def test_zwnj_outside_urls_is_still_cleaned():
    assert n(f"سلام{Z} دنیا https://example.ir/a{Z}b") == f"سلام دنیا https://example.ir/a{Z}b"


# --- K8: one digit system per protected date/time token; values never change ----------

@pytest.mark.parametrize(
    ("src", "want"),
    [
        ("تاریخ ١٤٠٢/۰۹/٢٩ ساعت ۰۸:١٧", "تاریخ ۱۴۰۲/۰۹/۲۹ ساعت ۰۸:۱۷"),
        ("ساعت ٠٨:١٧", "ساعت ۰۸:۱۷"),  # Arabic-Indic only -> Persian
        ("ساعت ۰۸:17", "ساعت ۰۸:۱۷"),  # Persian + ASCII mixed -> Persian
        ("نرخ ١٢٫٥ درصد", "نرخ ۱۲٫۵ درصد"),  # decimal: separator kept
        ("سال‌های ١٣٩٨-1400", "سال‌های ۱۳۹۸-۱۴۰۰"),  # range
        ("ساعت 08:17", "ساعت 08:17"),  # one system already: kept as written
        ("ساعت ۰۸:۱۷", "ساعت ۰۸:۱۷"),
        ("تاریخ 1402/09/29", "تاریخ 1402/09/29"),
    ],
)
def test_protected_numbers_get_one_digit_system(src, want):
    assert n(src) == want
    assert n(want) == want


def test_digit_system_follows_the_policy():
    assert n("ساعت ١٤:30", digits="ascii") == "ساعت 14:30"
    assert n("ساعت ١٤:۳۰", digits="ascii") == "ساعت 14:30"
    assert n("ساعت ١٤:۳۰", digits="keep") == "ساعت ١٤:۳۰"
    assert n("ساعت ۱۴:۳۰", digits="ascii") == "ساعت ۱۴:۳۰"  # one system: kept


# --- K9: word-list gaps, fixed as rules --------------------------------------------------

@pytest.mark.parametrize(
    ("src", "want"),
    [
        ("سقف سالن فرو ریخت و دود فضا را فرا گرفت", "سقف سالن فروریخت و دود فضا را فراگرفت"),
        ("دیوار فرو ریخته است", "دیوار فروریخته است"),
        (f"ساختمان‌ها فرو ریخته اند", f"ساختمان‌ها فروریخته{Z}اند"),
        ("آتش فرو نشست", "آتش فرونشست"),
        ("خشم خود را فرو خورد", "خشم خود را فروخورد"),
        ("زمان آن فرا رسیده است", "زمان آن فرارسیده است"),
        ("ماه رمضان فرا رسید", "ماه رمضان فرارسید"),
        ("سفیر را فرا خواندند", "سفیر را فراخواندند"),
        ("یک فرا خوان عمومی", "یک فراخوان عمومی"),
        ("بیماری فرا گیر شد", "بیماری فراگیر شد"),
        ("دانش را فرا بگیرید", "دانش را فرابگیرید"),
        # with می the verb keeps its spaces; not a verb form: no join
        ("سقف فرو می ریزد", f"سقف فرو می{Z}ریزد"),
        ("فرا ملی", "فرا ملی"),
    ],
)
def test_detached_preverbs(src, want):
    assert n(src) == want


@pytest.mark.parametrize(
    ("src", "want"),
    [
        ("بی بی سی فارسی گزارش داد", f"بی{Z}بی{Z}سی فارسی گزارش داد"),
        ("شبکه سی ان ان گفت", f"شبکه سی{Z}ان{Z}ان گفت"),
        ("ان بی سی نیوز", f"ان{Z}بی{Z}سی نیوز"),
        ("در مصاحبه با «سی ان ان»", f"در مصاحبه با «سی{Z}ان{Z}ان»"),
        ("بازی‌های (ان بی ای)", f"بازی‌های (ان{Z}بی{Z}ای)"),
        ("از اف بی آی و سی آی ای", f"از اف{Z}بی{Z}آی و سی{Z}آی{Z}ای"),
        ("پیامک یا اس ام اس", f"پیامک یا اس{Z}ام{Z}اس"),
        ("تصویر ام آر آی", f"تصویر ام{Z}آرآی"),  # no ZWNJ after non-joining ر
        ("تست دی ان ای", f"تست دی{Z}ان{Z}ای"),
        # two letter names, thirtieth, the ای suffix after ه: not acronyms
        ("سی دی ماه", "سی دی ماه"),
        ("سی ام دی ماه", "سی ام دی ماه"),
        ("۸ مرحله ای یو وی دار", f"۸ مرحله{Z}ای یو وی دار"),
    ],
)
def test_spaced_acronyms(src, want):
    assert n(src) == want
    assert n(want) == want


@pytest.mark.parametrize(
    ("src", "want"),
    [
        ("کتابها", f"کتاب{Z}ها"),
        ("کتابهای", f"کتاب{Z}های"),
        ("کتابها و کتابهای او", f"کتاب{Z}ها و کتاب{Z}های او"),
        ("اتوبوسها", f"اتوبوس{Z}ها"),
        ("ساختمانها و ساختمانهای", f"ساختمان{Z}ها و ساختمان{Z}های"),
        ("ایستگاههای مترو", f"ایستگاه{Z}های مترو"),
        # words that only look like plurals stay joined
        ("آنها تنها سهام و اتهام نهایی", "آنها تنها سهام و اتهام نهایی"),
        ("شبهات", "شبهات"),
    ],
)
def test_joined_plurals_are_fixed_consistently(src, want):
    assert n(src) == want


@pytest.mark.parametrize(
    ("src", "want"),
    [
        ("(آبی تر)", f"(آبی{Z}تر)"),
        ("(بزرگ تر)", f"(بزرگ{Z}تر)"),
        ("(زیبا تر)", "(زیباتر)"),  # after a non-joining letter: no ZWNJ
        ("[جدی ترین]", f"[جدی{Z}ترین]"),
        ("«مهم تر»", f"«مهم{Z}تر»"),
        ("( قوی تر )", f"(قوی{Z}تر)"),
        ("(بزرگتر)", f"(بزرگ{Z}تر)"),
        ("آبی تر", f"آبی{Z}تر"),
        ("(سبز تر)", "(سبزتر)"),
        ("(خوب ترین)", f"(خوب{Z}ترین)"),
        ("«سرد تر»،", "«سردتر»،"),
        ("(کتاب ترین)", f"(کتاب{Z}ترین)"),  # ترین never stands alone
        ("لباس تر", "لباس تر"),  # تر is also «wet»: only after known adjectives
    ],
)
def test_comparatives_inside_brackets(src, want):
    assert n(src) == want


# --- K10: numbers of a Latin name stay Latin ---------------------------------------------

@pytest.mark.parametrize(
    ("src", "want"),
    [
        ("گوشی iPhone 15 عرضه شد", "گوشی iPhone 15 عرضه شد"),
        ("Galaxy S24 و Windows 11", "Galaxy S24 و Windows 11"),
        ("iPhone 15 Pro Max", "iPhone 15 Pro Max"),
        ("کنسول PlayStation 5 و Xbox 360", "کنسول PlayStation 5 و Xbox 360"),
        ("نسخه Android 14، منتشر شد", "نسخه Android 14، منتشر شد"),
        # a number of the sentence stays a Persian number
        ("ویندوز 11 منتشر شد", "ویندوز ۱۱ منتشر شد"),
        ("عزیز ATM74 در IBM-96 085 B 95BCS", "عزیز ATM74 در IBM-96 ۰۸۵ B 95BCS"),
        ("Windows 11 در 12/10", "Windows 11 در 12/10"),
    ],
)
def test_numbers_of_latin_names_stay_latin(src, want):
    assert n(src) == want
    assert n(want) == want


def test_new_word_rules_are_idempotent_on_random_mixtures():
    """Letter names, preverbs, affixes, punctuation, Latin words, URLs and
    dates strung together at random (fixed seed): a second pass changes nothing."""
    import random

    from newsbot.normalize._morph import LETTER_NAMES

    pieces = LETTER_NAMES + ["و", "فرو", "فرا", "ریخت", "گرفت", "می", "ها", "تر", "ترین", "کتاب",
                             "خانه", "مرحله", "آبی", "«", "»", "(", ")", "،", ".", "؟", "iPhone", "15",
                             "١٤٠٢/۰۹/٢٩", f"https://x.ir/کتاب{Z}ها", Z]
    rng = random.Random(13)
    for _ in range(3000):
        words = [rng.choice(pieces) for _ in range(rng.randint(1, 12))]
        text = "".join(w + rng.choice([" ", " ", "", Z, "  "]) for w in words)
        once = n(text)
        assert n(once) == once, text
