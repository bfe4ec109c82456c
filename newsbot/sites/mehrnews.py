"""Mehr News Agency (mehrnews.com) on the nastooh family."""

from newsbot.extract.families.nastooh import NASTOOH
from newsbot.extract.spec import SiteProfile

PROFILE = SiteProfile(
    name="mehrnews",
    domains=("mehrnews.com",),
    family=NASTOOH,
    base_url="https://www.mehrnews.com",
)
