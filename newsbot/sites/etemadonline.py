"""Etemad Online (etemadonline.com) on the asam family."""

from newsbot.extract.families.asam import ASAM
from newsbot.extract.spec import SiteProfile

PROFILE = SiteProfile(
    name="etemadonline",
    domains=("etemadonline.com",),
    family=ASAM,
    base_url="https://www.etemadonline.com",
)
