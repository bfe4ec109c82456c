"""Per-site state of the any-site spider: profile, where to send requests, learned rules."""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from newsbot.core.urls import host_in_domains, host_of
from newsbot.core.urlshapes import ShapeLearner
from newsbot.extract.families import GENERIC
from newsbot.extract.spec import FamilySpec, SiteProfile
from newsbot.sites import profile_for_host
from newsbot.sites.catalogue import CATALOGUE, NO_RULE


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
