"""The word-level half-space repair (:class:`WordRepair`) over a
:class:`._lexicon.Lexicon`: single words here; neighbours written with one
space (affixes, preverbs, compounds, ezafe, spelled-out acronyms) in
:mod:`._joins`.  Split from ``_lexicon`` (the data and its decisions) to
keep each module small."""

from __future__ import annotations

import re
from itertools import compress

from ._chars import LETTERS
from ._joins import _LETTER_NAMES, _PREPOSITIONS, _TRAIL_RE, AMBIGUOUS_VERBS, PhraseJoins
from ._lexicon import _ALL_SUFFIXES, VERB_KEEP_COUNT, _FORMAL_PLURALS, Lexicon
from ._morph import (
    COMPARATIVE_SUFFIXES,
    ELEMENT_SUFFIXES,
    FUNCTION_WORDS,
    HEH_FUNCTION_WORDS,
    NON_JOINING_SET,
    PLURAL_SUFFIXES,
    VERB_PREFIXES,
    ZWNJ,
)
from ._rules import _REPEAT_RE

__all__ = ["WordRepair"]

_CACHE_LIMIT = 100_000  # distinct tokens kept (a few tens of MB at most)


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



class WordRepair(PhraseJoins):
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
            left |= {"می", "نمی"} | set(lexicon.preverb_forms)
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
        if "ها" in w and lex.plural_split_stems:
            for suf in _FORMAL_PLURALS:
                if w.endswith(suf) and w[: -len(suf)] in lex.plural_split_stems:
                    return w[: -len(suf)] + ZWNJ + suf
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
        names = []
        for i in compress(range(n), flags):
            f = flags[i]
            if f & 8:
                fixed[i] = tok_cache[toks[i]]
            if f & 1 and i:
                cand.add(i)
            if (f & 2 or (prep and f & 4)) and i + 1 < n:
                cand.add(i + 1)
            if f & 16:
                names.append(i)
        merged = bool(cand) and self._join(sorted(cand), toks, fixed)
        if len(names) >= 3 and self._join_acronyms(names, toks, fixed):
            merged = True
        if merged:
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
        self._code[tok] = f | ((fixed != tok) << 3) | (
            # a letter name, alone or with punctuation around it («سی، ان»)
            (self.compounds and (lead in _LETTER_NAMES or trail in _LETTER_NAMES)
             and len(_WORD_RE.findall(fixed)) == 1) << 4)
        return fixed

    def _fix_run(self, m: re.Match) -> str:
        w = self._cache[m.group()]
        if self.joined and w in AMBIGUOUS_VERBS and m.string[m.end():m.end() + 1] == "؟":
            w = AMBIGUOUS_VERBS[w][0]
        return w
