"""Per-site state of the any-site spider: profile, where to send requests, learned rules."""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from urllib.parse import urlsplit

from newsbot.core.urls import host_in_domains, host_of
from newsbot.core.urlshapes import ShapeLearner
from newsbot.exitcodes import UsageError
from newsbot.extract.families import GENERIC
from newsbot.extract.spec import FamilySpec, SiteProfile
from newsbot.rejects import check_rejects_path, rejects_path
from newsbot.sites import profile_for_host
from newsbot.sites.catalogue import CATALOGUE, NO_RULE
from newsbot.spiders.base import DISCOVERY

#: Discovery kinds (``-a discovery=``); no CMS archive: an unknown site's archive URLs are not known.
ANYSITE_DISCOVERY = tuple(d for d in DISCOVERY if d != "archive")


def read_urls(path: str) -> list[str]:
    """Site URLs in *path*: one a line, blank lines and ``#`` comments skipped."""
    lines = Path(path).read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.lstrip().startswith("#")]


def check_anysite_arguments(name: str, fixed_site: bool, spargs: dict, settings=None) -> None:
    """:class:`UsageError` for a missing/bad ``url``/``urls``, a bad ``discovery`` or rejects
    file, or an unknown option of spider *name* (*fixed_site*: a catalogue spider, which takes
    ``base_url`` instead); names starting with ``_`` are scrapyd's (``_job``)."""
    allowed = {"discovery", "rejects"} | ({"base_url"} if fixed_site else {"url", "urls"})
    unknown = {k for k in spargs if not k.startswith("_")} - allowed
    if unknown:
        raise UsageError(f"unknown option(s) {sorted(unknown)} for spider {name}; "
                         f"choose from {sorted(allowed)}")
    bad = set((spargs.get("discovery") or "feeds").split(",")) - set(ANYSITE_DISCOVERY) - {""}
    if bad:
        raise UsageError(f"unknown discovery {sorted(bad)} for spider {name}; choose from {ANYSITE_DISCOVERY}")
    if settings is not None:
        check_rejects_path(rejects_path(settings, spargs))
    if fixed_site:
        return
    if bool(spargs.get("url")) == bool(spargs.get("urls")):
        raise UsageError("give one of -a url=https://site or -a urls=FILE (one URL a line)")
    try:
        urls = [spargs["url"]] if spargs.get("url") else read_urls(spargs["urls"])
    except OSError as exc:
        raise UsageError(f"cannot read -a urls={spargs['urls']}: {exc.strerror}") from None
    if not urls:
        raise UsageError(f"-a urls={spargs['urls']} lists no URL")
    for url in urls:
        if urlsplit(url).scheme not in ("http", "https") or not host_of(url):
            raise UsageError(f"not a site URL: {url!r} (want http:// or https://)")


def site_target(url: str) -> tuple[SiteProfile, bool]:
    """``(profile, page_zone)`` for a site URL: the module profile or catalogue entry whose
    domains hold its host, else a generic profile (:func:`unknown_profile`)."""
    host = host_of(url)
    profile = profile_for_host(host)
    if profile is not None:
        return profile, False
    entry = next((e for e in CATALOGUE.values() if host_in_domains(host, e.domains)), None)
    if entry is not None:
        return entry.profile, entry.timezone == "page"
    return unknown_profile(url), False


def unknown_profile(url: str) -> SiteProfile:
    """A generic profile for a site nobody described: named after its host (and port)."""
    netloc = urlsplit(url).netloc.lower()
    name = re.sub(r"[^a-z0-9]+", "-", netloc.removeprefix("www.")).strip("-") or "unknown"
    host = host_of(url)
    domain = host.removeprefix("www.") if host.count(".") >= 2 else host  # www.example.ir: example.ir and its subdomains
    return SiteProfile(name=name, domains=(domain,), family=GENERIC,
                       base_url=url.rstrip("/"), article_path=NO_RULE)


@dataclass
class SiteState:
    """One site of a run.

    ``base_url`` is where the crawl starts (a mirror's when rebasing),
    ``root`` its scheme and host, ``domains`` the hosts whose links are the
    site's; ``learner`` is ``None`` once the site has an article URL rule
    (its family's or the profile's).
    """

    profile: SiteProfile
    base_url: str
    root: str
    netloc: str
    domains: tuple[str, ...]
    rebasing: bool
    page_zone: bool = False
    learner: ShapeLearner | None = None
    sections: int = 0
    shapes: int = 0
    #: listing dates of links waiting for a verdict on their shape
    listed: dict[str, datetime] = field(default_factory=dict)
    #: nobody described the site (no profile, no catalogue entry): its language comes from its pages
    unknown: bool = False

    @classmethod
    def make(cls, profile: SiteProfile, base_url: str, page_zone: bool = False) -> "SiteState":
        base_url = base_url.rstrip("/")
        parts = urlsplit(base_url)
        rebasing = host_of(base_url) not in profile.domains and not any(
            host_of(base_url).endswith("." + d) for d in profile.domains)
        learns = profile.family is GENERIC and profile.article_path == NO_RULE
        return cls(profile=profile, base_url=base_url, root=f"{parts.scheme}://{parts.netloc}",
                   netloc=parts.netloc.lower(), domains=tuple(profile.domains) + (host_of(base_url),),
                   rebasing=rebasing, page_zone=page_zone, learner=ShapeLearner() if learns else None,
                   unknown=learns and profile.language == "fa" and profile.timezone == "Asia/Tehran")

    def use_family(self, family: FamilySpec) -> None:
        """Extract with *family* and recognise articles by its URL rule from now on."""
        self.profile = dataclasses.replace(self.profile, family=family, article_path=None)
        self.learner = None

    def adopt_language(self, lang: str | None) -> None:
        """A Dari homepage (``lang="prs"`` or ``fa-AF``) of an unknown site: items are ``prs``, Kabul time.

        Sites with a profile or catalogue entry keep theirs.
        """
        lang = (lang or "").strip().lower()
        if self.unknown and (lang.startswith("prs") or lang == "fa-af"):
            self.profile = dataclasses.replace(self.profile, language="prs", timezone="Asia/Kabul")
