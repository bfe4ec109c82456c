"""A spider for ``scrapy runspider``: ``/`` and ``/p/1`` … ``/p/<pages>`` of every ``-a origins=`` site.

Requests are yielded grouped by site, so the engine hands the downloader
several requests for one domain at once (the case where Scrapy 2.19 ignores
the per-domain limit at ``DOWNLOAD_DELAY=0``).  Used by
tests/test_e2e_concurrency.py with the project's settings.
"""

import scrapy


class InFlightSpider(scrapy.Spider):
    name = "inflight"

    async def start(self):
        for origin in self.origins.split(","):
            for path in ["/"] + [f"/p/{i}" for i in range(1, int(getattr(self, "pages", 5)) + 1)]:
                yield scrapy.Request(f"http://{origin}{path}", callback=self.page)

    def page(self, response):
        pass
