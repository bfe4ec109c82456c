"""One spider per catalogue entry (``newsbot/sites/catalogue.tsv``), generated so ``scrapy list`` shows them.

Each is the any-site spider fixed to its site: family rules when the entry
names a family, learned article links when it is ``generic``.
"""

from newsbot.sites.catalogue import CATALOGUE, CatalogueEntry
from newsbot.spiders.anysite import AnySiteSpider


def _spider_class(entry: CatalogueEntry) -> type[AnySiteSpider]:
    class_name = "".join(part.capitalize() for part in entry.name.replace("-", "_").split("_"))
    return type(
        f"Catalogue{class_name}Spider",
        (AnySiteSpider,),
        {
            "name": entry.name,
            "entry": entry,
            "__module__": __name__,
            "__doc__": f"Live crawl of {entry.base_url} ({entry.family}; catalogue, {entry.verified}).",
        },
    )


globals().update((cls.__name__, cls) for cls in map(_spider_class, CATALOGUE.values()))
