"""Jahan News (jahannews.com) on the studiokhabar family."""

from newsbot.extract.families.studiokhabar import STUDIOKHABAR
from newsbot.extract.spec import SiteProfile

PROFILE = SiteProfile(
    name="jahannews",
    domains=("jahannews.com",),
    family=STUDIOKHABAR,
    base_url="https://www.jahannews.com",
)
