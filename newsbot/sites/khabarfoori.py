"""Khabar Foori (khabarfoori.com) on the asam family."""

from newsbot.extract.families.asam import ASAM
from newsbot.extract.spec import SiteProfile

PROFILE = SiteProfile(
    name="khabarfoori",
    domains=("khabarfoori.com",),
    family=ASAM,
    base_url="https://www.khabarfoori.com",
)
