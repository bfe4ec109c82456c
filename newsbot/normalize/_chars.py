"""Character tables and character classes of the normalizer.

Every table is a plain ``dict`` (code point -> str or None) usable with
``str.translate``; the pipeline merges the enabled ones into one table.
"""

from __future__ import annotations

import unicodedata

ZWNJ = "\u200c"

PERSIAN_DIGITS = "۰۱۲۳۴۵۶۷۸۹"
ARABIC_DIGITS = "٠١٢٣٤٥٦٧٨٩"
ASCII_DIGITS = "0123456789"
DIGITS = ASCII_DIGITS + PERSIAN_DIGITS + ARABIC_DIGITS

# --- character classes (for regular expressions; ranges, no brackets) -------
#: Arabic-script letters and the combining marks that live inside words.
LETTERS = (
    "\u0621-\u063a\u0640-\u065f\u066e-\u066f\u0670-\u06d3\u06d5"
    "\u06e5\u06e6\u06ee\u06ef\u06fa-\u06fc\u06ff"
)
#: Letters that do not join to the following letter (a ZWNJ after them is
#: invisible, so the normalizer removes it), plus hamza which joins nothing.
NON_JOINING = (
    "\u0621-\u0625\u0627\u0629\u062f-\u0632\u0648\u0671-\u0677"
    "\u0688-\u0699\u06c0\u06c3-\u06cb\u06cd\u06cf\u06d2\u06d3\u06d5\u06ee\u06ef"
)
#: Combining marks (harakat, hamza above/below, superscript alef, Quranic marks).
MARKS = "\u064b-\u065f\u0670\u06d6-\u06dc\u06df-\u06e4\u06e7\u06e8\u06ea-\u06ed"

# --- tables -----------------------------------------------------------------

#: Arabic letters that Persian writes differently (always safe).
ARABIC_TO_PERSIAN = {
    "ي": "ی", "ى": "ی", "ك": "ک",
    "ٱ": "ا", "إ": "ا",  # alef wasla / hamza below: not Persian orthography
    "ۃ": "ة",  # teh marbuta goal; a word-final ة later becomes ه
    "ە": "ه",  # Kurdish ae, looks like heh
    "ٮ": "ب", "ٯ": "ق",
}

#: Letters of Urdu, Pashto, Kurdish, Sindhi ... that look like a Persian
#: letter and turn up in Persian text through foreign keyboards.
LOOKALIKES = {
    "ہ": "ه", "ۂ": "ۀ", "ھ": "ه", "ۿ": "ه", "ۀ": "ۀ",
    "ے": "ی", "ۓ": "ی", "ې": "ی", "ێ": "ی", "ۍ": "ی", "ۑ": "ی", "ؠ": "ی", "ؽ": "ی", "ؾ": "ی", "ؿ": "ی",
    "ڪ": "ک", "ػ": "ک", "ؼ": "ک", "ګ": "ک", "ڬ": "ک", "ڭ": "ک", "ڮ": "ک",
    "ڱ": "گ", "ڲ": "گ", "ڳ": "گ", "ڴ": "گ",
    "ډ": "د", "ڈ": "د", "ڊ": "د", "ڋ": "د", "ڌ": "د", "ڍ": "د", "ڎ": "د", "ڏ": "د", "ڐ": "د",
    "ڕ": "ر", "ڑ": "ر", "ڒ": "ر", "ړ": "ر", "ڔ": "ر", "ږ": "ژ", "ڗ": "ز", "ڙ": "ژ",
    "ښ": "س", "ڛ": "س", "ڜ": "ش", "ۺ": "ش",
    "ټ": "ت", "ٹ": "ت", "ٺ": "ت", "ٽ": "ت", "ٿ": "ت", "ٻ": "ب", "ڀ": "پ",
    "ڼ": "ن", "ں": "ن", "ڻ": "ن", "ڽ": "ن",
    "ۆ": "و", "ۇ": "و", "ۈ": "و", "ۉ": "و", "ۊ": "و", "ۋ": "و", "ۏ": "و",
    "ٲ": "ا", "ٳ": "ا",
}

#: Ligatures whose compatibility decomposition is Arabic, not Persian usage.
LIGATURES = {
    "\ufdfa": "(ص)",  # SALLALLAHOU ALAYHE WASALLAM
    "\ufdfb": "(ج)",  # JALLAJALALOUHOU
    "\ufdfd": "بسم الله الرحمن الرحیم",
    "\ufdf2": "الله",
    "\ufdfc": "ریال",
}


def _presentation_forms() -> dict[str, str]:
    """Arabic presentation forms A and B (incl. lam-alef) -> base letters (NFKC)."""
    out: dict[str, str] = {}
    for cp in list(range(0xFB50, 0xFE00)) + list(range(0xFE70, 0xFF00)):
        ch = chr(cp)
        if unicodedata.category(ch) == "Cn":
            continue
        nk = unicodedata.normalize("NFKC", ch)
        if nk != ch:
            out[ch] = nk.strip() if nk.strip() else nk
    out.update(LIGATURES)
    return out


PRESENTATION_FORMS = _presentation_forms()

#: Enclosed numbers seen in pasted text: ⒈..⒛ and ①..⑳ -> ASCII digits.
ENCLOSED_NUMBERS = {chr(0x2488 + i): str(i + 1) for i in range(20)}
ENCLOSED_NUMBERS.update({chr(0x2460 + i): str(i + 1) for i in range(20)})

KASHIDA = {"\u0640": None}

#: Harakat, tanwin, shadda, sukun, superscript alef, Quranic annotation marks.
#: Hamza above (U+0654) is *kept*: it carries the ezafe in هٔ.
DIACRITICS = {chr(cp): None for cp in list(range(0x064B, 0x0654)) + [0x0655, 0x0656, 0x0657, 0x0658,
              0x0659, 0x065A, 0x065B, 0x065C, 0x065D, 0x065E, 0x065F, 0x0670]
              + list(range(0x06D6, 0x06DD)) + list(range(0x06DF, 0x06E5)) + [0x06E7, 0x06E8]
              + list(range(0x06EA, 0x06EE))}

#: Bidi controls, BOM, word joiner and friends are deleted; zero-width space
#: and soft hyphen become ZWNJ (the ZWNJ rule then drops them where they do
#: not sit between two letters that could join).
INVISIBLE = {
    "\u200e": None, "\u200f": None, "\u061c": None,
    "\u202a": None, "\u202b": None, "\u202c": None, "\u202d": None, "\u202e": None,
    "\u2066": None, "\u2067": None, "\u2068": None, "\u2069": None,
    "\ufeff": None, "\u2060": None, "\u2061": None, "\u2062": None, "\u2063": None, "\u2064": None,
    "\u200b": ZWNJ, "\u00ad": ZWNJ,
}

#: Horizontal white space -> ASCII space; vertical -> newline.
SPACES = {c: " " for c in "\t\u00a0\u1680\u180e\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007"
          "\u2008\u2009\u200a\u202f\u205f\u3000"}
SPACES.update({"\r": "\n", "\v": "\n", "\f": "\n", "\u2028": "\n", "\u2029": "\n", "\x85": "\n"})

DIGITS_TO_PERSIAN = {a: p for a, p in zip(ASCII_DIGITS + ARABIC_DIGITS, PERSIAN_DIGITS * 2)}
DIGITS_TO_ASCII = {a: p for a, p in zip(PERSIAN_DIGITS + ARABIC_DIGITS, ASCII_DIGITS * 2)}
DIGITS_ARABIC_TO_PERSIAN = {a: p for a, p in zip(ARABIC_DIGITS, PERSIAN_DIGITS)}

#: Context-free Persian punctuation (the context-sensitive , ; ? are a rule).
PUNCTUATION = {"%": "٪"}


def compose(*tables: dict) -> dict[int, str | None]:
    """Merge tables (later wins) and close them: every value is itself mapped
    through the merged table until nothing changes, so one ``translate`` pass
    gives the same result as applying the tables repeatedly."""
    merged: dict[str, str | None] = {}
    for t in tables:
        merged.update(t)
    flat = {ord(k): v for k, v in merged.items()}

    def close(s: str) -> str:
        for _ in range(5):
            n = s.translate(flat)
            if n == s:
                break
            s = n
        return s

    out: dict[int, str | None] = {}
    for k, v in merged.items():
        if v is None:
            out[ord(k)] = None
            continue
        v = close(v)
        if v != k:
            out[ord(k)] = v
    return out
