"""One spider class per site profile, generated so that ``scrapy list`` shows them."""

from newsbot.sites import SITES
from newsbot.spiders.base import SiteSpider


def spider_class(base: type, name: str, prefix: str, doc: str, *, module: str = __name__, **attrs) -> type:
    """A spider class ``<prefix><Name>Spider`` on *base*, named *name* (for ``scrapy list``),
    with *attrs* (its ``profile`` or catalogue ``entry``), defined in *module*."""
    class_name = "".join(part.capitalize() for part in name.replace("-", "_").split("_"))
    return type(f"{prefix}{class_name}Spider", (base,),
                {"name": name, "__module__": module, "__doc__": doc, **attrs})


globals().update(
    (cls.__name__, cls) for cls in (
        spider_class(SiteSpider, profile.name, "", f"Live crawl of {profile.base_url} ({profile.family.name} family).",
                     profile=profile)
        for profile in SITES.values()))
