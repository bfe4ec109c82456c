"""VOA Dari (Afghanistan) (darivoa.com) on the pangea family."""

from newsbot.extract.families.pangea import PANGEA
from newsbot.extract.spec import SiteProfile

PROFILE = SiteProfile(
    name="darivoa",
    domains=("darivoa.com",),
    family=PANGEA,
    base_url="https://www.darivoa.com",
    language="fa-AF",
    timezone="Asia/Kabul",
)
