"""Request safety for live crawls: only http(s), only public hosts.

``SafeRequestsMiddleware`` (downloader middleware, so it also sees
redirects) refuses, with ``IgnoreRequest`` and a stat
``newsbot/security/refused/<reason>``:

* schemes other than http and https (``file://``, ``ftp://``, ``data:`` …);
* hosts that are loopback, private, link-local, multicast or reserved IP
  addresses, and ``localhost`` names —

unless the host is the spider's own ``base_url`` host (tests, mirrors on a
private network) or one of its ``operator_hosts`` (sites named with ``-a
url=``/``urls=``/``base_url=`` on the any-site spider).  Domains outside the site are refused by Scrapy's
OffsiteMiddleware (``allowed_domains``).  Host names are not resolved, so a
public name that resolves to a private address (DNS rebinding) is not
caught here: run crawlers where that cannot reach anything sensitive.
"""

from __future__ import annotations

import ipaddress
from urllib.parse import urlsplit

from scrapy.exceptions import IgnoreRequest

from newsbot.core.urls import host_of


def unsafe_reason(url: str, allowed_hosts: set[str]) -> str | None:
    """Why *url* must not be fetched, or ``None`` when it may be."""
    scheme = urlsplit(url).scheme.lower()
    if scheme not in ("http", "https"):
        return f"scheme_{scheme or 'none'}"
    host = host_of(url)
    if host in allowed_hosts:
        return None
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

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def process_request(self, request, spider=None):
        spider = self.crawler.spider
        base_url = getattr(spider, "base_url", None)
        allowed = {host_of(base_url)} if getattr(spider, "rebasing", False) and base_url else set()
        allowed.update(getattr(spider, "operator_hosts", ()))  # hosts named on the command line (any-site spider)
        reason = unsafe_reason(request.url, allowed)
        if reason:
            self.crawler.stats.inc_value(f"newsbot/security/refused/{reason}")
            raise IgnoreRequest(f"refused {reason}: {request.url}")
        return None
