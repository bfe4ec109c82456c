"""Aftab News (aftabnews.ir) on the iransamaneh family."""

from newsbot.extract.families.iransamaneh import IRANSAMANEH
from newsbot.extract.spec import SiteProfile

PROFILE = SiteProfile(
    name="aftabnews",
    domains=("aftabnews.ir",),
    family=IRANSAMANEH,
    base_url="https://www.aftabnews.ir",
)
