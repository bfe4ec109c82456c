"""Request safety for live crawls: only http(s), only public hosts.

``SafeRequestsMiddleware`` (downloader middleware, so it also sees
redirects) refuses, with ``IgnoreRequest``, a stat
``newsbot/security/refused/<reason>`` and one WARNING line per reason and
host (later ones at DEBUG):

* schemes other than http and https (``file://``, ``ftp://``, ``data:`` …);
* hosts that are loopback, private, link-local, multicast or reserved IP
  addresses, and ``localhost`` names;
* URLs that cannot be split (broken IPv6 bracket, port over 65535): ``bad_url`` —

unless the request goes to a *trusted origin*: the spider's own
``base_url`` host **and port** (``-a base_url=``: tests, mirrors on a
private network; another port of the same host is refused), the sites
named on the any-site spider's command line (``-a url=``/``urls=``/
``base_url=``: its ``operator_origins``), or the URL typed on the command
line of ``scrapy shell``/``fetch``/``parse`` (``NEWSBOT_TRUSTED_ORIGINS``,
set by :mod:`newsbot.commands`; for a saved page that is exactly that
``file://`` URL).  Domains outside the site are refused by Scrapy's
OffsiteMiddleware (``allowed_domains``).  Host names are not resolved, so a
public name that resolves to a private address (DNS rebinding) is not
caught here: run crawlers where that cannot reach anything sensitive.
"""

from __future__ import annotations

import ipaddress
import logging
from urllib.parse import urlsplit

from scrapy.exceptions import IgnoreRequest

logger = logging.getLogger(__name__)
DEFAULT_PORTS = {"http": 80, "https": 443}
HINTS = {
    "scheme_file": "saved pages: 'scrapy shell FILE' / 'scrapy fetch|parse file:///…' or 'scrapy crawl replay'",
    "loopback": "only the spider's -a base_url host:port or the URL given to scrapy shell/fetch/parse",
    "private_address": "only the spider's -a base_url host:port or the URL given to scrapy shell/fetch/parse",
}


def origin_of(url: str) -> str:
    """``host:port`` of an http(s) URL (default port filled in), the URL itself for others.

    Raises ``ValueError`` for a URL that cannot be split (broken IPv6
    bracket, port out of range).
    """
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme not in DEFAULT_PORTS:
        return url
    host = (parts.hostname or "").lower()
    if ":" in host:
        host = f"[{host}]"
    return f"{host}:{parts.port or DEFAULT_PORTS[scheme]}"


def unsafe_reason(url: str, trusted: set[str]) -> str | None:
    """Why *url* must not be fetched, or ``None`` when it may be.

    *trusted* holds origins as made by :func:`origin_of` (``"127.0.0.1:8080"``,
    or a whole ``file://`` URL).
    """
    try:
        scheme = urlsplit(url).scheme.lower()
        origin = origin_of(url)
    except ValueError:
        return "bad_url"
    if origin in trusted:
        return None
    if scheme not in DEFAULT_PORTS:
        return f"scheme_{scheme or 'none'}"
    host = origin.rsplit(":", 1)[0]
    if host == "localhost" or host.endswith(".localhost"):
        return "loopback"
    try:
        address = ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return None
    if address.is_loopback:
        return "loopback"
    if address.is_private or address.is_link_local or address.is_multicast or address.is_reserved \
            or address.is_unspecified:
        return "private_address"
    return None


class SafeRequestsMiddleware:
    def __init__(self, crawler):
        self.crawler = crawler
        self.warned: set[tuple[str, str]] = set()

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def trusted_origins(self) -> set[str]:
        trusted = set(self.crawler.settings.getlist("NEWSBOT_TRUSTED_ORIGINS"))
        spider = self.crawler.spider
        base_url = getattr(spider, "base_url", None)
        if getattr(spider, "rebasing", False) and base_url:
            try:
                trusted.add(origin_of(base_url))
            except ValueError:
                pass
        trusted.update(getattr(spider, "operator_origins", ()))  # any-site spider: sites it was given
        return trusted

    def process_request(self, request, spider=None):
        reason = unsafe_reason(request.url, self.trusted_origins())
        if reason:
            self.crawler.stats.inc_value(f"newsbot/security/refused/{reason}")
            try:
                where = origin_of(request.url) if reason != "scheme_file" else "file"
            except ValueError:
                where = "bad_url"
            level = logging.DEBUG if (reason, where) in self.warned else logging.WARNING
            self.warned.add((reason, where))
            hint = HINTS.get(reason)
            logger.log(level, "refused %s (%s)%s", request.url[:200], reason,
                       f"; allowed here: {hint}" if hint else "")
            raise IgnoreRequest(f"refused {reason}: {request.url}")
        return None
