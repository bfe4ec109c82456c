"""Morphology constants shared by the runtime normalizer and the lexicon
builder (scripts/build_zwnj_lexicon.py): affixes that take a ZWNJ, verb
endings, function words."""

from __future__ import annotations

ZWNJ = "\u200c"

#: Letters after which a ZWNJ is invisible: the following letter is joined
#: directly (کشور + ها -> کشورها).  Same set as ``_chars.NON_JOINING``.
NON_JOINING_SET = frozenset(
    "ءآأؤإاةدذرزوٱٲٳٴٵٶٷڈډڊڋڌڍڎڏڐڑڒړڔڕږڗژڙۀۃۄۅۆۇۈۉۊۋۍۏےۓە"
)

#: Plural suffix and its combinations with clitics (formal and colloquial).
PLURAL_SUFFIXES = frozenset(
    "ها های هایی هایم هایت هایش هایمان هایتان هایشان هاست هایند "
    "هام هات هاش هاتون هاشون".split()
)
#: Comparative and superlative.
COMPARATIVE_SUFFIXES = frozenset(["تر", "تری", "ترین", "ترها"])
#: Suffixes written with a ZWNJ after a final ه (گسترده‌ای، آماده‌ایم، گفته‌اند).
HEH_SUFFIXES = frozenset(["ای", "ام", "ایم", "اید", "اند", "اش", "ات"])
#: Pronoun clitics written detached only after a final ه (خانه‌شان، خونه‌مون).
HEH_CLITICS = frozenset(["مان", "تان", "شان", "مون", "تون", "شون"])

#: Verb prefixes that take a ZWNJ.
VERB_PREFIXES = ("برنمی", "درنمی", "برمی", "درمی", "نمی", "می")
#: Personal endings (formal, then colloquial), longest first.
VERB_ENDINGS = ("ند", "ید", "یم", "ین", "م", "ی", "د", "ه", "ن", "")

#: Short words ending in ه that are not stems (که + ای is "that O ...").
HEH_FUNCTION_WORDS = frozenset(["که", "چه", "نه", "به", "ته", "مه", "شه", "وه", "ده", "آه", "اه"])
#: Words that never take the comparative suffix or start a compound.
FUNCTION_WORDS = frozenset(
    "و که را از به در با بر تا چه نه یا اگر اما ولی هم پس نیز چون همه هر یک دو سه "
    "این آن او ما شما من تو وی ایشان آنان اینان است بود شد کرد باید شود ای".split()
)
#: Second elements of compound adjectives that never stand alone
#: (خشونت آمیز، هیجان انگیز، خاک آلود، امکان پذیر): joined with ZWNJ.
ELEMENT_SUFFIXES = frozenset(
    "آمیز آمیزی انگیز انگیزی آلود آلودی پذیر پذیری ناپذیر ناپذیری".split()
)

#: Detached verbal prefixes (preverbs) written joined to a verb form without
#: می (فروریخت، فرونشاند، فراگرفت، فرارسید; فرو می‌ریزد keeps its spaces, as
#: the Academy of Persian Language and Literature's spelling rules write
#: prefixed verbs), each with the (past stem, present stem) pairs of the
#: verbs it forms in current news usage (hand-picked list; hazm#188).
PREVERB_STEMS = {
    "فرو": (
        ("ریخت", "ریز"), ("رفت", "رو"), ("نشست", "نشین"), ("نشاند", "نشان"),
        ("افتاد", "افت"), ("برد", "بر"), ("خورد", "خور"), ("گذاشت", "گذار"),
        ("کاست", "کاه"), ("ماند", "مان"), ("پاشید", "پاش"), ("بلعید", "بلع"),
        ("غلتید", "غلت"), ("لغزید", "لغز"), ("چکید", "چک"), ("کوفت", "کوب"),
        ("بست", "بند"), ("خوابید", "خواب"), ("شکست", "شکن"),
    ),
    "فرا": (
        ("گرفت", "گیر"), ("رسید", "رس"), ("خواند", "خوان"), ("رفت", "رو"),
        ("افکند", "افکن"), ("روید", "روی"),
    ),
}
#: Endings after a past stem: personal endings, participle, infinitive.
PAST_STEM_ENDINGS = ("", "م", "ی", "یم", "ید", "ند", "ه", "ن", "نی")
#: Endings after a present stem: personal endings, imperative/agent noun
#: (فراخوان، فراگیر), noun in -ی (فراگیری، فروریزی), participle in -نده.
PRESENT_STEM_ENDINGS = ("", "م", "ی", "د", "یم", "ید", "ند", "نده")
#: Persian names of Latin letters, as spelled-out acronyms write them
#: (بی‌بی‌سی BBC, سی‌ان‌ان CNN, اف‌بی‌آی FBI).  Left out: «او» (he/she) and
#: «وای» (an interjection), too common as words.
LETTER_NAMES = (
    "ای بی سی دی اف جی اچ آی کی ال ام ان پی کیو آر اس تی یو وی دبلیو ایکس زد".split()
)
