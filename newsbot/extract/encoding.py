"""Decode pages by evidence (:mod:`newsbot.core.charset`), counting overrides.

The one decoding step of live crawls (:func:`response_by_evidence`, in the
spider's article callback) and replay (:func:`decode_body`).
"""

from __future__ import annotations

import logging

from scrapy.http import TextResponse

from newsbot.core.charset import decode_html

logger = logging.getLogger(__name__)


def decode_body(data: bytes, content_type: str | None, stats=None, *, where: str = "") -> tuple[str, str]:
    """``(text, codec)`` of the page bytes *data*.

    A choice that differs from the page's declaration (HTTP header, meta) is
    logged and counted as ``newsbot/charset/override/<declared>_as_<chosen>``
    (``none`` when nothing was declared).
    """
    text, decision = decode_html(data, content_type)
    if decision.overridden is not None:
        logger.info("%s: declared charset %s, decoded as %s (%s)", where, decision.overridden,
                    decision.encoding, decision.source)
        if stats is not None:
            stats.inc_value(f"newsbot/charset/override/{decision.overridden}_as_{decision.encoding}")
    return text, decision.encoding


def response_by_evidence(response: TextResponse, stats=None, forced: str | None = None) -> TextResponse:
    """*response* re-decoded by evidence, or with *forced* (``-a encoding=``, profile).

    The decoded text is shared with the new response, so it is not decoded twice.
    """
    if forced:
        return response.replace(encoding=forced)
    if not isinstance(response, TextResponse):
        return response
    content_type = response.headers.get(b"Content-Type")
    content_type = content_type.decode("latin-1") if content_type else None
    text, codec = decode_body(response.body, content_type, stats, where=response.url)
    fixed = response if codec == response.encoding else response.replace(encoding=codec)
    if getattr(fixed, "_cached_ubody", False) is None:
        fixed._cached_ubody = text
    return fixed
