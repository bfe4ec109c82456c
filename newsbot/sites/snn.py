"""Student News Network (SNN) (snn.ir) on the iransamaneh family."""

from newsbot.extract.families.iransamaneh import IRANSAMANEH
from newsbot.extract.spec import SiteProfile

PROFILE = SiteProfile(
    name="snn",
    domains=("snn.ir",),
    family=IRANSAMANEH,
    base_url="https://www.snn.ir",
)
