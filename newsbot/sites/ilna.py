"""Iranian Labour News Agency (ILNA) (ilna.ir) on the asam family."""

from newsbot.extract.families.asam import ASAM
from newsbot.extract.spec import SiteProfile

PROFILE = SiteProfile(
    name="ilna",
    domains=("ilna.ir",),
    family=ASAM,
    base_url="https://www.ilna.ir",
)
