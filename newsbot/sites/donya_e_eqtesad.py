"""Donya-e-Eqtesad (donya-e-eqtesad.com) on the asam family."""

from newsbot.extract.families.asam import ASAM
from newsbot.extract.spec import SiteProfile

PROFILE = SiteProfile(
    name="donya-e-eqtesad",
    domains=("donya-e-eqtesad.com",),
    family=ASAM,
    base_url="https://www.donya-e-eqtesad.com",
)
