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
alone (under 1 µs); a small page is searched once, lower-cased, for literal
markers first (0.14 ms for the 4 KB fixture pages, 1 ms for a 100 KB page
with status 403; all markers as case-insensitive regexes took 16 ms a page:
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

# Markers are searched in the lower-cased head: plain substrings where they are literal
# (a regex alternation without a literal prefix tries every branch at every position: ~10x slower).
_ARVAN_WORDS = ("__arcsjs", "transferring to the website")
_ARVAN_FA = re.compile(r"در\s+حال\s+انتقال\s+به\s+سایت")
_CLOUDFLARE_WORDS = ("/cdn-cgi/challenge-platform", "_cf_chl_opt", "cf-browser-verification", "cf_chl_",
                     "checking your browser before accessing", "attention required! | cloudflare")
_CLOUDFLARE_TITLE = re.compile(r"<title>\s*just a moment\.\.\.\s*</title>")
_CAPTCHA_WORDS = ("g-recaptcha", "www.google.com/recaptcha/", "hcaptcha.com", "h-captcha",
                  "challenges.cloudflare.com/turnstile")
_CAPTCHA = re.compile(r"\bcaptcha\b|کد\s+امنیتی|من\s+ربات\s+نیستم")
_PASSWORD_FORM = re.compile(r"<input\b[^>]*\btype\s*=\s*[\"']?password")
_LOGIN_WORDS = re.compile(r"\blog\s?in\b|\bsign\s?in\b|ورود\s+به\s+(?:حساب|سامانه|سایت)|نام\s+کاربری")
_DENIED = re.compile(
    r"access\s+denied|403\s+forbidden|\bforbidden\b|too\s+many\s+requests|rate\s+limit|"
    r"you\s+have\s+been\s+blocked|دسترسی\s+(?:غیر\s*مجاز|شما\s+(?:مسدود|محدود))|"
    r"دسترسی\s+به\s+این\s+(?:صفحه|سایت)\s+(?:مجاز\s+نیست|امکان\s*پذیر\s+نیست)")
_ARTICLE = re.compile(r"og:type[\"']?\s+content=[\"']article|\"@type\"\s*:\s*\"(?:news)?article\"")

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
    small = len(text) <= SMALL_PAGE
    if header_value(headers, "cf-mitigated").lower() == "challenge":
        return "cloudflare"
    if not small and status not in DENIED_STATUSES + (401, 503):
        return None  # a full-size page served normally: only its headers could make it a wall
    head = text[:SCAN_CHARS]
    low = head.lower()
    cookies = header_value(headers, "set-cookie")
    server = header_value(headers, "server").lower()
    # an article page that merely quotes a wall's words (a short news item about
    # ArvanCloud or Cloudflare) is not a wall unless its status or headers say so
    article = "<article" in low or (("og:type" in low or '"@type"' in low) and bool(_ARTICLE.search(low)))
    served = status == 200 and article
    arvan_text = any(w in low for w in _ARVAN_WORDS) or bool(_ARVAN_FA.search(head))
    # the cookie alone only on an almost empty page: a page with content that sets it is still a page
    if (small and arvan_text and not served) or ("__arcsjs" in cookies and len(text) < 2048) or (
            small and "arvancloud" in server and status in (403, 503) and (arvan_text or "arvancloud" in low)):
        return "arvan"
    if (small or status in (403, 503)) and not served and (
            any(w in low for w in _CLOUDFLARE_WORDS) or _CLOUDFLARE_TITLE.search(low)):
        return "cloudflare"
    captcha = any(w in low for w in _CAPTCHA_WORDS) or (
        ("captcha" in low or "کد" in head or "ربات" in head) and bool(_CAPTCHA.search(low)))
    if captcha and (status in DENIED_STATUSES or (small and not article)):
        return "captcha"
    if status == 401 or (small and not article and "password" in low and _PASSWORD_FORM.search(low)
                         and _LOGIN_WORDS.search(low)):
        return "login"
    if status in DENIED_STATUSES or (small and not article and status == 200 and _denied_title(low)):
        return "denied"
    return None


_TITLE = re.compile(r"<title[^>]*>(.*?)</title>|<h1[^>]*>(.*?)</h1>", re.S)


def _denied_title(low: str) -> bool:
    """A 200 page whose title or first heading (in the lower-cased *low*) says access is denied."""
    return any(_DENIED.search(a or b) for a, b in _TITLE.findall(low)[:2])
