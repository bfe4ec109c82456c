"""Kayhan (kayhan.ir) on the iransamaneh family."""

from newsbot.extract.families.iransamaneh import IRANSAMANEH
from newsbot.extract.spec import SiteProfile

PROFILE = SiteProfile(
    name="kayhan",
    domains=("kayhan.ir",),
    family=IRANSAMANEH,
    base_url="https://www.kayhan.ir",
)
