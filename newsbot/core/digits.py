"""Digit conversion between Persian (U+06F0..9), Arabic-Indic (U+0660..9) and ASCII."""

PERSIAN_DIGITS = "۰۱۲۳۴۵۶۷۸۹"
ARABIC_INDIC_DIGITS = "٠١٢٣٤٥٦٧٨٩"
ASCII_DIGITS = "0123456789"

_TO_ASCII = str.maketrans(PERSIAN_DIGITS + ARABIC_INDIC_DIGITS, ASCII_DIGITS * 2)
_TO_PERSIAN = str.maketrans(ASCII_DIGITS + ARABIC_INDIC_DIGITS, PERSIAN_DIGITS * 2)


def to_ascii_digits(text: str) -> str:
    """Return *text* with Persian and Arabic-Indic digits replaced by ASCII ones."""
    return text.translate(_TO_ASCII)


def to_persian_digits(text: str) -> str:
    """Return *text* with ASCII and Arabic-Indic digits replaced by Persian ones."""
    return text.translate(_TO_PERSIAN)
