"""Protected spans: URLs, e-mail addresses, Latin words and codes (with the
numbers of a Latin name: ``iPhone 15``, ``Windows 11``), numbers with
separators (decimals, dates, times, ranges).

A URL runs to the next white space, ``< > "`` or ``« »``: ZWNJ and every
other character legal in an IRI (RFC 3987) stay inside it
(``https://example.ir/کتاب‌ها-جدید``); trailing punctuation and a trailing
ZWNJ are left outside.  A number with separators keeps its value and its
separators; only its digits may change so that one token is written in
one digit system (see :func:`one_digit_system`).

:func:`mask` replaces every protected span by one private-use placeholder
character and returns the original spans; the text rules never create,
delete or reorder placeholders, so :func:`restore` puts the spans back
byte for byte.  Private-use characters already present in the input are
masked too, so they can never be confused with placeholders.

Every pattern is written so that the regular-expression engine cannot
backtrack quadratically: possessive quantifiers, and look-behinds that only
let a pattern start at the beginning of a run of its characters.
"""

from __future__ import annotations

import re

from ._chars import ASCII_DIGITS, DIGITS, PERSIAN_DIGITS, ARABIC_DIGITS

#: Placeholder of a word-like span (URL, e-mail, Latin word or code).
PH_WORD = "\ue000"
#: Placeholder of a number with separators (decimal, date, time, range).
PH_NUM = "\ue001"
PLACEHOLDERS = PH_WORD + PH_NUM

_D = "0-9\u06f0-\u06f9\u0660-\u0669"
_LAT = "A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f"

_URL = r"(?:(?:https?|ftp)://|www\.)[^\s<>\"«»\ue000-\uf8ff]++"
_EMAIL = (r"(?<![A-Za-z0-9._%+\-])[A-Za-z0-9._%+\-]++@[A-Za-z0-9\-]++"
          r"(?:\.[A-Za-z0-9\-]++)+")
_NUM = rf"(?<![{_D}])[{_D}]++(?:[.,:/\u066b\u066c\-][{_D}]++)+"
_LATIN = (rf"(?<![{_LAT}0-9])[0-9]*+[{_LAT}][{_LAT}0-9]*+"
          rf"(?:[\-_.'’&+/][{_LAT}0-9]++)*+")
_PUA = r"[\ue000-\uf8ff]"
# A Latin name (letters only) and the ASCII numbers that follow it
# (iPhone 15, Windows 11, PlayStation 5, Galaxy S24 Ultra 5): kept Latin,
# never turned into Persian digits.  A number after a code that already has
# digits (IBM-96 085) is a number of the sentence, and a number that goes on
# with a separator and a digit (a date, a decimal) is not part of the name.
_LATIN_NUMBERED = (rf"(?<![{_LAT}0-9])[{_LAT}]++(?:[\-'’&][{_LAT}]++)*+"
                   rf"(?: [0-9]++(?![0-9{_LAT}]|[.,:/\u066b\u066c\-][{_D}]))++")

PROTECT_RE = re.compile(
    rf"(?P<url>{_URL})|(?P<email>{_EMAIL})|(?P<num>{_NUM})|(?P<lat>{_LATIN_NUMBERED}|{_LATIN})"
    rf"|(?P<pua>{_PUA})"
)
# Candidate chunks: from a character that can start a protected span to the
# next white space.  The pattern starts with a character class, which the
# regex engine scans for quickly; the full pattern above then runs on the
# (short) chunks only.  A chunk never starts inside a span: the characters
# that may precede a span's first character inside the same span (. _ % + -)
# cannot start a chunk, and a chunk always runs to the end of its token.
# (A chunk also takes in the following tokens that start with an ASCII
# digit, for the numbers of a Latin name.)
_CHUNK_RE = re.compile(rf"[{_D}{_LAT}\ue000-\uf8ff][^\s]*+(?: [0-9][^\s]*+)*+")
_ANY_RE = _CHUNK_RE

_URL_TRAIL = ".,;:!?'\"،؛؟…)]}\u200c"
_GROUPED_RE = re.compile(rf"[{_D}]{{1,3}}(?:([,\u066c])[{_D}]{{3}})+")

_TO_PERSIAN = str.maketrans(ASCII_DIGITS + ARABIC_DIGITS, PERSIAN_DIGITS * 2)
_TO_ASCII = str.maketrans(PERSIAN_DIGITS + ARABIC_DIGITS, ASCII_DIGITS * 2)
_ARABIC_SET = frozenset(ARABIC_DIGITS)
_PERSIAN_SET = frozenset(PERSIAN_DIGITS)
_ASCII_SET = frozenset(ASCII_DIGITS)


def one_digit_system(s: str, digits: str) -> str:
    """A protected number (date, time, decimal, range) written in one digit
    system: Arabic-Indic digits, or a mix of systems, become the digits of
    the text's policy (``"persian"`` or ``"ascii"``); a span already written
    in ASCII or Persian digits alone is kept as written, and ``"keep"``
    keeps everything.  Only digit forms change, never values or separators:
    ``١٤٠٢/۰۹/٢٩`` -> ``۱۴۰۲/۰۹/۲۹``, ``۰۸:١٧`` -> ``۰۸:۱۷``."""
    if digits == "keep":
        return s
    chars = set(s)
    arabic = not _ARABIC_SET.isdisjoint(chars)
    if not arabic and (_PERSIAN_SET.isdisjoint(chars) or _ASCII_SET.isdisjoint(chars)):
        return s
    return s.translate(_TO_PERSIAN if digits == "persian" else _TO_ASCII)


def _grouped_integer(s: str, digits: str) -> str:
    """A grouped integer (``12,543``) is an integer: it follows the text's
    digit policy, and its group separator becomes ``٬`` with Persian digits
    and ``,`` with ASCII ones."""
    if digits == "persian":
        return s.translate(_TO_PERSIAN).replace(",", "\u066c")
    if digits == "ascii":
        return s.translate(_TO_ASCII).replace("\u066c", ",")
    return s


def mask(text: str, digits: str = "keep") -> tuple[str, list[str]]:
    """Return ``(masked_text, spans)``.

    *digits* is the text's digit policy; it affects grouped integers
    (``12,543``), which are not protected but must not be taken apart by the
    punctuation rules, and the digit forms of numbers written in more than
    one digit system (:func:`one_digit_system`).
    """
    if not _ANY_RE.search(text):
        return text, []
    spans: list[str] = []
    append = spans.append

    def repl(m: re.Match) -> str:
        kind = m.lastgroup
        s = m.group()
        if kind == "url":
            tail_len = 0
            while len(s) - tail_len > 0 and s[len(s) - tail_len - 1] in _URL_TRAIL:
                ch = s[len(s) - tail_len - 1]
                if ch == ")" and "(" in s[: len(s) - tail_len - 1]:
                    break
                tail_len += 1
            if tail_len:
                tail = s[len(s) - tail_len:]
                s = s[: len(s) - tail_len]
                if s in ("www.", "http://", "https://", "ftp://"):
                    append(s + tail)
                    return PH_WORD
                append(s)
                return PH_WORD + tail
            append(s)
            return PH_WORD
        if kind == "num":
            g = _GROUPED_RE.fullmatch(s)
            if g is not None and len({c for c in s if c not in DIGITS}) == 1:
                append(_grouped_integer(s, digits))
            else:
                append(one_digit_system(s, digits))
            return PH_NUM
        append(s)
        return PH_WORD

    sub = PROTECT_RE.sub
    return _CHUNK_RE.sub(lambda c: sub(repl, c.group()), text), spans


_PH_RE = re.compile(f"[{PLACEHOLDERS}]")


def restore(text: str, spans: list[str]) -> str:
    """Put the *spans* back in place of the placeholders, in order."""
    if not spans:
        return text
    it = iter(spans)
    return _PH_RE.sub(lambda _m: next(it), text)
