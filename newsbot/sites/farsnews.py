"""Fars News Agency (farsnews.ir) on the fars family."""

from newsbot.extract.families.fars import FARS
from newsbot.extract.spec import SiteProfile

PROFILE = SiteProfile(
    name="farsnews",
    domains=("farsnews.ir",),
    family=FARS,
    base_url="https://www.farsnews.ir",
)
