"""Khabar Online (khabaronline.ir) on the nastooh family."""

from newsbot.extract.families.nastooh import NASTOOH
from newsbot.extract.spec import SiteProfile

PROFILE = SiteProfile(
    name="khabaronline",
    domains=("khabaronline.ir",),
    family=NASTOOH,
    base_url="https://www.khabaronline.ir",
)
