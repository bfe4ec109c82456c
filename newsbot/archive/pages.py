"""A saved page, as every archive reader yields it (no Scrapy import)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import datetime

HTML_TYPES = ("text/html", "application/xhtml+xml")
#: Largest body (after decoding) read from a record; bigger pages are counted ``too_large``.
MAX_BODY_BYTES = 20 * 1024 * 1024
#: Reader counters: a ``Counter`` of slugs (``pages``, ``revisit``, ``not_html``, ``other_domain``…).
Counts = Counter


@dataclass
class SavedPage:
    """One fetched page.

    ``url``: the URL it was fetched from (``WARC-Target-URI`` / cache meta);
    ``fetched_at``: aware UTC datetime of the fetch (``WARC-Date`` / cache
    timestamp), or ``None``; ``status``: HTTP status; ``headers``:
    ``[(name, value), …]``; ``body``: bytes with transfer and content
    encodings removed; ``source``: where it came from (``file#offset`` or
    the cache entry directory); ``site``: the profile named by newsbot's own
    archive (``warcinfo`` ``site`` field), else ``None``.
    """

    url: str
    fetched_at: datetime | None
    status: int
    headers: list[tuple[str, str]]
    body: bytes
    source: str
    site: str | None = None

    def header(self, name: str) -> str | None:
        lowered = name.lower()
        return next((v for k, v in self.headers if k.lower() == lowered), None)


def is_html(content_type: str | None, body_head: bytes) -> bool:
    """True for an HTML content type, or (no type given) a body starting like an HTML document."""
    if content_type:
        return content_type.split(";", 1)[0].strip().lower() in HTML_TYPES
    head = body_head[:1024].lstrip().lower()
    return head.startswith((b"<!doctype html", b"<html"))
