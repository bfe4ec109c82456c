"""Iranian Students' News Agency (ISNA) (isna.ir) on the isna family."""

from newsbot.extract.families.isna import ISNA
from newsbot.extract.spec import SiteProfile

PROFILE = SiteProfile(
    name="isna",
    domains=("isna.ir",),
    family=ISNA,
    base_url="https://www.isna.ir",
)
