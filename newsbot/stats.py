"""Stats collector whose end-of-run console dump leaves out per-selector counters.

Extraction counts every selector it tries (``parser/<field>/css/<selector>``:
57 of the 156 lines a 9-page replay dumped).  They stay in the stats (the
``NEWSBOT_STATS_DIR`` JSON, ``crawler.stats``); the ``Dumping Scrapy stats``
log line shows the others and one line saying how many were left out.
Prefixes left out: ``NEWSBOT_STATS_DUMP_EXCLUDE`` (default ``["parser/"]``).
"""

from __future__ import annotations

import pprint

from scrapy.statscollectors import MemoryStatsCollector


class NewsStatsCollector(MemoryStatsCollector):
    def __init__(self, crawler):
        super().__init__(crawler)
        self._exclude = tuple(crawler.settings.getlist("NEWSBOT_STATS_DUMP_EXCLUDE", ["parser/"]))

    def __str__(self) -> str:
        stats = self._stats
        shown = {k: v for k, v in stats.items() if not k.startswith(self._exclude)}
        hidden = len(stats) - len(shown)
        if hidden:
            shown[f"(not shown: {'/'.join(self._exclude)}*)"] = f"{hidden} counters, kept in NEWSBOT_STATS_DIR"
        return pprint.pformat(shown)
