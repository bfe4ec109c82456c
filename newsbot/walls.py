"""Scrapy glue of :mod:`newsbot.core.walls`: a wall is never an article.

``WallMiddleware`` (downloader middleware, after Retry/Retry-After so a
transient 429/503 is retried first) looks at every response; a wall is
dropped with ``IgnoreRequest``, so it never reaches a spider callback,
never becomes an item and is never recorded in the seen-store (the
article is tried again next run).  :func:`record_wall` does the
bookkeeping; :func:`check_response` (detect + record) is the one function
other paths (replay, archive) call on a response they built:

* stats ``newsbot/wall/<kind>`` (all sites) and
  ``newsbot/wall_site/<site>/<kind>`` (per site);
* one warning per site per run (later walls of that site: debug lines).

The run summary prints "N pages behind a wall" (``newsbot.extensions``).
"""

from __future__ import annotations

import logging

from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response, TextResponse

from newsbot.core.urls import host_of
from newsbot.core.walls import detect_wall
from newsbot.state.middleware import META_KEYS

logger = logging.getLogger(__name__)
STAT_PREFIX = "newsbot/wall/"
STAT_SITE_PREFIX = "newsbot/wall_site/"


def response_wall(response: Response) -> str | None:
    """The wall kind of a Scrapy response, or ``None`` (see :func:`newsbot.core.walls.detect_wall`)."""
    if isinstance(response, TextResponse):
        text = response.text
    else:  # walls are HTML; a binary answer is checked on its status and headers only
        text = response.body[:65_536].decode("utf-8", "replace") if b"<html" in response.body[:2048].lower() else ""
    return detect_wall(response.status, response.headers, text)


def record_wall(crawler, site: str, kind: str, url: str, *, saved: bool = False) -> None:
    """Count a wall of *kind* met at *url* of *site*; warn once per site per run.

    *saved*: the wall is a saved page (replay, archive), not a live answer."""
    stats = crawler.stats
    stats.inc_value(STAT_PREFIX + kind)
    stats.inc_value(f"{STAT_SITE_PREFIX}{site}/{kind}")
    warned = _warned(crawler)
    if site in warned:
        logger.debug("%s: %s wall at %s", site, kind, url)
        return
    warned.add(site)
    then = "rejected (a saved wall, not the article)" if saved else "skipped and tried again next run"
    logger.warning("%s: %s wall at %s; the page is %s (see README, 'Walls'); further walls of this "
                   "site are counted, not logged", site, kind, url, then)


def check_response(crawler, response: Response, site: str | None = None) -> str | None:
    """The wall kind of *response*, counted and warned about (see :func:`record_wall`), or ``None``.

    The one call for paths that build responses themselves (replay,
    archive): call it before extraction and, on a kind, skip the page (no
    item, nothing recorded as seen).  *site* defaults to the URL's host.
    """
    kind = response_wall(response)
    if kind is not None:
        record_wall(crawler, site or host_of(response.url), kind, response.url)
    return kind


def _warned(crawler) -> set[str]:
    warned = getattr(crawler, "_newsbot_walls_warned", None)
    if warned is None:
        warned = set()
        crawler._newsbot_walls_warned = warned
    return warned


def site_of(request, spider=None) -> str:
    """The site name a request belongs to: its seen-store site, the spider's
    ``site_name_for(url)`` or site profile, else its host."""
    keys = request.meta.get(META_KEYS)
    if keys:
        return keys[0]
    name_for = getattr(spider, "site_name_for", None)
    name = name_for(request.url) if name_for else getattr(getattr(spider, "profile", None), "name", None)
    return name or host_of(request.url)


class WallMiddleware:
    """Downloader middleware: drops walls before any spider sees them."""

    def __init__(self, crawler):
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def process_response(self, request, response, spider=None):
        kind = check_response(self.crawler, response, site_of(request, self.crawler.spider))
        if kind is None:
            return response
        # plain IgnoreRequest: Scrapy drops it quietly (RobotsTxtMiddleware logs any subclass as an error)
        raise IgnoreRequest(f"{kind} wall at {response.url}")
