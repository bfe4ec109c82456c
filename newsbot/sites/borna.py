"""Borna News (borna.news) on the iransamaneh family."""

from newsbot.extract.families.iransamaneh import IRANSAMANEH
from newsbot.extract.spec import SiteProfile

PROFILE = SiteProfile(
    name="borna",
    domains=("borna.news",),
    family=IRANSAMANEH,
    base_url="https://www.borna.news",
)
