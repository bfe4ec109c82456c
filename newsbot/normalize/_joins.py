"""Joining neighbouring words written with one space (the phrase half of
:class:`._repair.WordRepair`, as a mixin): affixes (کتاب ها، بزرگ تر،
خانه ای), می/نمی and بر/در before a verb, preverbs (فرو ریخت), compounds
(گفت وگو), ezafe (خانه ی), and spelled-out acronyms (بی بی سی).

The mixin expects what :class:`._repair.WordRepair` sets up: ``lex`` (a
:class:`._lexicon.Lexicon`), the switches ``affixes``, ``compounds``,
``ezafe``, ``joined``, and the per-token caches ``_lead``/``_trail``.
"""

from __future__ import annotations

import re

from ._chars import LETTERS
from ._lexicon import _ALL_SUFFIXES, attach
from ._morph import (
    COMPARATIVE_SUFFIXES,
    ELEMENT_SUFFIXES,
    FUNCTION_WORDS,
    HEH_FUNCTION_WORDS,
    LETTER_NAMES,
    PLURAL_SUFFIXES,
    ZWNJ,
)

_LETTER_NAMES = frozenset(LETTER_NAMES)
_PREPOSITIONS = frozenset(["بر", "در"])
_TRAIL_RE = re.compile("[" + LETTERS + ZWNJ + "]++$")

#: Homographs split only in a verb context: word -> (split form, subject pronoun).
AMBIGUOUS_VERBS = {"میدانی": ("می" + ZWNJ + "دانی", "تو")}


class PhraseJoins:
    """Neighbour joins of :class:`._repair.WordRepair` (see the module docstring)."""

    def _join_acronyms(self, idx: list[int], toks: list[str], fixed: list) -> bool:
        """Join runs of three or more spelled letter names (بی بی سی -> بی‌بی‌سی)
        in place; *idx* are the tokens that hold a letter name.  Inner tokens
        must be bare names; the first may have punctuation before its name
        and the last after it («سی ان ان»).  «سی ام» (thirtieth) and an «ای»
        after a word in ه (مرحله ای: the suffix) do not start a run."""
        lead, trail = self._lead, self._trail
        merged = False

        def flush(seg: list[int]) -> None:
            # only tokens no other rule has changed (merged tokens split the run)
            run: list[int] = []
            for k in seg + [-1]:
                if k >= 0 and fixed[k] == toks[k]:
                    run.append(k)
                else:
                    join_run(run)
                    run = []

        def join_run(seg: list[int]) -> None:
            nonlocal merged
            if len(seg) >= 3 and (toks[seg[0]] == "سی" and toks[seg[1]] == "ام" or (
                    toks[seg[0]] == "ای" and seg[0] and trail[toks[seg[0] - 1]].endswith("ه"))):
                seg = seg[1:]
            if len(seg) < 3:
                return
            after = seg[-1] + 1
            if (toks[seg[-1]] in _LETTER_NAMES and after < len(toks) and fixed[after] == toks[after]
                    and self._flags[toks[after]] & 1):
                return  # an affix that could attach follows (بی بی سی ها): left as it is
            word = toks[seg[0]]
            for k in seg[1:]:
                word = attach(word, toks[k])  # no ZWNJ after a non-joining letter (آر)
            fixed[seg[0]] = word
            for k in seg[1:]:
                fixed[k] = None
            merged = True

        seg: list[int] = []
        prev = -2
        for k in idx:
            t = toks[k]
            if k != prev + 1:
                flush(seg)
                seg = []
            prev = k
            if t in _LETTER_NAMES:
                seg.append(k)
                continue
            ended = bool(seg) and lead[t] in _LETTER_NAMES
            if ended:
                seg.append(k)
            flush(seg)
            seg = [k] if not ended and trail[t] in _LETTER_NAMES else []
        flush(seg)
        return merged

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
                # (ترین never stands alone: after any word it is the superlative)
                if t == "ترین" or lex.is_comparative_stem(last) or (
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
        elif prev in lex.preverb_forms:  # فرو ریخت -> فروریخت (both end non-joining)
            if t.partition(ZWNJ)[0] in lex.preverb_forms[prev]:
                return prev + t
            return None
        if self.compounds:
            seconds = lex.compounds_ext.get(prev)
            if seconds and (t in seconds or t.partition(ZWNJ)[0] in seconds):
                return attach(prev, t)
        return None
