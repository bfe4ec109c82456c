"""What every archive reader shares (no Scrapy import).

Readers yield :class:`newsbot.core.savedpage.SavedPage` (the one saved-page
type of replay): ``body`` with transfer and content encodings removed,
``source`` = ``FILE#offset`` of a WARC record or the cache entry directory,
``url``, ``fetched_at`` (``WARC-Date`` / cache timestamp), ``status``,
``headers`` without the ``Content-Encoding``, ``Transfer-Encoding`` and
``Content-Length`` that described the undecoded bytes, and ``site`` when
newsbot's own archive names it.
"""

from __future__ import annotations

from collections import Counter

from newsbot.core.savedpage import SavedPage

HTML_TYPES = ("text/html", "application/xhtml+xml")
#: Largest body (after decoding) read from a record; bigger pages are counted ``too_large``.
MAX_BODY_BYTES = 20 * 1024 * 1024
#: Reader counters: a ``Counter`` of slugs (``pages``, ``revisit``, ``not_html``, ``other_domain``…).
Counts = Counter
__all__ = ["SavedPage", "Counts", "MAX_BODY_BYTES", "decoded_headers", "header", "is_html"]


#: Headers describing encodings the readers remove from the body.
DECODED_HEADERS = frozenset({"content-encoding", "transfer-encoding", "content-length"})


def header(pairs: list[tuple[str, str]], name: str) -> str | None:
    """The first value of header *name* (any case) in ``[(name, value), …]``."""
    lowered = name.lower()
    return next((v for k, v in pairs if k.lower() == lowered), None)


def decoded_headers(pairs: list[tuple[str, str]]) -> dict[str, str | list[str]]:
    """``[(name, value), …]`` → ``{name: value or [values]}`` without :data:`DECODED_HEADERS`."""
    out: dict[str, str | list[str]] = {}
    for name, value in pairs:
        if name.lower() in DECODED_HEADERS:
            continue
        if name in out:
            previous = out[name]
            out[name] = (previous if isinstance(previous, list) else [previous]) + [value]
        else:
            out[name] = value
    return out


def is_html(content_type: str | None, body_head: bytes) -> bool:
    """True for an HTML content type, or (no type given) a body starting like an HTML document."""
    if content_type:
        return content_type.split(";", 1)[0].strip().lower() in HTML_TYPES
    head = body_head[:1024].lstrip().lower()
    return head.startswith((b"<!doctype html", b"<html"))
