"""Punctuation rules of the normalizer (split from :mod:`._rules`, which
re-exports them): ellipsis, Persian marks, repeated marks, spacing around
marks and brackets, quotes.  Same conventions: each rule ``str -> str`` on
masked text; every pattern linear."""

from __future__ import annotations

import re

from ._chars import LETTERS, MARKS, ZWNJ
from ._protect import PH_NUM, PH_WORD

L = LETTERS
_D = "0-9\u06f0-\u06f9\u0660-\u0669"
_LAT = "A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f"

# ---------------------------------------------------------------------------
# Punctuation
# ---------------------------------------------------------------------------

_ELLIPSIS_RE = re.compile(r"(?:\.\.|…)[.…]*+")
_VA_ELLIPSIS_RE = re.compile(f"و…(?<![{L}{ZWNJ}]و…)")


def fix_ellipsis(text: str) -> str:
    """``...`` -> ``…``; after a lone ``و`` (and so on) the ellipsis stands
    for omitted words and gets a space: ``و...`` -> ``و …``."""
    if "..." not in text and "…" not in text:
        return text
    text = _ELLIPSIS_RE.sub(_ellipsis, text)
    if "و…" in text:
        text = _VA_ELLIPSIS_RE.sub("و …", text)
    return text


def fix_marks_after_spacing(text: str) -> str:
    """Spacing rules can bring marks together (``… .`` -> ``….``, ``؟ ؟ ؟``
    -> ``؟؟؟``): merge them as :func:`fix_ellipsis` and
    :func:`collapse_marks` would."""
    if "…." in text or "..." in text:
        text = fix_ellipsis(text)
    if "!!!" in text or "؟؟؟" in text:
        text = collapse_marks(text)
    return text


def fix_va_ellipsis(text: str) -> str:
    """The ``و …`` spacing of :func:`fix_ellipsis` alone (after letters were
    collapsed: ``ووو…`` -> ``و…`` -> ``و …``)."""
    if "و…" not in text:
        return text
    return _VA_ELLIPSIS_RE.sub("و …", text)


def _ellipsis(m: re.Match) -> str:
    return ".." if m.group() == ".." else "…"


_PUNCT_MAP = {",": "،", ";": "؛", "?": "؟", "\u066c": "،"}
_PUNCT_RE = re.compile(
    f"[,;?\u066c](?<![{_LAT}{PH_WORD}][,;?\u066c])(?<![{_LAT}{PH_WORD}] [,;?\u066c])"
)


def persian_punctuation(text: str) -> str:
    """``, ; ?`` (and ``٬`` outside numbers) become ``، ؛ ؟`` unless they
    follow a Latin word (``Hello, world`` is left alone).  The space before
    them is removed by :func:`fix_punctuation_spacing`."""
    if "," not in text and ";" not in text and "?" not in text and "\u066c" not in text:
        return text
    return _PUNCT_RE.sub(lambda m: _PUNCT_MAP[m.group()], text)


_MARK_RUN_RE = re.compile(r"([!؟])\1{2,}")


def collapse_marks(text: str) -> str:
    """Three or more ``!`` or ``؟`` in a row -> one (``؟؟؟!!!`` -> ``؟!``)."""
    if "!!!" not in text and "؟؟؟" not in text:
        return text
    return _MARK_RUN_RE.sub(r"\1", text)


_OPEN = "«(\\[{"
_CLOSE = "»)\\]}"
# Patterns start with the character they look for (so the regex engine can
# scan for it quickly) and check the neighbours with look-arounds; white
# space has already been collapsed to single spaces.
_SPACE_AFTER_OPEN_RE = re.compile(f"[{_OPEN}] ")  # (no group first: keeps the fast scan)
# a mark preceded by a space (the space is then deleted); . , ; ? only when
# they end a word (followed by a space, a newline, a closing bracket, the end)
_SPACED_MARK_RE = re.compile(
    f"[{_CLOSE}،؛؟!:.,;?](?<= .)(?:(?<=[{_CLOSE}،؛؟!:])|[.,;?]*+(?=[ \\n{_CLOSE}]|$))"
)
_SPACE_AFTER_RE = re.compile(
    f"[،؛؟!:.»)](?:"
    f"(?<=[{L}{MARKS}{_D}{PH_NUM}{PH_WORD}{_CLOSE}][،؛؟!:])[،؛؟!:]*+(?=[{L}«(])"
    f"|(?<=[{L}{MARKS}][{L}{MARKS}]\\.)(?=[{L}«])"
    f"|(?<=[»)])(?=[{L}])"
    f")"
)
_SPACE_BEFORE_RE = re.compile(f"[«(](?<=[{L}][«(])")


def fix_punctuation_spacing(text: str) -> str:
    """No space inside ``« » ( ) [ ] { }`` or before ``، ؛ ؟ ! : .``; one space
    after them and around the brackets when a word follows or precedes
    directly (``کجاست؟تو`` -> ``کجاست؟ تو``).  A mark that does not follow a
    word is left alone (``٪:«`` stays), and so is a dot between one-letter
    abbreviations (``ج.ا.ا``).  Expects single spaces (run after
    :func:`fix_whitespace`)."""
    text = _SPACE_AFTER_OPEN_RE.sub(_drop_last, text)
    cuts = [m.start() - 1 for m in _SPACED_MARK_RE.finditer(text)]
    if cuts:  # delete the space before each of those marks
        pieces, prev = [], 0
        for cut in cuts:
            pieces.append(text[prev:cut])
            prev = cut + 1
        pieces.append(text[prev:])
        text = "".join(pieces)
    text = _SPACE_AFTER_RE.sub(_add_space, text)
    return _SPACE_BEFORE_RE.sub(_space_before, text)


def _drop_last(m: re.Match) -> str:
    return m.group()[:-1]


def _add_space(m: re.Match) -> str:
    return m.group() + " "


def _space_before(m: re.Match) -> str:
    return " " + m.group()


_QW = f"{L}{_D}{_LAT}{PH_WORD}{PH_NUM}"
_QUOTE_RE = re.compile(f"[\"“](?<![{_QW}][\"“])([^\"“”\\n]*+)[\"”](?![{_QW}])")
_HAS_PERSIAN_RE = re.compile(f"[{L}]")


def persian_quotes(text: str) -> str:
    """Pairs of ``"`` (or “ ”) around text that contains Persian become
    ``« »``, trimmed inside.  Done per line and all-or-nothing: a line is
    converted only if *every* quote on it belongs to such a pair (none glued
    to a word or digit like ``12"``, none around Latin-only text, none left
    without its pair), so that the result is stable and never half-done."""
    if '"' not in text and "“" not in text and "”" not in text:
        return text
    lines = text.split("\n")
    for i, line in enumerate(lines):
        if '"' in line or "“" in line or "”" in line:
            ok = [True]

            def repl(m: re.Match) -> str:
                inner = m.group(1)
                if not _HAS_PERSIAN_RE.search(inner):
                    ok[0] = False
                    return m.group()
                return "«" + inner.strip(" ") + "»"

            new = _QUOTE_RE.sub(repl, line)
            if ok[0] and '"' not in new and "“" not in new and "”" not in new:
                lines[i] = new
    return "\n".join(lines)
