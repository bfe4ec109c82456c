"""Checks of a site spider's ``-a`` arguments, before the run (``SiteSpider.check_arguments``)."""

from __future__ import annotations

import codecs
from datetime import datetime
from zoneinfo import ZoneInfo

from newsbot.core.dayrange import DayRange
from newsbot.core.urls import host_of
from newsbot.exitcodes import UsageError
from newsbot.extract.spec import SiteProfile
from newsbot.rejects import check_rejects_path, rejects_path

DISCOVERY = ("feeds", "sitemaps", "listings", "archive")


def check_site_arguments(name: str, profile: SiteProfile, known: tuple[str, ...], spargs: dict,
                         settings) -> None:
    """The checks of ``SiteSpider.check_arguments``: unknown option, bad day, discovery,
    page count, encoding, base URL or rejects file → :class:`UsageError`."""
    # names starting with "_" are scrapyd's (``_job``), not the user's
    unknown = sorted(k for k in spargs if k not in known and not k.startswith("_"))
    if unknown:
        raise UsageError(f"{name}: unknown option -a {unknown[0]} (known: {', '.join(known)})")
    since, until = spargs.get("since"), spargs.get("until")
    if since or until:
        try:
            DayRange.parse(since, until, today=datetime.now(ZoneInfo(profile.timezone)).date())
        except ValueError as exc:
            raise UsageError(f"{name}: -a since/until: {exc}") from None
    if spargs.get("discovery") is not None:
        chosen = {d.strip() for d in spargs["discovery"].split(",") if d.strip()}
        wrong = sorted(chosen - set(DISCOVERY))
        if wrong or not chosen:
            raise UsageError(f"{name}: -a discovery={spargs['discovery']}: "
                             f"choose from {', '.join(DISCOVERY)} (comma-separated)")
    pages = str(spargs.get("max_archive_pages", "1"))
    if not (pages.isascii() and pages.isdigit() and int(pages) > 0):
        raise UsageError(f"{name}: -a max_archive_pages={pages}: not a positive whole number")
    if spargs.get("encoding"):
        try:
            codecs.lookup(spargs["encoding"])
        except LookupError:
            raise UsageError(f"{name}: -a encoding={spargs['encoding']}: unknown encoding") from None
    base_url = spargs.get("base_url")
    if base_url is not None and not (base_url.startswith(("http://", "https://")) and host_of(base_url)):
        raise UsageError(f"{name}: -a base_url={base_url}: not an http(s) URL")
    check_rejects_path(rejects_path(settings, spargs))
