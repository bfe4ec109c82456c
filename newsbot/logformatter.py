"""Log lines for dropped items that name the reason, not the whole article."""

from __future__ import annotations

from scrapy.logformatter import LogFormatter


class NewsLogFormatter(LogFormatter):
    """``Dropped: <reason>`` on one line (Scrapy's default dumps the full item)."""

    def dropped(self, item, exception, response, spider):
        result = super().dropped(item, exception, response, spider)
        result["msg"] = "Dropped: %(exception)s"
        return result
