"""Author names: never the site's own name or a reporter's ID number."""

from __future__ import annotations

import re
from functools import lru_cache
from urllib.parse import urlsplit

from newsbot.core.digits import to_ascii_digits
from newsbot.extract.html_text import collapse_ws
from newsbot.extract.labels import LABEL_FORMS

#: Words that do not tell one outlet from another («خبرگزاری تسنیم» = «Tasnim News» = tasnimnews.com).
_GENERIC_WORDS = frozenset({"news", "agency", "online", "www", "ir", "com", "net", "org", "fa", "خبرگزاری",
                            "پایگاه", "خبری", "تحلیلی", "سایت", "روزنامه"})
_REPORTER_ID = re.compile(r"^(?:کد\s*خبرنگار|شناسه\s*خبرنگار|خبرنگار|reporter(?:\s*id)?)?[\W\d_]*$", re.I)


_BRAND_PARTS = re.compile(r"\s[|\-–—:]\s|\|")


@lru_cache(maxsize=4096)
def brand_key(text: str) -> str:
    """*text* reduced to what names an outlet: lower case, letters and digits, no generic words."""
    words = re.findall(r"\w+", text.translate(LABEL_FORMS).replace("\u200c", "").lower())
    return "".join(w for w in words if w not in _GENERIC_WORDS)


@lru_cache(maxsize=1024)
def _brands(names: tuple[str, ...]) -> frozenset[str]:
    return frozenset(brand_key(part) for name in names for part in _BRAND_PARTS.split(name))


def _same_brand(a: str, b: str) -> bool:
    short, long_ = sorted((a, b), key=len)
    return bool(short) and long_.startswith(short) and long_[len(short):] in ("", "news", "online", "agency")


def clean_author(value: str, loader_context: dict) -> str | None:
    """An author's name, or ``None`` for what is not one: the site's own name, domain or
    brand (``article:author`` «yjc», «Tasnim News»; compared with the profile's name,
    domains and text markers, the page host and ``og:site_name``) or a bare reporter ID
    number («۷۱۶۱۷»); counted as ``newsbot/field/authors_dropped/<site_name|reporter_id>``."""
    text = collapse_ws(value)
    reason = None
    if _REPORTER_ID.match(to_ascii_digits(text.translate(LABEL_FORMS))):
        reason = "reporter_id" if text else None
    else:
        keys = [brand_key(part) for part in _BRAND_PARTS.split(text)]  # «خبرگزاری ایسنا | ISNA»
        profile, response = loader_context.get("profile"), loader_context.get("response")
        names = [loader_context.get("site_name") or ""]
        if profile is not None:
            names += [profile.name, *profile.domains, *profile.text_markers]
        if response is not None:
            names.append(urlsplit(response.url).hostname or "")
        brands = _brands(tuple(names))
        if any(_same_brand(key, brand) for key in keys for brand in brands):
            reason = "site_name"
    if reason is None:
        return text or None
    stats = loader_context.get("stats")
    if stats is not None:
        stats.inc_value(f"newsbot/field/authors_dropped/{reason}")
    return None
