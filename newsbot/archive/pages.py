"""A saved page, as every archive reader yields it (no Scrapy import)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime

HTML_TYPES = ("text/html", "application/xhtml+xml")
#: Largest body (after decoding) read from a record; bigger pages are counted ``too_large``.
MAX_BODY_BYTES = 20 * 1024 * 1024
#: Reader counters: a ``Counter`` of slugs (``pages``, ``revisit``, ``not_html``, ``other_domain``…).
Counts = Counter


@dataclass
class SavedPage:
    """One fetched page (fields as in the replay issue's saved-page abstraction).

    ``body``: bytes with transfer and content encodings removed; ``source``:
    where it came from (``FILE#offset`` of a WARC record, or the cache entry
    directory), used as ``source_path``; ``url``: the URL it was fetched
    from (``WARC-Target-URI`` / cache meta); ``fetched_at``: aware UTC
    datetime of the fetch (``WARC-Date`` / cache timestamp) or ``None``;
    ``status``: HTTP status; ``headers``: response headers, name → value or
    list of values, without the ``Content-Encoding``, ``Transfer-Encoding``
    and ``Content-Length`` that described the undecoded bytes; ``kind``:
    always ``"html"`` here; ``site``: the profile named by newsbot's own
    archive (``warcinfo`` ``site`` field), else ``None``.
    """

    body: bytes
    source: str
    url: str | None = None
    fetched_at: datetime | None = None
    status: int | None = None
    headers: dict[str, str | list[str]] = field(default_factory=dict)
    kind: str = "html"
    local_path: str | None = None
    site: str | None = None


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
