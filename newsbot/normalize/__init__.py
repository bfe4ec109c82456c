"""Persian text normalizer for news text (framework-free: standard library only).

Entry points
------------
``normalize(text, config=None, *, level=None) -> str``
    Normalize a title, lead or body.  Default: level ``"full"`` (all rules).
``normalize_code(text) -> str``
    For identifiers such as the news code: ASCII digits, invisible characters
    and white space removed at the edges.
``NormalizerConfig``, ``LEVELS``, ``Normalizer``
    Switches, the named levels ``"minimal"``, ``"standard"``, ``"full"``, and
    the compiled pipeline (``Normalizer(config)(text)``).
Command line: ``python -m newsbot.normalize [--level L] [--digits P] < in > out``.

Pipeline (each step a named function of ``_rules``/``_punct`` /
``_protect`` / ``_repair``+``_joins``, testable alone; its switch in brackets)
-----------------------------------------------------------------------
Before masking (so that a second pass finds the same protected spans):

1. ``unescape_html`` [unescape_html]: ``&quot;`` ``&nbsp;`` ``&#8204;`` ...
2. ``strip_invisible`` [strip_invisible]: bidi controls (U+200E/F,
   U+202A-E, U+2066-9, U+061C), BOM, word joiners deleted; zero-width space
   and soft hyphen -> ZWNJ, kept only between two letters; NBSP, tabs, thin
   spaces -> space; CR, CRLF, U+2028 -> newline.  ``remove_kashida``
   [remove_kashida] and ``remove_diacritics`` [remove_diacritics] run in
   the same pass; ``compose_hamza`` (ا + U+0653 -> آ ...) [unify_chars].
3. ``mask`` [protect_spans]: URLs, e-mails, Latin words and codes
   (COVID-19, IBM-96, ATM74), numbers with separators (۱۴۰۲/۰۹/۲۹, 08:17,
   12.5, ۱۲٫۵, ۱۴۰۰-۱۴۰۲) become placeholders; ``restore`` puts them back byte
   for byte at the end.

On the masked text:

4. One ``str.translate`` table: Arabic ي ى ك, إ ٱ [unify_chars]; lookalikes
   from Urdu/Pashto/Kurdish keyboards (ہ ے ڪ ۃ ...) [fold_lookalikes];
   presentation forms and ligatures (ﻻ ﷲ ﷼ ﷽, ﷺ -> (ص), ⒕ -> 14)
   [unify_chars]; digits [digits]; ``%`` -> ``٪`` [fix_punctuation].  Then
   ``final_teh_marbuta`` [unify_chars] and ``heh_hamza`` [ezafe].
5. Punctuation [fix_punctuation]: ``fix_ellipsis`` (``...`` -> ``…``,
   ``و...`` -> ``و …``), ``persian_punctuation`` (``, ; ?`` -> ``، ؛ ؟`` except
   after Latin), ``collapse_marks`` (``؟؟؟!!!`` -> ``؟!``);
   ``persian_quotes`` [quotes]: ``"..."`` -> ``«...»`` only around Persian
   text and only when every quote of the line pairs up.
6. White space: ``fix_zwnj`` [strip_invisible] (repeated ZWNJ, ZWNJ at a
   word edge or after a non-joining letter); ``fix_whitespace``
   [fix_spacing]; ``fix_punctuation_spacing`` [fix_punctuation_spacing]
   (no space before ``، ؛ ؟ ! : .`` or inside ``« » ( ) [ ] { }``, one after
   them); ``space_digits`` [fix_spacing] (مسافت۹ -> مسافت ۹).
7. Words, ``WordRepair.fix_text`` [fix_joined_words, fix_zwnj_affixes,
   fix_compounds, ezafe, collapse_repeats]: repeated letters (سلاممم ->
   سلام); joined forms (تلاشهای، گستردهای، مهمترین، میشود) from the lexicon
   and the affix morphology; detached affixes (می شود، کتاب ها، بزرگ تر،
   خانه ای، خاک آلود، بر می گردد); preverbs (فرو ریخت -> فروریخت); compounds
   (گفت وگو، گفت و گو، بین المللی، آتش بس); spelled-out acronyms (بی بی سی ->
   بی‌بی‌سی); detached ezafe (خانه ی -> خانۀ).

Policies
--------
* Digits: the ``digits`` switch is ``"persian"`` for text (titles, leads,
  bodies: most pairs of the evaluation set and Persian news sites use Persian
  digits), ``"ascii"`` for identifiers (``normalize_code``), ``"keep"`` to
  leave them.  Digits *inside protected spans* (dates, times, decimals,
  Latin codes) keep their values, so ``ساعت 18`` -> ``ساعت ۱۸`` but
  ``08:17``, ``10.450`` and ``23/10/1355`` stay exactly as written (a date
  parser must accept both digit sets anyway; nothing is reordered); a span
  in Arabic-Indic digits or in mixed digit systems is written in the
  policy's digits (``١٤٠٢/۰۹/٢٩`` -> ``۱۴۰۲/۰۹/۲۹``).  An ASCII number after
  a Latin name is part of it (``iPhone 15``, ``Windows 11``).  A
  grouped integer (``12,543``) is an integer: it follows the digit policy and
  its separator becomes ``٬`` (``,`` with ASCII digits).
* Ezafe and hamza: ``ۀ`` (U+06C0) and ``هٔ`` (U+0647 U+0654) are both kept as
  written (both are standard; rewriting one into the other would change
  correct text).  A detached ezafe yeh after ``ه`` (``خانه ی``, ``خانه‌ی``)
  becomes ``ۀ``; a hamza on the line after a final ``ه`` (``خانهء``) becomes
  the hamza above (``خانهٔ``); ``خانه‌یی`` becomes ``خانه‌ای``.  ``ء`` elsewhere
  and ``أ ؤ ئ`` are kept; ``إ`` and ``ٱ`` become ``ا``.  ``ة`` at the end of a
  word becomes ``ه`` (سایة -> سایه); inside a word it is kept (رحمةالله).
* Diacritics (harakat, tanwin, shadda, superscript alef) are removed at the
  full level; hamza above is kept because it carries the ezafe.
* Repeated letters: three or more become one (سلاممم -> سلام), or two when
  that is a known word (بزننند -> بزنند).
* ZWNJ: written only between two letters and never after a non-joining letter
  (``کشورها``, ``کتاب‌ها``).  Joined words are split only when the lexicon or
  the affix rules say so; words attested joined in news (``میدانی``,
  ``میز``, ``آنها``, ``بیشتر``, ``بهنام``) are kept; ``میدانی`` becomes
  ``می‌دانی`` only in a verb context (after ``تو`` or before ``؟``).
* The lexicon (``data/``) is built by ``scripts/build_zwnj_lexicon.py`` from
  the news corpora in ``shared/corpora`` and committed; see that script.
"""

from __future__ import annotations

import dataclasses
import functools
from dataclasses import dataclass

from ..core.digits import to_ascii_digits
from . import _chars, _rules
from ._lexicon import Lexicon
from ._protect import mask, restore
from ._repair import WordRepair
from ._rules import (
    collapse_marks,
    collapse_repeats,
    compose_hamza,
    final_teh_marbuta,
    fix_ellipsis,
    fix_punctuation_spacing,
    fix_whitespace,
    fix_zwnj,
    heh_hamza,
    persian_punctuation,
    persian_quotes,
    remove_diacritics,
    remove_kashida,
    space_digits,
    strip_invisible,
    unescape_html,
)

__all__ = [
    "normalize", "normalize_code", "NormalizerConfig", "Normalizer", "LEVELS",
    "get_lexicon", "mask", "restore",
    "unescape_html", "strip_invisible", "compose_hamza", "final_teh_marbuta", "heh_hamza",
    "collapse_repeats", "fix_whitespace", "fix_zwnj", "fix_ellipsis", "persian_punctuation",
    "collapse_marks", "fix_punctuation_spacing", "persian_quotes", "space_digits",
    "remove_kashida", "remove_diacritics",
]

DIGIT_POLICIES = ("keep", "persian", "ascii")


@dataclass(frozen=True)
class NormalizerConfig:
    """Rule switches.  The defaults are the ``"full"`` level."""

    unescape_html: bool = True
    strip_invisible: bool = True
    protect_spans: bool = True
    unify_chars: bool = True
    fold_lookalikes: bool = True
    digits: str = "persian"  # "keep" | "persian" | "ascii"
    remove_kashida: bool = True
    remove_diacritics: bool = True
    collapse_repeats: bool = True
    fix_spacing: bool = True
    fix_punctuation: bool = True
    fix_punctuation_spacing: bool = True
    quotes: bool = True
    ezafe: bool = True
    fix_zwnj_affixes: bool = True
    fix_joined_words: bool = True
    fix_compounds: bool = True

    def __post_init__(self):
        if self.digits not in DIGIT_POLICIES:
            raise ValueError(f"digits must be one of {DIGIT_POLICIES}, not {self.digits!r}")

    def replace(self, **changes) -> "NormalizerConfig":
        return dataclasses.replace(self, **changes)

    @classmethod
    def level(cls, name: str) -> "NormalizerConfig":
        try:
            return LEVELS[name]
        except KeyError:
            raise ValueError(f"unknown level {name!r}; choose from {sorted(LEVELS)}") from None


_OFF_WORDS = dict(ezafe=False, fix_zwnj_affixes=False, fix_joined_words=False, fix_compounds=False)

#: ``minimal``: safe on any text - characters, invisible characters, white
#: space; digits kept.  ``standard``: plus digits, punctuation, spacing and the
#: ZWNJ repair, without the opinionated rules (diacritics, repeated letters,
#: quotes, ezafe, HTML entities, foreign lookalikes).  ``full``: everything.
LEVELS: dict[str, NormalizerConfig] = {
    "minimal": NormalizerConfig(
        unescape_html=False, fold_lookalikes=False, digits="keep", remove_diacritics=False,
        collapse_repeats=False, fix_punctuation=False, fix_punctuation_spacing=False,
        quotes=False, **_OFF_WORDS,
    ),
    "standard": NormalizerConfig(
        unescape_html=False, fold_lookalikes=False, remove_diacritics=False,
        collapse_repeats=False, quotes=False, ezafe=False,
    ),
    "full": NormalizerConfig(),
}


@functools.lru_cache(maxsize=1)
def get_lexicon() -> Lexicon:
    """The committed lexicon (``data/``), loaded once."""
    return Lexicon.load()


class Normalizer:
    """The pipeline of one configuration, compiled once (tables, rules)."""

    def __init__(self, config: NormalizerConfig | None = None, lexicon: Lexicon | None = None):
        self.config = c = config or LEVELS["full"]
        tables = []
        if c.unify_chars:
            tables += [_chars.ARABIC_TO_PERSIAN, _chars.PRESENTATION_FORMS, _chars.ENCLOSED_NUMBERS]
        if c.fold_lookalikes:
            tables.append(_chars.LOOKALIKES)
        if c.digits == "persian":
            tables.append(_chars.DIGITS_TO_PERSIAN)
        elif c.digits == "ascii":
            tables.append(_chars.DIGITS_TO_ASCII)
        if c.remove_kashida:
            tables.append(_chars.KASHIDA)
        if c.remove_diacritics:
            tables.append(_chars.DIACRITICS)
        if c.fix_punctuation:
            tables.append(_chars.PUNCTUATION)
        self.table = _chars.compose(*tables)
        translate = _rules.make_translator(self.table)

        # Before masking: everything that could change where a protected
        # span starts or ends (so that a second pass finds the same spans).
        # (strip_invisible, remove_kashida and remove_diacritics in one pass)
        pre = []
        if c.unescape_html:
            pre.append(unescape_html)
        cleaner = _rules.make_pre_cleaner(c.strip_invisible, c.remove_kashida, c.remove_diacritics)
        if cleaner is not None:
            pre.append(cleaner)
        if c.unify_chars:
            pre.append(compose_hamza)
        steps = []
        if self.table:
            steps.append(translate)
            if c.unify_chars:
                steps.append(compose_hamza)  # the table may have made new pairs (ۆ + ٔ -> و + ٔ -> ؤ)
        if c.unify_chars:
            steps.append(final_teh_marbuta)
        if c.ezafe:
            steps.append(heh_hamza)
        words_on = c.fix_joined_words or c.fix_zwnj_affixes or c.fix_compounds or c.ezafe
        if c.collapse_repeats and not words_on:
            # (with the word rules on, the word repair collapses repeated
            # letters itself, once per distinct word, cached: same result)
            steps.append(collapse_repeats)
        if c.fix_punctuation:
            steps += [fix_ellipsis, persian_punctuation, collapse_marks]
        if c.quotes:
            steps.append(persian_quotes)
        if c.strip_invisible:
            steps.append(fix_zwnj)
        if c.fix_spacing:
            steps.append(fix_whitespace)
        if c.fix_punctuation_spacing:
            steps.append(fix_punctuation_spacing)
            if c.fix_punctuation:
                # spacing may bring marks together: "… ." -> "…."; "؟؟ ؟" -> "؟؟؟"
                steps.append(_rules.fix_marks_after_spacing)
        if c.fix_spacing:
            steps.append(space_digits)
        if words_on:
            repair = WordRepair(
                lexicon or get_lexicon(), joined=c.fix_joined_words, affixes=c.fix_zwnj_affixes,
                compounds=c.fix_compounds, ezafe=c.ezafe, collapse_repeats=c.collapse_repeats,
            )
            self.word_repair = repair
            steps.append(_rules.make_word_repair(repair))
            if c.collapse_repeats and c.fix_punctuation:
                steps.append(_rules.fix_va_ellipsis)  # ووو… -> و… -> و …
        else:
            self.word_repair = None
        self.pre_steps = tuple(pre)
        self.steps = tuple(steps)

    def __call__(self, text: str) -> str:
        if not text:
            return text
        for step in self.pre_steps:
            text = step(text)
        spans: list[str] = []
        if self.config.protect_spans:
            text, spans = mask(text, self.config.digits)
        for step in self.steps:
            text = step(text)
        if spans:
            text = restore(text, spans)
        if self.config.fix_spacing:
            text = text.strip(" \n")
        return text


@functools.lru_cache(maxsize=16)
def _normalizer(config: NormalizerConfig) -> Normalizer:
    return Normalizer(config)


def normalize(text: str, config: NormalizerConfig | None = None, *, level: str | None = None) -> str:
    """Return *text* normalized.  *config* wins over *level*; default ``"full"``."""
    if config is None:
        config = LEVELS[level] if level is not None else LEVELS["full"]
    return _normalizer(config)(text)


def normalize_code(text: str) -> str:
    """Normalize an identifier (news code): ASCII digits, no invisible
    characters, trimmed, inner white space collapsed."""
    text = strip_invisible(text).replace(_chars.ZWNJ, "")
    return " ".join(to_ascii_digits(text).split())
