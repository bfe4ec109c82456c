"""Islamic Republic News Agency (IRNA) (irna.ir) on the nastooh family."""

from newsbot.extract.families.nastooh import NASTOOH
from newsbot.extract.spec import SiteProfile

PROFILE = SiteProfile(
    name="irna",
    domains=("irna.ir",),
    family=NASTOOH,
    base_url="https://www.irna.ir",
)
