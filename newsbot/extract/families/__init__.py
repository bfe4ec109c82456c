"""CMS family specs.  ``FAMILIES`` is ordered by detection priority:
the most specific markers first."""

from newsbot.extract.families.asam import ASAM
from newsbot.extract.families.fars import FARS
from newsbot.extract.families.generic import GENERIC
from newsbot.extract.families.irandrupal import IRANDRUPAL
from newsbot.extract.families.iransamaneh import IRANSAMANEH
from newsbot.extract.families.isna import ISNA
from newsbot.extract.families.nastooh import NASTOOH
from newsbot.extract.families.pangea import PANGEA
from newsbot.extract.families.studiokhabar import STUDIOKHABAR
from newsbot.extract.families.varzesh3 import VARZESH3

FAMILIES = (IRANSAMANEH, STUDIOKHABAR, ISNA, NASTOOH, VARZESH3, PANGEA, FARS, ASAM, IRANDRUPAL)
#: Every family by name, the generic fallback included (it has no markers).
FAMILIES_BY_NAME = {family.name: family for family in (*FAMILIES, GENERIC)}
