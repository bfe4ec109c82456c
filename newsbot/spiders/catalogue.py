"""One spider per catalogue entry (``newsbot/sites/catalogue.tsv``), generated so ``scrapy list`` shows them.

Each is the any-site spider fixed to its site: family rules when the entry
names a family, learned article links when it is ``generic``.
"""

from newsbot.sites.catalogue import CATALOGUE
from newsbot.spiders.anysite import AnySiteSpider
from newsbot.spiders.sites import spider_class

globals().update(
    (cls.__name__, cls) for cls in (
        spider_class(AnySiteSpider, entry.name, "Catalogue",
                     f"Live crawl of {entry.base_url} ({entry.family}; catalogue, {entry.verified}).",
                     entry=entry, module=__name__)
        for entry in CATALOGUE.values()))
