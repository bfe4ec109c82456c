"""Tabnak (tabnak.ir) on the iransamaneh family."""

from newsbot.extract.families.iransamaneh import IRANSAMANEH
from newsbot.extract.spec import SiteProfile

PROFILE = SiteProfile(
    name="tabnak",
    domains=("tabnak.ir",),
    family=IRANSAMANEH,
    base_url="https://www.tabnak.ir",
)
