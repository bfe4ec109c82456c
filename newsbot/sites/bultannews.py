"""Bultan News (bultannews.com) on the iransamaneh family."""

from newsbot.extract.families.iransamaneh import IRANSAMANEH
from newsbot.extract.spec import SiteProfile

PROFILE = SiteProfile(
    name="bultannews",
    domains=("bultannews.com",),
    family=IRANSAMANEH,
    base_url="https://www.bultannews.com",
)
