"""Tasnim News Agency (tasnimnews.com) on the asam family."""

from newsbot.extract.families.asam import ASAM
from newsbot.extract.spec import SiteProfile

PROFILE = SiteProfile(
    name="tasnimnews",
    domains=("tasnimnews.com",),
    family=ASAM,
    base_url="https://www.tasnimnews.com",
)
