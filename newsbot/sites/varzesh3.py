"""Varzesh3 (sports) (varzesh3.com) on the varzesh3 family."""

from newsbot.extract.families.varzesh3 import VARZESH3
from newsbot.extract.spec import SiteProfile

PROFILE = SiteProfile(
    name="varzesh3",
    domains=("varzesh3.com",),
    family=VARZESH3,
    base_url="https://www.varzesh3.com",
)
