"""Folding and the field comparisons of :mod:`newsbot.evaluate` (pure
functions, importable by tests and the benchmark; rules in the package
docstring)."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Iterable, Mapping, Sequence

FIELDS: tuple[str, ...] = ("title", "news_code", "published_at", "lead", "body")
#: Most key characters allowed before the first sentence (a dateline).
MAX_PREFIX = 40
#: Most key characters allowed after the last sentence.
MAX_SUFFIX = 40

PASS, FAIL, NA = "pass", "fail", "n/a"
MARKS = {PASS: "✓", FAIL: "✗", NA: "n/a"}

# --------------------------------------------------------------------------
# Folding


_CHAR_MAP = {
    # letters
    "ي": "ی", "ى": "ی", "ے": "ی", "ې": "ی",
    "ك": "ک", "ڪ": "ک",
    "ة": "ه", "ۀ": "ه", "ہ": "ه", "ە": "ه",
    # punctuation
    "،": ",", "؛": ";", "؟": "?", "٪": "%", "٫": ".", "٬": ",",
    "«": '"', "»": '"', "“": '"', "”": '"', "„": '"', "‟": '"', "″": '"',
    "‘": "'", "’": "'", "‚": "'", "‛": "'",
    # zero-width non-joiner: a (half) space
    "\u200c": " ",
}
_CHAR_MAP.update({chr(0x06F0 + i): str(i) for i in range(10)})  # Persian digits
_CHAR_MAP.update({chr(0x0660 + i): str(i) for i in range(10)})  # Arabic-Indic digits
_DROP = (
    "\u0640"                      # kashida / tatweel
    "\u200b\u200d\u2060\ufeff\u00ad"  # zero-width space, ZWJ, word joiner, BOM, soft hyphen
    "\u200e\u200f\u061c"          # LRM, RLM, Arabic letter mark
    "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"  # bidi embeddings/isolates
)
_DIACRITICS = "".join(chr(c) for c in range(0x064B, 0x0660)) + "\u0670"
_CHAR_MAP.update({ch: None for ch in _DROP + _DIACRITICS})
_TABLE = str.maketrans(_CHAR_MAP)
_WHITESPACE = re.compile(r"\s+")


def fold_text(text: str | None) -> str:
    """*text* folded for comparison, spaces kept (single, stripped).

    >>> fold_text("كد  خبر:\\u200c۱۲٣")
    'کد خبر: 123'
    """
    if not text:
        return ""
    text = unicodedata.normalize("NFKC", text).translate(_TABLE)
    return _WHITESPACE.sub(" ", text).strip()


def match_key(text: str | None) -> str:
    """:func:`fold_text` without any spaces: what text comparisons compare."""
    return fold_text(text).replace(" ", "")


def texts_equal(a: str | None, b: str | None) -> bool:
    """Same words, letters, digits and punctuation once folded (spacing ignored)."""
    return match_key(a) == match_key(b)


# --------------------------------------------------------------------------
# Field comparisons


@dataclass(frozen=True)
class FieldResult:
    status: str  # PASS, FAIL or NA
    detail: str = ""

    @property
    def passed(self) -> bool:
        return self.status == PASS

    def as_dict(self) -> dict[str, str]:
        return {"status": self.status, "detail": self.detail}


def _snip(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _compare_text(name: str, value: str | None, expected: str | None) -> FieldResult:
    if expected is None:
        return FieldResult(NA, f"no {name} in truth")
    if not value:
        return FieldResult(FAIL, f"no {name} extracted")
    if texts_equal(value, expected):
        return FieldResult(PASS)
    return FieldResult(FAIL, describe_difference(value, expected))


def describe_difference(value: str, expected: str, context: int = 30) -> str:
    """Where two texts first differ once folded (spacing ignored), for failure details."""
    got, want = fold_text(value), fold_text(expected)
    got_pos = [i for i, ch in enumerate(got) if ch != " "]
    want_pos = [i for i, ch in enumerate(want) if ch != " "]
    same = 0
    for i, j in zip(got_pos, want_pos):
        if got[i] != want[j]:
            break
        same += 1

    def rest(text: str, pos: list[int]) -> str:
        return _snip(text[pos[same]:], context) if same < len(pos) else "(end)"

    before = want[: want_pos[same - 1] + 1][-20:] if same else ""
    where = f"after «…{before}»" if before else "from the start"
    return f"differs {where}: got «{rest(got, got_pos)}», want «{rest(want, want_pos)}»"


def match_title(value: str | None, expected: str | None) -> FieldResult:
    return _compare_text("title", value, expected)


def match_lead(value: str | None, expected: str | None) -> FieldResult:
    return _compare_text("lead", value, expected)


def match_news_code(value: str | None, expected: str | None) -> FieldResult:
    if expected is None:
        return FieldResult(NA, "no news_id in truth")
    want = fold_text(str(expected))
    if not value:
        return FieldResult(FAIL, f"no news code extracted, want {want}")
    got = fold_text(str(value))
    if got == want:
        return FieldResult(PASS)
    return FieldResult(FAIL, f"got {got}, want {want}")


def parse_instant(value: Any) -> datetime | None:
    """A ``datetime`` from an ISO 8601 string (or a datetime); ``None`` if unreadable."""
    if isinstance(value, datetime):
        return value
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day)
    if not isinstance(value, str) or not value.strip():
        return None
    try:
        return datetime.fromisoformat(value.strip())
    except ValueError:
        return None


def same_minute(a: datetime, b: datetime) -> bool:
    """Both aware, same UTC offset, same wall time truncated to the minute."""
    if a.utcoffset() is None or b.utcoffset() is None:
        return False
    if a.utcoffset() != b.utcoffset():
        return False
    return a.replace(second=0, microsecond=0) == b.replace(second=0, microsecond=0)


def match_published(value: Any, accepted: Sequence[str] | str | None) -> FieldResult:
    if not accepted:
        return FieldResult(NA, "no published_iso in truth")
    if isinstance(accepted, str):
        accepted = [accepted]
    wants = [parse_instant(v) for v in accepted]
    if any(w is None or w.utcoffset() is None for w in wants):
        raise ValueError(f"truth published_iso must be ISO 8601 with offset: {accepted!r}")
    shown = " or ".join(accepted)
    if value is None or value == "":
        return FieldResult(FAIL, f"no publish time extracted, want {shown}")
    got = parse_instant(value)
    text = value.isoformat() if isinstance(value, (date, datetime)) else str(value)
    if got is None:
        return FieldResult(FAIL, f"unreadable {text!r}, want {shown}")
    if got.utcoffset() is None:
        return FieldResult(FAIL, f"{text} has no UTC offset, want {shown}")
    if any(same_minute(got, w) for w in wants):
        return FieldResult(PASS)
    return FieldResult(FAIL, f"got {text}, want {shown}")


def match_body(body: str | None, first_sentence: str, last_sentence: str,
               end_marker: str | None = None, *, max_prefix: int = MAX_PREFIX,
               max_suffix: int = MAX_SUFFIX) -> FieldResult:
    """The body starts with *first_sentence* and ends with *last_sentence* (see module doc)."""
    if not first_sentence or not last_sentence:
        return FieldResult(NA, "no first/last sentence in truth")
    if not body:
        return FieldResult(FAIL, "no body extracted")
    folded = fold_text(body)
    pos = [i for i, ch in enumerate(folded) if ch != " "]  # key offset -> folded offset
    k = "".join(folded[i] for i in pos)
    f, last = match_key(first_sentence), match_key(last_sentence)

    def shown(a: int, b: int | None = None) -> str:  # folded text for key range [a, b)
        start = pos[a] if a < len(pos) else len(folded)
        end = len(folded) if b is None or b >= len(pos) else pos[b]
        return folded[start:end].strip()

    problems: list[str] = []
    start = k.find(f)
    if start < 0:
        problems.append(f"first sentence not found (body starts «{_snip(folded, 50)}»)")
    elif start > max_prefix:
        problems.append(f"{start} chars before first sentence (> {max_prefix}): «{_snip(shown(0, start), 50)}»")
    end = k.rfind(last)
    if end < 0 or (start >= 0 and end < start):
        problems.append(f"last sentence not found (body ends «…{folded[-50:]}»)")
    else:
        tail = len(k) - end - len(last)
        if tail > max_suffix:
            problems.append(f"{tail} chars after last sentence (> {max_suffix}): "
                            f"«{_snip(shown(end + len(last)), 60)}»")
    if end_marker:
        marker = match_key(end_marker)
        if marker and marker in k:
            problems.append(f"end marker «{fold_text(end_marker)}» present at {k.find(marker)}")
    if problems:
        return FieldResult(FAIL, "; ".join(problems))
    return FieldResult(PASS)


def score_record(record: Mapping[str, Any], truth: Mapping[str, Any],
                 fields: Iterable[str] = FIELDS) -> dict[str, FieldResult]:
    """Score one extracted record (JSON-like mapping) against one truth row."""
    scorers = {
        "title": lambda: match_title(record.get("title"), truth.get("title")),
        "news_code": lambda: match_news_code(record.get("news_code"), truth.get("news_id")),
        "published_at": lambda: match_published(record.get("published_at"), truth.get("published_iso")),
        "lead": lambda: match_lead(record.get("lead"), truth.get("lead")),
        "body": lambda: match_body(record.get("body"), truth.get("first_sentence"),
                                   truth.get("last_sentence"), truth.get("body_end_marker")),
    }
    results = {name: scorers[name]() for name in fields}
    body = results.get("body")
    if (body is not None and body.status == FAIL and "first sentence not found" in body.detail
            and match_key(truth.get("first_sentence")) in match_key(record.get("lead"))):
        results["body"] = FieldResult(FAIL, body.detail + "; the first sentence is in the extracted lead")
    return results


def failed_record(reason: str, truth: Mapping[str, Any],
                  fields: Iterable[str] = FIELDS) -> dict[str, FieldResult]:
    """Every field with truth failed for *reason* (a page that could not be extracted)."""
    empty = score_record({}, truth, fields)
    return {name: (r if r.status == NA else FieldResult(FAIL, reason)) for name, r in empty.items()}


