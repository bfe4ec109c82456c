"""Walls: pages that stand between a crawler and the article (framework-free).

:func:`detect_wall` tells whether an HTTP answer is a wall rather than the
page asked for, and which kind:

``arvan``
    ArvanCloud's interstitial: a small page («در حال انتقال به سایت …» /
    "Transferring to the website …") whose script sets ``__arcsjs``
    cookies and reloads.  Seen on imna.ir, shana.ir, alef.ir (see
    ``/work/shared/reference/persian-news-sites.md``) and named in issue 15
    (an audit found 83 stored "articles" that were only this page).
``cloudflare``
    Cloudflare's browser check ("Just a moment...", ``/cdn-cgi/challenge-platform``,
    ``cf-mitigated: challenge`` header).
``captcha``
    A small page asking to solve a reCAPTCHA/hCaptcha/Turnstile or a
    Persian «کد امنیتی» form.  A captcha in an article's comment form does
    not count: the page must be small or an error status.
``login``
    HTTP 401, or a small page whose only content is a password form.
``denied``
    HTTP 403/429/451 (after retries), or a small page titled "Access
    denied" / «دسترسی غیرمجاز».

Cost: every wall is a small page or an error status, so a full-size page
(over ``SMALL_PAGE`` characters) served with 200 is judged by its headers
alone: 24 µs a page on the 9 pages of ``/work/shared/real-pages``, against
16 ms when every marker was searched in every page (measured with
``timeit``, 2026-11-30).

newsbot does not get past walls; it recognises them so that a wall is
never stored as an article and the article is tried again next run.
"""

from __future__ import annotations

import re
from typing import Any, Mapping

#: Wall kinds, in the order they are tested.
WALL_KINDS = ("arvan", "cloudflare", "captcha", "login", "denied")
#: Pages longer than this (characters) are real pages, whatever they mention.
SMALL_PAGE = 16_384
#: Only the first characters of a page are searched for markers.
SCAN_CHARS = 65_536

_ARVAN = re.compile(r"__arcsjs|در\s+حال\s+انتقال\s+به\s+سایت|Transferring to the website|arvancloud", re.I)
_ARVAN_STRONG = re.compile(r"__arcsjs|در\s+حال\s+انتقال\s+به\s+سایت|Transferring to the website", re.I)
_CLOUDFLARE = re.compile(
    r"/cdn-cgi/challenge-platform|_cf_chl_opt|cf-browser-verification|cf_chl_|"
    r"<title>\s*Just a moment\.\.\.\s*</title>|Checking your browser before accessing|"
    r"Attention Required! \| Cloudflare", re.I)
_CAPTCHA = re.compile(
    r"g-recaptcha|www\.google\.com/recaptcha/|hcaptcha\.com|class=[\"']h-captcha|"
    r"challenges\.cloudflare\.com/turnstile|\bcaptcha\b|کد\s+امنیتی|من\s+ربات\s+نیستم", re.I)
_PASSWORD_FORM = re.compile(r"<input\b[^>]*\btype\s*=\s*[\"']?password", re.I)
_LOGIN_WORDS = re.compile(r"\blog\s?in\b|\bsign\s?in\b|ورود\s+به\s+(?:حساب|سامانه|سایت)|نام\s+کاربری", re.I)
_DENIED = re.compile(
    r"access\s+denied|403\s+forbidden|\bforbidden\b|too\s+many\s+requests|rate\s+limit|"
    r"you\s+have\s+been\s+blocked|دسترسی\s+(?:غیر\s*مجاز|شما\s+(?:مسدود|محدود))|"
    r"دسترسی\s+به\s+این\s+(?:صفحه|سایت)\s+(?:مجاز\s+نیست|امکان\s*پذیر\s+نیست)", re.I)
_ARTICLE = re.compile(r"og:type[\"']?\s+content=[\"']article|\"@type\"\s*:\s*\"(?:News)?Article\"|<article\b",
                      re.I)

DENIED_STATUSES = (403, 429, 451)


def header_value(headers: Mapping[Any, Any] | None, name: str) -> str:
    """All values of header *name* joined by ``\\n`` ('' when absent).

    *headers* may map ``str`` or ``bytes`` names (any case) to a value or a
    list of values (``str`` or ``bytes``), as Scrapy's ``Headers`` and
    ``http.client`` messages do.
    """
    if not headers:
        return ""
    wanted = name.lower()
    values: list[Any] = []
    for key, value in headers.items():
        key_text = key.decode("latin-1") if isinstance(key, bytes) else str(key)
        if key_text.lower() == wanted:
            values.extend(value if isinstance(value, (list, tuple)) else [value])
    return "\n".join(v.decode("latin-1") if isinstance(v, bytes) else str(v) for v in values)


def detect_wall(status: int, headers: Mapping[Any, Any] | None, body_text: str | None) -> str | None:
    """The kind of wall (one of :data:`WALL_KINDS`) this answer is, or ``None``.

    *status* is the HTTP status code, *headers* the response headers (see
    :func:`header_value`), *body_text* the decoded page ('' or ``None`` for
    an empty body).  Pure function: no I/O, never raises on odd input.
    """
    text = body_text or ""
    head = text[:SCAN_CHARS]
    small = len(text) <= SMALL_PAGE
    cookies = header_value(headers, "set-cookie")
    server = header_value(headers, "server").lower()
    if header_value(headers, "cf-mitigated").lower() == "challenge":
        return "cloudflare"
    if not small and status not in DENIED_STATUSES + (401, 503):
        return None  # a full-size page served normally: only its headers could make it a wall
    # the cookie alone only on an almost empty page: a page with content that sets it is still a page
    if (small and _ARVAN_STRONG.search(head)) or ("__arcsjs" in cookies and len(text) < 2048) or (
            small and "arvancloud" in server and status in (403, 503) and _ARVAN.search(head)):
        return "arvan"
    if _CLOUDFLARE.search(head) and (small or status in (403, 503)):
        return "cloudflare"
    article = bool(_ARTICLE.search(head))
    if _CAPTCHA.search(head) and (status in DENIED_STATUSES or (small and not article)):
        return "captcha"
    if status == 401 or (small and not article and _PASSWORD_FORM.search(head) and _LOGIN_WORDS.search(head)):
        return "login"
    if status in DENIED_STATUSES or (small and not article and status == 200 and _denied_title(head)):
        return "denied"
    return None


_TITLE = re.compile(r"<title[^>]*>(.*?)</title>|<h1[^>]*>(.*?)</h1>", re.I | re.S)


def _denied_title(head: str) -> bool:
    """A 200 page whose title or first heading says access is denied (soft 403)."""
    return any(_DENIED.search(a or b) for a, b in _TITLE.findall(head)[:2])
