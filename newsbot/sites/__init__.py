"""Site profiles: one module per site, each defining ``PROFILE``.

``SITES`` maps site name → :class:`SiteProfile`; every profile also becomes a
spider (``scrapy list``).  To add a site, add ``newsbot/sites/<name>.py``
with a ``PROFILE`` and a sample article URL in ``tests/test_site_profiles.py``.  Hundreds
more sites are one line each in ``catalogue.tsv`` (``newsbot.sites.catalogue``).
"""

from __future__ import annotations

import importlib
import pkgutil

from newsbot.core.urls import host_in_domains
from newsbot.extract.spec import SiteProfile


def _load() -> dict[str, SiteProfile]:
    sites: dict[str, SiteProfile] = {}
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda i: i.name):
        if info.name == "catalogue":  # the catalogue is data, loaded on its own (newsbot.sites.catalogue)
            continue
        profile = getattr(importlib.import_module(f"{__name__}.{info.name}"), "PROFILE", None)
        if isinstance(profile, SiteProfile):
            if profile.name in sites:
                raise ValueError(f"two site profiles are named {profile.name!r}")
            sites[profile.name] = profile
    return sites


SITES: dict[str, SiteProfile] = _load()


def profile_for_host(host: str) -> SiteProfile | None:
    """The profile whose domains include *host*, if any."""
    for profile in SITES.values():
        if host_in_domains(host, profile.domains):
            return profile
    return None
