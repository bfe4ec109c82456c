"""Link URLs of a fetched page, made absolute without trusting the page's markup.

A ``<base href>`` or a link the URL library rejects (port over 65535,
broken IPv6 bracket: ``urllib.parse`` and w3lib raise ``ValueError``) must
not end a listing page in a spider error (issue 13, K12): a bad base is
ignored and links are joined to the page's own URL (counted
``newsbot/bad_url/base_href``, once per page; Scrapy's ``response.css``
raises on such a page, :func:`page_selector` does not), a bad link is left
out (counted ``newsbot/bad_url/link``).
"""

from __future__ import annotations

from urllib.parse import urljoin, urlsplit

import parsel
from scrapy.http import Response, TextResponse
from scrapy.utils.response import get_base_url


def valid_url(url: str) -> bool:
    """True when *url* can be split with its port read (what ``scrapy.Request`` needs)."""
    try:
        urlsplit(url).port
    except ValueError:
        return False
    return True


def page_base(response: Response, stats=None) -> str:
    """The URL links of *response* are relative to: its ``<base href>`` (text
    responses; Scrapy's ``get_base_url``) when usable, else ``response.url``."""
    if not isinstance(response, TextResponse):
        return response.url
    try:
        base = get_base_url(response)
    except ValueError:
        base = None
    if base is None or not valid_url(base):
        if stats is not None:
            stats.inc_value("newsbot/bad_url/base_href")
        return response.url
    return base


def page_selector(response: TextResponse) -> parsel.Selector:
    """``response.selector``, or, when Scrapy cannot build it because the page's
    ``<base href>`` is unusable (it raises ``ValueError``), a selector of the
    same text based on the page's own URL (a plain ``parsel.Selector``: Scrapy's
    reads the base from the text again)."""
    try:
        return response.selector
    except ValueError:
        return parsel.Selector(text=response.text, type="html", base_url=response.url)


def join_link(base: str, href: str, stats=None) -> str | None:
    """*href* joined to *base*; ``None`` (counted) when the result is not a usable URL."""
    try:
        url = urljoin(base, href)
    except ValueError:
        url = None
    if url is None or not valid_url(url):
        if stats is not None:
            stats.inc_value("newsbot/bad_url/link")
        return None
    return url


def non_text_type(response: Response) -> str:
    """The Content-Type of a response Scrapy did not decode as text (for log lines)."""
    kind = response.headers.get(b"Content-Type", b"").decode("latin-1").split(";")[0].strip()
    return f"Content-Type {kind[:60]}" if kind else "no Content-Type"
