"""Mizan Online (mizanonline.ir) on the iransamaneh family."""

from newsbot.extract.families.iransamaneh import IRANSAMANEH
from newsbot.extract.spec import SiteProfile

PROFILE = SiteProfile(
    name="mizanonline",
    domains=("mizanonline.ir",),
    family=IRANSAMANEH,
    base_url="https://www.mizanonline.ir",
)
