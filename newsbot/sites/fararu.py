"""Fararu (fararu.com) on the iransamaneh family."""

from newsbot.extract.families.iransamaneh import IRANSAMANEH
from newsbot.extract.spec import SiteProfile

PROFILE = SiteProfile(
    name="fararu",
    domains=("fararu.com",),
    family=IRANSAMANEH,
    base_url="https://www.fararu.com",
)
