"""Hamshahri Online (hamshahrionline.ir) on the nastooh family."""

from newsbot.extract.families.nastooh import NASTOOH
from newsbot.extract.spec import SiteProfile

PROFILE = SiteProfile(
    name="hamshahrionline",
    domains=("hamshahrionline.ir",),
    family=NASTOOH,
    base_url="https://www.hamshahrionline.ir",
)
