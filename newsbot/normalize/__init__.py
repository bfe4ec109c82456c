"""Persian text normalizer (framework-free).

Placeholder first version: unify Arabic yeh/kaf and strip bidi controls.
Issue 3 replaces this with the full rule set; the public entry point
``normalize(text) -> str`` stays the same.
"""

import re

_CHARS = str.maketrans({"ي": "ی", "ى": "ی", "ك": "ک"})
_INVISIBLE = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069\u200b\ufeff]")
_SPACES = re.compile(r"[ \t\u00a0]+")


def normalize(text: str) -> str:
    """Return *text* normalized for storage (first version)."""
    text = _INVISIBLE.sub("", text.translate(_CHARS))
    return _SPACES.sub(" ", text).strip()
