"""CMS family specs.  ``FAMILIES`` is ordered by detection priority."""

from newsbot.extract.families.iransamaneh import IRANSAMANEH

FAMILIES = (IRANSAMANEH,)
FAMILIES_BY_NAME = {family.name: family for family in FAMILIES}
