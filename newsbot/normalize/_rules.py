"""The text rules: each one a small function ``str -> str``.

They run on *masked* text (protected spans are replaced by the
placeholders of :mod:`._protect`), so they may be applied to any text but
only the pipeline guarantees that URLs, numbers and Latin words survive.
Every pattern is linear: character classes, possessive quantifiers, fixed
look-arounds; no nested variable-length repetition.
"""

from __future__ import annotations

import html
import re

from ._chars import (
    DIACRITICS,
    INVISIBLE,
    LETTERS,
    NON_JOINING,
    SPACES,
    ZWNJ,
)
from ._protect import _URL, PH_NUM
from ._punct import (  # noqa: F401  (re-exported: the rules live in two modules)
    collapse_marks,
    fix_ellipsis,
    fix_marks_after_spacing,
    fix_punctuation_spacing,
    fix_va_ellipsis,
    persian_punctuation,
    persian_quotes,
)

L = LETTERS
DIACRITICS_CHARS = frozenset(DIACRITICS)
_D = "0-9\u06f0-\u06f9\u0660-\u0669"

# ---------------------------------------------------------------------------
# Before masking
# ---------------------------------------------------------------------------

_ENTITY_RE = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")


def unescape_html(text: str) -> str:
    """Decode HTML character references left in extracted text (``&quot;``,
    ``&nbsp;``, ``&#8204;``).  Only complete references (with ``;``)."""
    if "&" not in text:
        return text
    return _ENTITY_RE.sub(lambda m: html.unescape(m.group()), text)


_INVISIBLE_MAP = {**INVISIBLE, **SPACES}
# (a class first, not a repeat: the regex engine then scans for it quickly)
_INVISIBLE_CLASS = "[" + "".join(_INVISIBLE_MAP) + "]"
_INVISIBLE_RE = re.compile(_INVISIBLE_CLASS + _INVISIBLE_CLASS + "*")
_INVISIBLE_TABLE = str.maketrans(_INVISIBLE_MAP)
_CRLF_RE = re.compile("\r\n")
_LP = L + "\ufb50-\ufdff\ufe70-\ufefc"  # letters incl. presentation forms
# what may follow a ZWNJ: a letter, not a combining mark
_LP_NO_MARK = "\u0621-\u063a\u0641-\u064a\u066e-\u066f\u0671-\u06d3\u06d5\u06ee\u06ef\u06fa-\u06fc\u06ff\ufb50-\ufdff\ufe70-\ufefc"
_ZWNJ_EDGE_RE = re.compile(f"{ZWNJ}(?:(?<![{_LP}]{ZWNJ})|(?![{_LP_NO_MARK}]))")
_ZWNJ_RUN_RE = re.compile(ZWNJ + "{2,}")
_URL_RE = re.compile(_URL)


def _drop_edge_zwnj(text: str) -> str:
    """Delete every ZWNJ that is not between two letters, except inside URLs
    (an IRI may hold a ZWNJ anywhere; URLs are kept byte for byte)."""
    if "://" not in text and "www." not in text:
        return _ZWNJ_EDGE_RE.sub("", text)
    pieces, pos = [], 0
    for m in _URL_RE.finditer(text):
        pieces.append(_ZWNJ_EDGE_RE.sub("", text[pos:m.start()]))
        pieces.append(m.group())
        pos = m.end()
    pieces.append(_ZWNJ_EDGE_RE.sub("", text[pos:]))
    return "".join(pieces)


def strip_invisible(text: str) -> str:
    """Delete bidi controls, BOM and word joiners; zero-width space and soft
    hyphen become ZWNJ (dropped later where they join nothing); every
    horizontal space (NBSP, tab, thin spaces) becomes a space and every
    line break (CR, CRLF, U+2028 ...) a newline."""
    if "\r\n" in text:
        text = _CRLF_RE.sub("\n", text)
    text = _INVISIBLE_RE.sub(lambda m: m.group().translate(_INVISIBLE_TABLE), text)
    if ZWNJ in text:
        # A ZWNJ that is not between two Arabic-script letters is junk; drop
        # it now, before protected spans are found (A + ZWNJ + 0 is A0).
        if ZWNJ + ZWNJ in text:
            text = _ZWNJ_RUN_RE.sub(ZWNJ, text)
        text = _drop_edge_zwnj(text)
    return text


# ---------------------------------------------------------------------------
# Characters (after masking)
# ---------------------------------------------------------------------------

_COMPOSE_NEEDED_RE = re.compile("[\u0653-\u0655](?<=[اویيىە][\u0653-\u0655])")
_COMPOSE = {"ا\u0653": "آ", "ا\u0654": "أ", "ا\u0655": "إ", "و\u0654": "ؤ",
            "ی\u0654": "ئ", "ي\u0654": "ئ", "ى\u0654": "ئ", "ە\u0654": "ۀ"}


def compose_hamza(text: str) -> str:
    """Compose letter + combining madda/hamza into the precomposed letter
    (``ا`` + U+0653 -> ``آ``), so that removing diacritics cannot strip them."""
    if ("\u0654" not in text and "\u0653" not in text and "\u0655" not in text) or (
        not _COMPOSE_NEEDED_RE.search(text)
    ):
        return text
    for pair, composed in _COMPOSE.items():
        if pair in text:
            text = text.replace(pair, composed)
    return text


_KASHIDA_RE = re.compile("\u0640\u0640*")
_MARKS_CLASS = f"[{''.join(sorted(DIACRITICS_CHARS))}]"
_MARKS_RE = re.compile(_MARKS_CLASS + _MARKS_CLASS + "*")


def remove_kashida(text: str) -> str:
    """Delete kashida (tatweel, U+0640): ``ســلام`` -> ``سلام``."""
    if "\u0640" not in text:
        return text
    return _KASHIDA_RE.sub("", text)


def remove_diacritics(text: str) -> str:
    """Delete harakat, tanwin, shadda, sukun, superscript alef and Quranic
    marks (``حَذفِ`` -> ``حذف``); hamza above is kept (it carries the ezafe
    in ``هٔ``).  Run after :func:`compose_hamza` so that ``آ`` survives."""
    return _MARKS_RE.sub("", text)


def make_pre_cleaner(invisible: bool, kashida: bool, diacritics: bool):
    """One pass for the character deletions done before masking (so that a
    second pass finds the same protected spans): :func:`strip_invisible`,
    :func:`remove_kashida`, :func:`remove_diacritics` (except madda and
    hamza, which :func:`compose_hamza` needs and the later table removes),
    then the ZWNJ clean-up of :func:`strip_invisible`."""
    table: dict[str, str | None] = {}
    if invisible:
        table.update(_INVISIBLE_MAP)
    if kashida:
        table["\u0640"] = None
    if diacritics:
        table.update({c: None for c in DIACRITICS_CHARS if c not in "\u0653\u0654\u0655"})
    if not table:
        return None
    cls = "[" + "".join(re.escape(c) for c in sorted(table)) + "]"
    run_re = re.compile(cls + cls + "*")
    trans = str.maketrans(table)

    def clean(text: str) -> str:
        if invisible and "\r\n" in text:
            text = _CRLF_RE.sub("\n", text)
        text = run_re.sub(lambda m: m.group().translate(trans), text)
        if invisible and ZWNJ in text:
            if ZWNJ + ZWNJ in text:
                text = _ZWNJ_RUN_RE.sub(ZWNJ, text)
            text = _drop_edge_zwnj(text)
        return text

    return clean


def make_translator(table: dict[int, str | None]):
    """Return a function applying *table* (from :func:`_chars.compose`).

    ``str.translate`` costs ~50 ns per character on non-ASCII text, so the
    function only translates the runs of characters that need it, found by
    one regular expression (cheap when they are rare, as in clean text)."""
    if not table:
        return lambda text: text
    keys = "".join(re.escape(chr(k)) for k in sorted(table))
    run_re = re.compile(f"[{keys}][{keys}]*")
    tr = str.translate

    def translate(text: str) -> str:
        return run_re.sub(lambda m: tr(m.group(), table), text)

    return translate


_TEH_MARBUTA_RE = re.compile(f"ة(?![{L}])")


def final_teh_marbuta(text: str) -> str:
    """A word-final ة is written ه in Persian (سایة -> سایه); inside fixed
    Arabic compounds (رحمةالله) it is kept."""
    if "ة" not in text:
        return text
    return _TEH_MARBUTA_RE.sub("ه", text)


_HEH_HAMZA_RE = re.compile(f"ء(?<=هء)(?![{L}])")


def heh_hamza(text: str) -> str:
    """Ezafe hamza written on the line after ه becomes hamza above:
    ``بهانهء`` -> ``بهانهٔ`` (U+0647 U+0654)."""
    if "ء" not in text:
        return text
    return _HEH_HAMZA_RE.sub("\u0654", text)


_REPEAT_RE = re.compile(f"([{L}])\\1{{2,}}")


def collapse_repeats(text: str) -> str:
    """Three or more identical letters are an elongation (سلاممم -> سلام):
    no Persian word has a letter three times in a row."""
    return _REPEAT_RE.sub(r"\1", text)


# ---------------------------------------------------------------------------
# White space and ZWNJ
# ---------------------------------------------------------------------------

_SPACES_RE = re.compile("  \u0020*")
_NEWLINES_RE = re.compile(r"\n[ \n]*")


def fix_whitespace(text: str) -> str:
    """Runs of spaces -> one space; no space at the start or end of a line;
    at most one empty line between paragraphs; no white space around the text."""
    if "  " in text:
        text = _SPACES_RE.sub(" ", text)
    if "\n" in text:
        if " \n" in text:
            text = text.replace(" \n", "\n")
        text = _NEWLINES_RE.sub(_newlines, text)
    return text.strip(" \n")


def _newlines(m: re.Match) -> str:
    return "\n\n" if m.group().count("\n") > 1 else "\n"


_ZWNJ_BAD_RE = re.compile(
    f"{ZWNJ}(?:(?<![{L}]{ZWNJ})|(?<=[{NON_JOINING}]{ZWNJ})|(?![{L}]))"
)


def fix_zwnj(text: str) -> str:
    """Collapse repeated ZWNJ; drop a ZWNJ that is not between two letters
    (next to a space, a digit, punctuation, the start or the end) or that
    follows a letter which does not join anyway (کشور‌ها -> کشورها)."""
    if ZWNJ not in text:
        return text
    if ZWNJ + ZWNJ in text:
        text = _ZWNJ_RUN_RE.sub(ZWNJ, text)
    return _ZWNJ_BAD_RE.sub("", text)


# a digit (or number placeholder) with a letter glued on either side
_DIGIT_GLUED_RE = re.compile(f"[{_D}{PH_NUM}](?:(?<=[{L}][{_D}{PH_NUM}])|(?=[{L}]))")
_ORDINAL_RE = re.compile(f"(?:ام|امین|م|مین|ُم)(?![{L}])")


def space_digits(text: str) -> str:
    """A space between a Persian word and a number glued to it
    (``مسافت۹`` -> ``مسافت ۹``, ``۹کیلومتر`` -> ``۹ کیلومتر``); ordinal
    endings stay attached (``۲۰ام``, ``۳مین``)."""
    return _DIGIT_GLUED_RE.sub(_space_digit, text)


def _space_digit(m: re.Match) -> str:
    s = m.string
    start, end = m.span()
    d = m.group()
    if start and _IS_LETTER_RE.match(s, start - 1):
        d = " " + d
    if end < len(s) and _IS_LETTER_RE.match(s, end) and not _ORDINAL_RE.match(s, end):
        d = d + " "
    return d


_IS_LETTER_RE = re.compile(f"[{L}]")


# ---------------------------------------------------------------------------
# Words (lexicon)
# ---------------------------------------------------------------------------

PHRASE_RE = re.compile(f"[{L}{ZWNJ}]++(?: [{L}{ZWNJ}]++)*+")


def make_word_repair(repair):
    """Return the rule ``fix_words(text)`` of a :class:`._repair.WordRepair`."""

    def fix_words(text: str) -> str:
        return repair.fix_text(text)

    return fix_words


__all__ = [
    "unescape_html", "strip_invisible", "compose_hamza", "make_translator",
    "final_teh_marbuta", "heh_hamza", "collapse_repeats", "fix_whitespace",
    "fix_zwnj", "fix_ellipsis", "persian_punctuation", "collapse_marks",
    "fix_punctuation_spacing", "persian_quotes", "space_digits", "make_word_repair",
    "remove_kashida", "remove_diacritics", "make_pre_cleaner", "fix_marks_after_spacing",
    "fix_va_ellipsis",
]
