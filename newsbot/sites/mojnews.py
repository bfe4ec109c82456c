"""Moj News Agency (mojnews.com) on the asam family."""

from newsbot.extract.families.asam import ASAM
from newsbot.extract.spec import SiteProfile

PROFILE = SiteProfile(
    name="mojnews",
    domains=("mojnews.com",),
    family=ASAM,
    base_url="https://www.mojnews.com",
)
