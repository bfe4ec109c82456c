"""Jam-e Jam Online (jamejamonline.ir) on the iransamaneh family."""

from newsbot.extract.families.iransamaneh import IRANSAMANEH
from newsbot.extract.spec import SiteProfile

PROFILE = SiteProfile(
    name="jamejamonline",
    domains=("jamejamonline.ir",),
    family=IRANSAMANEH,
    base_url="https://www.jamejamonline.ir",
)
