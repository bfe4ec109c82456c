"""Which character encoding a page's bytes are in: decided by evidence (framework-free).

One function, :func:`decode_html` (:func:`choose_encoding` for the decision alone),
serves live crawls and replay alike.
Evidence, strongest first:

1. a byte-order mark (UTF-8, UTF-16 LE/BE, UTF-32 LE/BE): the bytes say it;
2. the declarations: the HTTP ``Content-Type`` charset (live crawls), then
   the page's ``<meta charset>``/``http-equiv`` (first 4 kB, as browsers do);
3. the bytes themselves: a declaration is kept when decoding with it gives
   valid text.  Bytes that are strict UTF-8 and give Persian/Arabic-script
   text are UTF-8 whatever was declared (valid multi-byte UTF-8 does not
   happen by accident); UTF-8 with a few broken sequences (at most
   ``MAX_BAD_UTF8``, 1% of the non-ASCII characters) stays UTF-8; bytes that
   are not UTF-8 and whose declared decoding is not Persian text are
   windows-1256 when that gives Persian text.  "Persian text" means at least
   ``MIN_SCRIPT_SHARE`` (0.6) of the non-ASCII characters are Arabic-script
   letters, digits or punctuation («», ZWNJ included).

Every decision that differs from what the page declared is an *override*,
reported to the caller (``Decision.overridden``) so it can be counted
(``newsbot/charset/override/<declared>_as_<chosen>``).

A pure UTF-8 page declared UTF-8 costs one strict decode, the same as
before this module existed.
"""

from __future__ import annotations

import codecs
import re
from typing import NamedTuple

from w3lib.encoding import html_body_declared_encoding, http_content_type_encoding, resolve_encoding

__all__ = ["BOMS", "Decision", "bom_encoding", "choose_encoding", "decode_html", "script_share"]

#: Byte-order marks, longest first (the UTF-32 LE mark starts with the UTF-16 LE one).
BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"), (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"),
)
#: Share of the non-ASCII characters that must be Arabic-script letters for a
#: decoding to count as "valid Persian text".
MIN_SCRIPT_SHARE = 0.6
#: Largest share of U+FFFD among non-ASCII characters for bytes to still count as UTF-8.
MAX_BAD_UTF8 = 0.01
_ARABIC_LETTER = re.compile("[\u060c-\u061f\u00ab\u00bb\u0621-\u064a\u0660-\u0669\u0671-\u06d3\u06f0-\u06f9\u200c]")
_NON_ASCII = re.compile("[^\x00-\x7f]")
_SAMPLE = 20_000


class Decision(NamedTuple):
    """The chosen *encoding* (a Python codec name), where it came from
    (``bom``, ``header``, ``meta``, ``bytes`` or ``default``) and the
    declared encoding it overrides (``None`` when it agrees with it)."""

    encoding: str
    source: str
    overridden: str | None = None


def bom_encoding(data: bytes) -> tuple[str, int] | None:
    """``(codec, BOM length)`` when *data* starts with a byte-order mark."""
    for bom, name in BOMS:
        if data.startswith(bom):
            return name, len(bom)
    return None


def _codec(label: str | None) -> str | None:
    """The Python codec for a charset label (WHATWG aliases resolved), or None if unknown."""
    if not label:
        return None
    name = resolve_encoding(label)
    if name is None:
        return None
    return codecs.lookup(name).name


def script_share(text: str) -> float:
    """Share of *text*'s non-ASCII characters that are Arabic-script letters or digits (0..1)."""
    sample = text[:_SAMPLE]
    non_ascii = len(_NON_ASCII.findall(sample))
    if not non_ascii:
        return 0.0
    return len(_ARABIC_LETTER.findall(sample)) / non_ascii


def _decodes(data: bytes, codec: str) -> str | None:
    try:
        return data.decode(codec)
    except (UnicodeDecodeError, LookupError):
        return None


def decode_html(data: bytes, content_type: str | None = None) -> tuple[str, Decision]:
    """*data* decoded by evidence (see the module docstring), with the decision.

    *content_type* is the HTTP ``Content-Type`` header value, if any.  A BOM
    is removed; bytes the chosen codec cannot map become U+FFFD.  Never
    raises; a page with no evidence at all is taken as UTF-8 (``default``).
    """
    declared, source = None, "default"
    header = _codec(http_content_type_encoding(content_type)) if content_type else None
    meta = _codec(html_body_declared_encoding(data[:4096]))
    if header:
        declared, source = header, "header"
    elif meta:
        declared, source = meta, "meta"
    bom = bom_encoding(data)
    if bom is not None:
        codec = _codec(bom[0])
        decision = Decision(codec, "bom", declared if declared not in (None, codec) else None)
        return data[bom[1]:].decode(codec, errors="replace"), decision
    if declared in (None, "utf-8"):
        text = _decodes(data, "utf-8")  # the common case: one strict decode
        if text is not None:
            return text, Decision("utf-8", source)
    elif data.isascii():
        return data.decode(declared, errors="replace"), Decision(declared, source)
    else:
        text = _decodes(data, "utf-8")
        if text is not None and script_share(text) >= MIN_SCRIPT_SHARE:
            return text, Decision("utf-8", "bytes", declared)  # valid UTF-8 is strong evidence
        # UTF-8 with a few broken bytes under another declaration: still UTF-8 (the
        # declared single-byte codec would turn every Persian letter into mojibake)
        text = data.decode("utf-8", errors="replace")
        non_ascii = len(_NON_ASCII.findall(text[:_SAMPLE]))
        if (non_ascii and text[:_SAMPLE].count("\ufffd") <= MAX_BAD_UTF8 * non_ascii
                and script_share(text) >= MIN_SCRIPT_SHARE):
            return text, Decision("utf-8", "bytes", declared)
    # not valid UTF-8: the declaration, or windows-1256 when only it gives Persian text
    lenient = data.decode(declared or "utf-8", errors="replace")
    if declared in (None, "utf-8"):
        non_ascii = len(_NON_ASCII.findall(lenient[:_SAMPLE]))
        if lenient[:_SAMPLE].count("\ufffd") <= MAX_BAD_UTF8 * non_ascii:
            return lenient, Decision("utf-8", source)  # UTF-8 with a few broken bytes
    if declared != "cp1256" and script_share(lenient) < MIN_SCRIPT_SHARE:
        fallback = data.decode("cp1256", errors="replace")
        if script_share(fallback) >= MIN_SCRIPT_SHARE:
            return fallback, Decision("cp1256", "bytes", declared or "none")
    return lenient, Decision(declared or "utf-8", source)


def choose_encoding(data: bytes, content_type: str | None = None) -> Decision:
    """Only the decision of :func:`decode_html`."""
    return decode_html(data, content_type)[1]
