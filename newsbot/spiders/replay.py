"""``scrapy crawl replay -a path=PATH``: re-extract saved pages offline."""

from __future__ import annotations

import json
import logging
from typing import Any

import scrapy

from newsbot.extract.replay import ReplayError, extract_file, iter_replay_files

logger = logging.getLogger(__name__)


class ReplaySpider(scrapy.Spider):
    """Replays saved pages through the same extraction and pipelines.

    Arguments: ``path`` (file or directory, recursive), ``site`` (profile
    name when the page cannot tell), ``url`` (the page's URL when it has no
    canonical link), ``rejects`` (JSON Lines file listing files that could
    not be used, with the reason).  No network request is made.
    """

    name = "replay"
    custom_settings = {"ROBOTSTXT_OBEY": False, "NEWSBOT_SEEN_ENABLED": False}

    def __init__(self, path: str | None = None, site: str | None = None, url: str | None = None,
                 rejects: str | None = None, **kwargs: Any):
        super().__init__(**kwargs)
        if not path:
            raise ValueError("replay needs -a path=FILE_OR_DIRECTORY")
        self.path, self.site, self.page_url, self.rejects = path, site, url, rejects

    async def start(self):
        stats = self.crawler.stats
        for file in iter_replay_files(self.path):
            stats.inc_value("newsbot/replay/files")
            try:
                item = extract_file(file, site=self.site, url=self.page_url, stats=stats)
            except ReplayError as exc:
                self.reject(file, exc.reason, str(exc))
                continue
            except Exception as exc:  # a parser bug must not stop the run
                logger.exception("replay: %s: extraction failed", file)
                self.reject(file, "extraction_error", f"{type(exc).__name__}: {exc}")
                continue
            yield item

    def reject(self, file, reason: str, message: str) -> None:
        logger.warning("replay: rejected %s: %s", file, message)
        self.crawler.stats.inc_value(f"newsbot/replay/rejected/{reason}")
        if self.rejects:
            with open(self.rejects, "a", encoding="utf-8") as handle:
                handle.write(json.dumps({"path": str(file), "reason": reason, "message": message},
                                        ensure_ascii=False) + "\n")
