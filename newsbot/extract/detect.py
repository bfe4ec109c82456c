"""Which site profile fits a page: URL host, canonical URL, CMS markers."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from newsbot.core.urls import host_of
from newsbot.extract.families import FAMILIES, FAMILIES_BY_NAME
from newsbot.extract.spec import SiteProfile
from newsbot.sites import SITES, profile_for_host

_CANONICAL = re.compile(
    r"""<link\b[^>]*?\brel\s*=\s*["']?canonical["']?[^>]*?\bhref\s*=\s*["']([^"'\s>]+)"""
    r"""|<link\b[^>]*?\bhref\s*=\s*["']([^"'\s>]+)["'][^>]*?\brel\s*=\s*["']?canonical"""
    r"""|<meta\b[^>]*?\bproperty\s*=\s*["']og:url["'][^>]*?\bcontent\s*=\s*["']([^"'\s>]+)""",
    re.I,
)
_LINK_OR_META = re.compile(r"<(?:link|meta)\b[^>]*", re.I)
#: How much of a page is scanned for the canonical URL and CMS markers.
HEAD_BYTES = 200_000


class UnknownSiteError(ValueError):
    """No profile or CMS family matches the page."""


def page_url(html: str) -> str | None:
    """The page's own URL from ``link[rel=canonical]`` or ``og:url``.

    May be site-relative (``/fa/news/…``, as on Tasnim); resolve it against
    the site's base URL.
    """
    # Tag by tag (the first <link>/<meta> that matches wins, as a search of the
    # whole pattern would find it), and the pattern only on tags naming
    # "canonical" or "og:url": ~10x faster than searching the page with it.
    for tag in _LINK_OR_META.finditer(html, 0, HEAD_BYTES):
        text = tag.group()
        lowered = text.lower()
        if "canonical" not in lowered and "og:url" not in lowered:
            continue
        match = _CANONICAL.match(text)
        if match:
            url = next(g for g in match.groups() if g)
            return url if url.startswith(("http://", "https://", "/")) and usable_url(url) else None
    return None


def usable_url(url: str) -> bool:
    """False for a URL the URL library rejects (port over 65535, broken IPv6 bracket)."""
    try:
        urlsplit(url).port
    except ValueError:
        return False
    return True


_NUMERIC_REF = re.compile(r"&#(?:[xX]([0-9a-fA-F]{1,6})|([0-9]{1,7}));")


def _char(match: re.Match[str]) -> str:
    code = int(match.group(1), 16) if match.group(1) else int(match.group(2))
    return chr(code) if 0 < code < 0x110000 and not 0xD800 <= code < 0xE000 else "\ufffd"


def decode_char_refs(text: str) -> str:
    """*text* with numeric character references (``&#x6A9;``, ``&#1705;``) as characters,
    so markers and labels are found in pages that spell all their Persian text so."""
    return _NUMERIC_REF.sub(_char, text) if "&#" in text else text


# Finds the hosts of ``//host`` and ``http(s)://host`` alike (an optional
# ``https?:`` before ``//`` would only widen the match to the left, and costs
# the search its literal ``//`` prefix: 25× slower).
_HOST_MENTION = re.compile(r"//(?:www\.)?([a-z0-9][a-z0-9.-]*\.[a-z]{2,})", re.I)


def profile_by_mentions(html: str) -> SiteProfile | None:
    """The known site whose host the page links to most (pages without a canonical URL)."""
    counts: dict[str, int] = {}
    for host in _HOST_MENTION.findall(html, 0, HEAD_BYTES):
        counts[host.lower()] = counts.get(host.lower(), 0) + 1
    for host, _count in sorted(counts.items(), key=lambda kv: -kv[1]):
        profile = profile_for_host(host)
        if profile is not None:
            return profile
    return None


def generic_profile(family_name: str, url: str) -> SiteProfile:
    """A profile for an unknown domain that runs a known CMS."""
    family = FAMILIES_BY_NAME[family_name]
    host = host_of(url) or "unknown"
    name = re.sub(r"[^a-z0-9]+", "-", host.removeprefix("www.")).strip("-") or "unknown"
    return SiteProfile(name=name, domains=(host,), family=family, base_url=f"https://{host}")


def detect_profile(html: str, url: str | None = None, site: str | None = None,
                   canonical: str | None = None) -> SiteProfile:
    """Pick the profile for a page: explicit *site*, then URL host, then CMS markers.

    *canonical* is ``page_url(html)`` when the caller already has it.
    """
    if site:
        try:
            return SITES[site]
        except KeyError:
            raise UnknownSiteError(f"unknown site {site!r} (see `scrapy list`)") from None
    canonical = page_url(html) if canonical is None else canonical
    for candidate in (url, canonical):
        usable = candidate and "//" in candidate and usable_url(candidate)
        profile = profile_for_host(host_of(candidate)) if usable else None
        if profile is not None:
            return profile
    head = html[:HEAD_BYTES]
    profile = _by_markers(head, html, url or canonical or "")
    if profile is None and "&#" in head:
        # a page spelling its text in numeric character references («&#x6A9;&#x62F;»):
        # markers and labels are looked for in the decoded text (only then: it costs a scan)
        profile = _by_markers(decode_char_refs(head), html, url or canonical or "")
    if profile is None:
        raise UnknownSiteError("no site profile or CMS family matches and the page does not look "
                               "like an article (pass -a site=NAME)")
    return profile


def _by_markers(head: str, html: str, url: str) -> SiteProfile | None:
    def has_markers(family_name: str) -> bool:
        return any(any(marker in head for marker in f.markers) for f in FAMILIES if f.name == family_name)

    # The most-linked known site, when its CMS's markers are in the page;
    # else the first family whose markers are (each marker is a scan of the head).
    mentioned = profile_by_mentions(html)
    if mentioned is not None and has_markers(mentioned.family.name):
        return mentioned
    for family in FAMILIES:
        if any(marker in head for marker in family.markers):
            return generic_profile(family.name, url)
    if looks_like_article(head):
        return generic_profile("generic", url)
    return None


_ARTICLE_HINTS = re.compile(
    r"""og:type["']?\s+content=["']article|content=["']article["']\s+property=["']og:type"""
    r"""|"@type"\s*:\s*"(?:News)?Article"|articleBody|article:published_time""",
    re.I,
)
#: A news code under its usual labels («کد خبر», «شناسه خبر», «کد مطلب»; Arabic ي/ك too),
#: given in the text or in a form field (``<input value=…>``, ASP.NET news agencies).
_NEWS_CODE = re.compile(
    r"(?:[کك]د|شناسه)\s*(?:خبر|مطلب)\s*[:：]?(?:\s|&nbsp;|<[^<>]{0,300}?>)*?"
    r"(?:<input\b[^<>]{0,300}?\bvalue\s*=\s*[\"']?)?[0-9۰-۹٠-٩]{3,}"
)
_HEADLINE = re.compile(r"<h1\b", re.I)


def looks_like_article(head: str) -> bool:
    """OpenGraph type article, a JSON-LD article or article:* meta in the page; or,
    without those, strong evidence of a news article: a news code under its usual
    label and a headline (``<h1>``)."""
    if _ARTICLE_HINTS.search(head):
        return True
    return bool(_NEWS_CODE.search(head) and _HEADLINE.search(head))


def detect_text_site(text: str, site: str | None = None) -> SiteProfile:
    """The profile for a plain-text dump: explicit *site* or the site's text markers."""
    if site:
        return detect_profile("", site=site)
    head = text[:5000]
    for profile in SITES.values():
        if any(marker in head for marker in profile.text_markers):
            return profile
    raise UnknownSiteError("text dump names no known site (pass -a site=NAME)")
