"""The ZWNJ lexicon (data files and the decisions that use them; the
word-level repair itself is :class:`._repair.WordRepair`).

Data files (``data/``, built by ``scripts/build_zwnj_lexicon.py`` from the
news corpora in ``shared/corpora`` and committed; see that script for the
corpora and thresholds) plus one hand-curated file:

``zwnj_split.tsv``
    ``joined<TAB>with-ZWNJ``: joined spellings that edited news writes with a
    ZWNJ (or a space) much more often than joined, e.g. ``منطقهای`` ->
    ``منطقه‌ای``, ``میشود`` -> ``می‌شود``.
``words.txt``
    Words attested written joined (no ZWNJ).  A word listed here and not in
    ``zwnj_split.tsv`` is never split (``میدانی``, ``میز``, ``میانه``,
    ``آنها``, ``بیشتر``); the list is also the vocabulary of known stems.
``verb_stems.txt``
    Stems seen after ``می‌``/``نمی‌`` (``شو``، ``کن``، ``توان``).
``comparative_stems.txt``
    Words seen with ``تر``/``ترین`` detached (``بزرگ``، ``قدرتمند``).
``compounds.tsv``
    ``first<TAB>second``: compounds written with a ZWNJ in the corpora
    (``بین‌المللی``، ``گفت‌وگو``) - joined when found written with a space.
``compounds_curated.txt``
    Hand-curated compounds (``زمین لرزه``، ``گفت و گو``) and exceptions.
"""

from __future__ import annotations

from pathlib import Path

from ._morph import (
    COMPARATIVE_SUFFIXES,
    FUNCTION_WORDS,
    HEH_CLITICS,
    HEH_SUFFIXES,
    NON_JOINING_SET,
    PAST_STEM_ENDINGS,
    PLURAL_SUFFIXES,
    PRESENT_STEM_ENDINGS,
    PREVERB_STEMS,
    VERB_ENDINGS,
    ZWNJ,
)

DATA_DIR = Path(__file__).resolve().parent / "data"

#: A joined می/نمی word seen this often in the corpora is a word of its own.
VERB_KEEP_COUNT = 3

_ALL_SUFFIXES = PLURAL_SUFFIXES | COMPARATIVE_SUFFIXES | HEH_SUFFIXES | HEH_CLITICS
#: Plural suffixes of written Persian, longest first (the colloquial ones,
#: هام هات هاش ..., end too many other words: سهام، جهات، شبهات).
_FORMAL_PLURALS = tuple(sorted(PLURAL_SUFFIXES - {"هام", "هات", "هاش", "هاتون", "هاشون"},
                               key=len, reverse=True))


def preverb_forms(past: str, present: str) -> set[str]:
    """Verb forms of one stem pair that a preverb joins: past stem (with
    negation ن) + personal ending, participle or infinitive; present stem
    (with ن or ب) + personal ending, or the bare stem (فراخوان، فراگیر)."""
    forms = {neg + past + end for neg in ("", "ن") for end in PAST_STEM_ENDINGS}
    forms |= {pre + present + end for pre in ("", "ن", "ب") for end in PRESENT_STEM_ENDINGS}
    return forms


def attach(stem: str, suffix: str) -> str:
    """Join *suffix* to *stem*: with a ZWNJ after a joining letter, directly
    after a non-joining one (کتاب‌ها but کشورها)."""
    if not stem or stem[-1] in NON_JOINING_SET:
        return stem + suffix
    return stem + ZWNJ + suffix


class Lexicon:
    """Word lists plus the decisions that use them.  Immutable after load."""

    def __init__(
        self,
        split: dict[str, str] | None = None,
        words: dict[str, int] | None = None,
        verb_stems: set[str] | None = None,
        comparative_stems: set[str] | None = None,
        compounds: dict[str, set[str]] | None = None,
        trigrams: dict[tuple[str, str, str], str] | None = None,
        never_join: set[tuple[str, str]] | None = None,
    ):
        self.split = split or {}
        self.word_counts = dict(words or {})
        self.words = frozenset(self.word_counts)
        self.verb_stems = frozenset(verb_stems or ())
        self.comparative_stems = frozenset(comparative_stems or ())
        self.compounds = compounds or {}
        self.trigrams = trigrams or {}
        self.never_join = frozenset(never_join or ())
        self.trigram_firsts = frozenset(k[0] for k in self.trigrams)
        # Stems whose plural the split table writes with a ZWNJ (کتابهای ->
        # کتاب‌های): their other plural forms are split the same way (کتابها).
        self.plural_split_stems = frozenset(
            stem for joined, fixed in self.split.items()
            for stem, _, suf in [fixed.rpartition(ZWNJ)]
            if suf in PLURAL_SUFFIXES and joined == stem + suf
        )
        self.preverb_forms = {
            prefix: frozenset(f for past, present in pairs for f in preverb_forms(past, present))
            for prefix, pairs in PREVERB_STEMS.items()
        }
        # seconds of compounds, also with a joined plural suffix (گفت وگوها)
        self.compounds_ext = {
            a: frozenset(bs | {b + suf for b in bs for suf in PLURAL_SUFFIXES})
            for a, bs in self.compounds.items()
        }

    # -- loading ---------------------------------------------------------------
    @classmethod
    def load(cls, data_dir: Path = DATA_DIR) -> "Lexicon":
        def lines(name: str) -> list[str]:
            p = data_dir / name
            if not p.exists():
                return []
            return [line for line in p.read_text(encoding="utf-8").split("\n")
                    if line and not line.startswith("#")]

        split = {joined: fixed for joined, _, fixed in (line.partition("\t") for line in lines("zwnj_split.tsv"))}
        words = {w: int(c or 1) for w, _, c in (line.partition("\t") for line in lines("words.txt"))}
        verb_stems = set(lines("verb_stems.txt"))
        comparative = set(lines("comparative_stems.txt"))
        compounds: dict[str, set[str]] = {}
        for line in lines("compounds.tsv"):
            a, _, b = line.partition("\t")
            compounds.setdefault(a, set()).add(b)
        trigrams: dict[tuple[str, str, str], str] = {}
        never: set[tuple[str, str]] = set()
        for line in lines("compounds_curated.txt"):
            parts = line.split()
            if parts[0] == "!" and len(parts) == 3:  # exception: never join
                never.add((parts[1], parts[2]))
                compounds.get(parts[1], set()).discard(parts[2])
            elif len(parts) == 2 and parts[0] == "+تر":  # takes the comparative
                comparative.add(parts[1])
            elif len(parts) == 2:
                compounds.setdefault(parts[0], set()).add(parts[1])
            elif len(parts) == 3:
                trigrams[(parts[0], parts[1], parts[2])] = parts[0] + ZWNJ + parts[1] + parts[2]
        return cls(split, words, verb_stems, comparative, compounds, trigrams, never)

    def is_verb(self, rest: str) -> bool:
        """Is *rest* (what follows می/نمی) a verb form?  Stem + personal
        ending, with colloquial stems (تون for توان, مون for مان)."""
        stems = self.verb_stems
        for end in VERB_ENDINGS:
            if end:
                if not rest.endswith(end):
                    continue
                stem = rest[: -len(end)]
            else:
                stem = rest
            if not stem:
                continue
            if stem in stems:
                return True
            if end and "ون" in stem and (
                stem.replace("ون", "ان") in stems or stem.replace("ون", "وان") in stems
            ):
                return True
        return False

    def is_comparative_stem(self, w: str) -> bool:
        """Does *w* take تر/ترین (بزرگ, گرون for گران)?  Listed stems, and known
        adjectives in -ی (آبی، جدی، علمی: persian-tools#367)."""
        stems = self.comparative_stems
        return w in stems or ("ون" in w and w.replace("ون", "ان") in stems) or (
            len(w) > 2 and w[-1] == "ی" and w in self.words and w not in FUNCTION_WORDS)
