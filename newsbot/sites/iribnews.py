"""IRIB News (iribnews.ir) on the iransamaneh family."""

from newsbot.extract.families.iransamaneh import IRANSAMANEH
from newsbot.extract.spec import SiteProfile

PROFILE = SiteProfile(
    name="iribnews",
    domains=("iribnews.ir",),
    family=IRANSAMANEH,
    base_url="https://www.iribnews.ir",
)
