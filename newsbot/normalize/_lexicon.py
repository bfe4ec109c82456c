"""The ZWNJ lexicon and the word-level half-space repair.

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

import re
from itertools import compress
from pathlib import Path

from ._chars import LETTERS
from ._morph import (
    COMPARATIVE_SUFFIXES,
    ELEMENT_SUFFIXES,
    FUNCTION_WORDS,
    HEH_CLITICS,
    HEH_FUNCTION_WORDS,
    HEH_SUFFIXES,
    NON_JOINING_SET,
    PLURAL_SUFFIXES,
    VERB_ENDINGS,
    VERB_PREFIXES,
    ZWNJ,
)

DATA_DIR = Path(__file__).resolve().parent / "data"

from ._rules import _REPEAT_RE  # noqa: E402  (same rule as collapse_repeats)

#: A joined می/نمی word seen this often in the corpora is a word of its own.
VERB_KEEP_COUNT = 3

_ALL_SUFFIXES = PLURAL_SUFFIXES | COMPARATIVE_SUFFIXES | HEH_SUFFIXES | HEH_CLITICS


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
        """Does *w* take تر/ترین (بزرگ, گرون for گران)?"""
        stems = self.comparative_stems
        return w in stems or ("ون" in w and w.replace("ون", "ان") in stems)


_CACHE_LIMIT = 100_000  # distinct tokens kept (a few tens of MB at most)
_PREPOSITIONS = frozenset(["بر", "در"])


class _WordCache(dict):
    """word -> repaired word; computes missing entries."""

    __slots__ = ("compute",)

    def __init__(self, compute):
        super().__init__()
        self.compute = compute

    def __missing__(self, w: str) -> str:
        r = self[w] = self.compute(w)
        return r


class _CodeCache(dict):
    """token -> code; a miss repairs the token (which stores its code)."""

    __slots__ = ("tok",)

    def __init__(self, tok_cache):
        super().__init__()
        self.tok = tok_cache

    def __missing__(self, tok: str) -> int:
        self.tok[tok] = self.tok.compute(tok)  # also stores the code in self
        return dict.__getitem__(self, tok)


#: A word: letters (with their marks) and ZWNJ.
_WORD_RE = re.compile("[" + LETTERS + ZWNJ + "]++")
_TRAIL_RE = re.compile("[" + LETTERS + ZWNJ + "]++$")

#: Homographs split only in a verb context: word -> (split form, subject pronoun).
AMBIGUOUS_VERBS = {"میدانی": ("می" + ZWNJ + "دانی", "تو")}


class WordRepair:
    """Word-level half-space repair with switches; caches per instance.

    * ``joined``: split joined forms (تلاشهای -> تلاش‌های) from the lexicon
      and the affix morphology;
    * ``affixes``: join detached affixes (می شود، کتاب ها، بزرگ تر، خانه ای);
    * ``compounds``: join compounds written with a space (گفت وگو);
    * ``ezafe``: ezafe after ه: خانه ی / خانه‌ی -> خانۀ, خانه‌یی -> خانه‌ای.
    """

    def __init__(self, lexicon: Lexicon, joined: bool = True, affixes: bool = True,
                 compounds: bool = True, ezafe: bool = True, collapse_repeats: bool = False):
        self.lex = lexicon
        self.collapse_repeats = collapse_repeats
        self.joined = joined
        self.affixes = affixes
        self.compounds = compounds
        self.ezafe = ezafe
        self._cache: dict[str, str] = _WordCache(self._fix_word)
        self._tok: dict[str, str] = _WordCache(self._fix_token)
        self._lead: dict[str, str] = {}
        self._trail: dict[str, str] = {}
        self._flags: dict[str, int] = {}
        self._code: dict[str, int] = _CodeCache(self._tok)
        # Tokens that may join with the previous one (right) or the next one
        # (left); see fix_tokens.
        right, left = set(), set()
        if affixes:
            right |= _ALL_SUFFIXES
            left |= {"می", "نمی"}
        if compounds:
            right |= ELEMENT_SUFFIXES
            left |= set(lexicon.compounds) | lexicon.trigram_firsts
        if ezafe:
            right |= {"ی", "یی"}
        if joined:
            right |= set(AMBIGUOUS_VERBS)
        self._right = frozenset(right)
        self._left = frozenset(left)
        self._prep_possible = affixes

    # -- single words ------------------------------------------------------------
    def fix_word(self, w: str) -> str:
        """Repair one word (no spaces); cached."""
        if len(self._cache) > _CACHE_LIMIT:
            self._cache.clear()
        return self._cache[w]

    def _fix_word(self, w: str) -> str:
        if self.collapse_repeats and _REPEAT_RE.search(w):
            # an elongation (سلاممم -> سلام) or a doubled letter typed once
            # too often (بزننند -> بزنند): keep two when that is a word
            two = _REPEAT_RE.sub(r"\1\1", w)
            w = two if (two in self.lex.words or two in self.lex.split) else _REPEAT_RE.sub(r"\1", w)
        if ZWNJ in w:
            if self.ezafe and w.endswith("ه" + ZWNJ + "ی") and len(w) > 4:
                return w[:-3] + "ۀ"
            if self.ezafe and w.endswith("ه" + ZWNJ + "یی") and len(w) > 5:
                return w[:-2] + "ای"
            return w
        if not self.joined:
            return w
        lex = self.lex
        fixed = lex.split.get(w)
        if fixed is not None:
            return fixed
        words = lex.words
        if len(w) < 4:
            return w
        # Verb prefixes: (بر/در) + می/نمی + verb form, unless the joined word
        # is common in news (میدانی، میدان، میزان).
        if w.startswith(("می", "نمی", "برمی", "درمی", "برنمی", "درنمی")):
            for p in VERB_PREFIXES:
                if w.startswith(p):
                    rest = w[len(p):]
                    if (len(rest) >= 2 and lex.word_counts.get(w, 0) < VERB_KEEP_COUNT
                            and (lex.is_verb(rest) or (p.endswith("نمی") and w not in words))):
                        return p + ZWNJ + rest
                    break
        if w in words:
            return w
        # A correct joined plural of a word ending in a non-joining letter
        # (کردهای = کرد + های) is left alone.
        for suf in PLURAL_SUFFIXES:
            if w.endswith(suf):
                stem = w[: -len(suf)]
                if stem and stem[-1] in NON_JOINING_SET and stem in words:
                    return w
        # Suffixes: the longest known stem wins (منطقه‌ای, not منطق‌های).
        n = len(w)
        for i in range(n - 1, 1, -1):
            if n - i > 6:
                break
            suf = w[i:]
            if suf not in _ALL_SUFFIXES:
                continue
            stem = w[:i]
            if stem[-1] in NON_JOINING_SET:
                continue  # a ZWNJ there would be invisible: nothing to repair
            if suf in PLURAL_SUFFIXES:
                ok = stem in words or stem in lex.split
            elif suf in COMPARATIVE_SUFFIXES:
                ok = lex.is_comparative_stem(stem) or (
                    suf == "ترین" and stem in words and stem not in FUNCTION_WORDS)
            else:  # HEH_SUFFIXES / HEH_CLITICS
                ok = stem[-1] == "ه" and stem not in HEH_FUNCTION_WORDS and stem in words
            if ok:
                return lex.split.get(stem, stem) + ZWNJ + suf
        return w

    # -- phrases -----------------------------------------------------------------
    def fix_tokens(self, toks: list[str], next_char: str = "") -> list[str]:
        """Repair a run of words that were separated by single spaces (as a
        list); returns the new list (neighbouring words may be merged)."""
        text = " ".join(toks) + next_char
        out = self.fix_text(text)
        if next_char:
            out = out[: -len(next_char)]
        return out.split(" ")

    def fix_text(self, text: str) -> str:
        """Repair every word of *text* and join neighbours written with one
        space between them (``کتاب ها``, ``می شود``, ``گفت وگو``).

        Written for speed (it sees every word of every article): the text is
        split on spaces; each distinct token is repaired once (cached, with
        its leading and trailing word); only the pairs of neighbours next to
        a *trigger* word (an affix, می, a compound's first part ...) are
        examined in Python."""
        if len(self._tok) > _CACHE_LIMIT:
            for d in (self._tok, self._lead, self._trail, self._flags, self._code):
                d.clear()
        toks = text.split(" ")
        if len(toks) == 1:
            return self._tok[text]
        # one code per token: join-trigger bits (1, 2, 4) and 8 = "changed"
        flags = list(map(self._code.__getitem__, toks))
        if not any(flags):
            return text
        fixed = toks.copy()  # only changed tokens are replaced below
        n = len(fixed)
        tok_cache = self._tok
        # Pairs (k-1, k) to examine: k starts with a right trigger (a
        # suffix), or k-1 ends with a left trigger (می, a compound's first
        # part); بر/در only matter before a می/نمی verb, so they are left
        # triggers only then.
        prep = self._prep_possible and (
            "بر می" in text or "در می" in text or "بر نمی" in text or "در نمی" in text
        )
        cand = set()
        for i in compress(range(n), flags):
            f = flags[i]
            if f & 8:
                fixed[i] = tok_cache[toks[i]]
            if f & 1 and i:
                cand.add(i)
            if (f & 2 or (prep and f & 4)) and i + 1 < n:
                cand.add(i + 1)
        if cand and self._join(sorted(cand), toks, fixed):
            return " ".join([t for t in fixed if t is not None])
        return " ".join(fixed)

    def _fix_token(self, tok: str) -> str:
        """Repair one space-separated token (a word, or words glued to
        punctuation or digits); also record its leading and trailing word."""
        if _WORD_RE.fullmatch(tok):
            fixed = self._cache[tok]
            lead = trail = fixed
        else:
            fixed = _WORD_RE.sub(self._fix_run, tok) if tok else tok
            m = _WORD_RE.match(fixed)
            lead = m.group() if m else ""
            m = _TRAIL_RE.search(fixed)
            trail = m.group() if m else ""
        self._lead[tok] = lead
        self._trail[tok] = trail
        self._flags[tok] = f = (
            (lead in self._right) | ((trail in self._left) << 1) | ((trail in _PREPOSITIONS) << 2)
        )
        self._code[tok] = f | ((fixed != tok) << 3)
        return fixed

    def _fix_run(self, m: re.Match) -> str:
        w = self._cache[m.group()]
        if self.joined and w in AMBIGUOUS_VERBS and m.string[m.end():m.end() + 1] == "؟":
            w = AMBIGUOUS_VERBS[w][0]
        return w

    def _join(self, cand: list[int], toks: list[str], fixed: list) -> bool:
        """Merge neighbours in place (a merged token becomes None)."""
        lex = self.lex
        join_pair = self.join_pair
        lead, trail = self._lead, self._trail
        n = len(fixed)
        owner: dict[int, int] = {}  # merged index -> index of the token it joined
        skip = -1
        merged = False
        for k in cand:
            if k <= skip:
                continue
            p = owner.get(k - 1, k - 1)
            prev_tok = fixed[p]
            if p == k - 1 and prev_tok is not None:
                prev = trail[toks[p]]
            else:
                m = _TRAIL_RE.search(prev_tok)
                prev = m.group() if m else ""
            t_tok = fixed[k]
            t = lead[toks[k]]
            if not prev or not t:
                continue
            head = prev_tok[: len(prev_tok) - len(prev)]
            if t == "و" and t_tok == "و" and self.compounds and k + 1 < n and prev in lex.trigram_firsts:
                third = lead[toks[k + 1]]
                tri = lex.trigrams.get((prev, t, third))
                if tri is not None:
                    fixed[p] = head + tri + fixed[k + 1][len(third):]
                    fixed[k] = fixed[k + 1] = None
                    owner[k] = owner[k + 1] = p
                    skip = k + 1
                    merged = True
                    continue
            if self.joined and t in AMBIGUOUS_VERBS and prev == AMBIGUOUS_VERBS[t][1]:
                new_t = AMBIGUOUS_VERBS[t][0]
                fixed[k] = t_tok = new_t + t_tok[len(t):]
                t = new_t
            joined = join_pair(prev, t)
            if joined is not None:
                fixed[p] = head + joined + t_tok[len(t):]
                fixed[k] = None
                owner[k] = p
                merged = True
                # بر/در before a verb that has just been joined (بر می گردد)
                if not head and p > 0 and joined.startswith(("می" + ZWNJ, "نمی" + ZWNJ)):
                    q = owner.get(p - 1, p - 1)
                    before = fixed[q]
                    if before is not None and before.endswith(("بر", "در")):
                        m = _TRAIL_RE.search(before)
                        if m and m.group() in _PREPOSITIONS:
                            again = join_pair(m.group(), joined)
                            if again is not None:
                                fixed[q] = before[: m.start()] + again + t_tok[len(t):]
                                fixed[p] = None
                                owner[p] = q
                                for j, o in owner.items():
                                    if o == p:
                                        owner[j] = q
        return merged

    def join_pair(self, prev: str, t: str) -> str | None:
        """``prev`` and ``t`` written as one word, or None to keep the space."""
        lex = self.lex
        last = prev.rpartition(ZWNJ)[2]
        if t in _ALL_SUFFIXES:
            if not self.affixes:
                return None
            if t in PLURAL_SUFFIXES:
                if last in FUNCTION_WORDS and last not in ("این", "آن"):
                    return None
                return attach(prev, t)
            if t in COMPARATIVE_SUFFIXES:
                if last in FUNCTION_WORDS or len(last) < 2:
                    return None
                if lex.is_comparative_stem(last) or (
                    t != "تری" and last not in lex.words and last not in lex.split
                ):
                    return attach(prev, t)
                return None
            # HEH_SUFFIXES / HEH_CLITICS: only after a final ه
            if prev[-1] == "ه" and last not in HEH_FUNCTION_WORDS and len(last) > 1:
                return prev + ZWNJ + t
            return None
        if t in ELEMENT_SUFFIXES:
            if self.compounds and last not in FUNCTION_WORDS and len(last) > 1:
                return attach(prev, t)
            return None
        if prev[-1] == "ه" and (t == "ی" or t == "یی") and self.ezafe:
            if last in HEH_FUNCTION_WORDS or len(last) < 2:
                return None
            return prev[:-1] + "ۀ" if t == "ی" else prev + ZWNJ + "ای"
        if not self.affixes:
            pass
        elif prev == "می" or prev == "نمی":
            if ZWNJ not in t and lex.is_verb(t):
                return prev + ZWNJ + t
            return None
        elif prev == "بر" or prev == "در":
            if t.startswith(("می" + ZWNJ, "نمی" + ZWNJ)) and lex.is_verb(t.partition(ZWNJ)[2]):
                return prev + t
            return None
        if self.compounds:
            seconds = lex.compounds_ext.get(prev)
            if seconds and (t in seconds or t.partition(ZWNJ)[0] in seconds):
                return attach(prev, t)
        return None
