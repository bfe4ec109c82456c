"""Asr Iran (asriran.com) on the iransamaneh family."""

from newsbot.extract.families.iransamaneh import IRANSAMANEH
from newsbot.extract.spec import SiteProfile

PROFILE = SiteProfile(
    name="asriran",
    domains=("asriran.com",),
    family=IRANSAMANEH,
    base_url="https://www.asriran.com",
)
