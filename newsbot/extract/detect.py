"""Which site profile fits a page: URL host, canonical URL, CMS markers."""

from __future__ import annotations

import re

from newsbot.core.urls import host_of
from newsbot.extract.families import FAMILIES
from newsbot.extract.spec import SiteProfile
from newsbot.sites import SITES, profile_for_host

_CANONICAL = re.compile(
    r"""<link\b[^>]*?\brel\s*=\s*["']?canonical["']?[^>]*?\bhref\s*=\s*["']([^"'\s>]+)"""
    r"""|<link\b[^>]*?\bhref\s*=\s*["']([^"'\s>]+)["'][^>]*?\brel\s*=\s*["']?canonical"""
    r"""|<meta\b[^>]*?\bproperty\s*=\s*["']og:url["'][^>]*?\bcontent\s*=\s*["']([^"'\s>]+)""",
    re.I,
)
#: How much of a page is scanned for the canonical URL and CMS markers.
HEAD_BYTES = 200_000


class UnknownSiteError(ValueError):
    """No profile or CMS family matches the page."""


def page_url(html: str) -> str | None:
    """The page's own URL from ``link[rel=canonical]`` or ``og:url``."""
    match = _CANONICAL.search(html[:HEAD_BYTES])
    if not match:
        return None
    url = next(g for g in match.groups() if g)
    return url if url.startswith(("http://", "https://")) else None


def generic_profile(family_name: str, url: str) -> SiteProfile:
    """A profile for an unknown domain that runs a known CMS."""
    family = next(f for f in FAMILIES if f.name == family_name)
    host = host_of(url) or "unknown"
    name = re.sub(r"[^a-z0-9]+", "-", host.removeprefix("www.")).strip("-") or "unknown"
    return SiteProfile(name=name, domains=(host,), family=family, base_url=f"https://{host}")


def detect_profile(html: str, url: str | None = None, site: str | None = None) -> SiteProfile:
    """Pick the profile for a page: explicit *site*, then URL host, then CMS markers."""
    if site:
        try:
            return SITES[site]
        except KeyError:
            raise UnknownSiteError(f"unknown site {site!r} (see `scrapy list`)") from None
    for candidate in (url, page_url(html)):
        profile = profile_for_host(host_of(candidate)) if candidate else None
        if profile is not None:
            return profile
    head = html[:HEAD_BYTES]
    for family in FAMILIES:
        if any(marker in head for marker in family.markers):
            return generic_profile(family.name, url or page_url(html) or "")
    raise UnknownSiteError("no site profile or CMS family matches (pass -a site=NAME)")


def detect_text_site(text: str, site: str | None = None) -> SiteProfile:
    """The profile for a plain-text dump: explicit *site* or the site's text markers."""
    if site:
        return detect_profile("", site=site)
    head = text[:5000]
    for profile in SITES.values():
        if any(marker in head for marker in profile.text_markers):
            return profile
    raise UnknownSiteError("text dump names no known site (pass -a site=NAME)")
