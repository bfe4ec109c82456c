"""Iran Metropolises News Agency (IMNA) (imna.ir) on the nastooh family."""

from newsbot.extract.families.nastooh import NASTOOH
from newsbot.extract.spec import SiteProfile

PROFILE = SiteProfile(
    name="imna",
    domains=("imna.ir",),
    family=NASTOOH,
    base_url="https://www.imna.ir",
)
