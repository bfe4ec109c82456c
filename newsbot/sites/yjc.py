"""Young Journalists Club (YJC) (yjc.ir) on the iransamaneh family."""

from newsbot.extract.families.iransamaneh import IRANSAMANEH
from newsbot.extract.spec import SiteProfile

PROFILE = SiteProfile(
    name="yjc",
    domains=("yjc.ir",),
    family=IRANSAMANEH,
    base_url="https://www.yjc.ir",
)
