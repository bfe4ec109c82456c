"""Raja News (rajanews.com) on the irandrupal family."""

from newsbot.extract.families.irandrupal import IRANDRUPAL
from newsbot.extract.spec import SiteProfile

PROFILE = SiteProfile(
    name="rajanews",
    domains=("rajanews.com",),
    family=IRANDRUPAL,
    base_url="https://www.rajanews.com",
)
