"""Mashregh News (mashreghnews.ir) on the nastooh family."""

from newsbot.extract.families.nastooh import NASTOOH
from newsbot.extract.spec import SiteProfile

PROFILE = SiteProfile(
    name="mashreghnews",
    domains=("mashreghnews.ir",),
    family=NASTOOH,
    base_url="https://www.mashreghnews.ir",
)
