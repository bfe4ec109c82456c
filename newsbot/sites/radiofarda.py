"""Radio Farda (RFE/RL) (radiofarda.com) on the pangea family."""

from newsbot.extract.families.pangea import PANGEA
from newsbot.extract.spec import SiteProfile

PROFILE = SiteProfile(
    name="radiofarda",
    domains=("radiofarda.com",),
    family=PANGEA,
    base_url="https://www.radiofarda.com",
    timezone="Asia/Tehran",
)
