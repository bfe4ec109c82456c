"""One spider class per site profile, generated so that ``scrapy list`` shows them."""

from newsbot.sites import SITES
from newsbot.spiders.base import SiteSpider


def _spider_class(profile) -> type[SiteSpider]:
    class_name = "".join(part.capitalize() for part in profile.name.replace("-", "_").split("_"))
    return type(
        f"{class_name}Spider",
        (SiteSpider,),
        {
            "name": profile.name,
            "profile": profile,
            "__module__": __name__,
            "__doc__": f"Live crawl of {profile.base_url} ({profile.family.name} family).",
        },
    )


globals().update((cls.__name__, cls) for cls in map(_spider_class, SITES.values()))
