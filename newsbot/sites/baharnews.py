"""Bahar News (baharnews.ir) on the studiokhabar family."""

from newsbot.extract.families.studiokhabar import STUDIOKHABAR
from newsbot.extract.spec import SiteProfile

PROFILE = SiteProfile(
    name="baharnews",
    domains=("baharnews.ir",),
    family=STUDIOKHABAR,
    base_url="https://www.baharnews.ir",
)
