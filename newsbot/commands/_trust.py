"""Trust the URL typed on the command line of ``scrapy shell``/``fetch``/``parse``.

The request-safety middleware (:mod:`newsbot.security`) refuses ``file://``
URLs and loopback/private hosts found by a crawl.  A URL the user typed is
not server-controlled, so these commands add its origin (``host:port``, or
the exact ``file://`` URL of a saved page) to ``NEWSBOT_TRUSTED_ORIGINS``.
Redirects or links to any other private origin are still refused, with one
log line saying why.
"""

from __future__ import annotations

from scrapy import Request
from scrapy.utils.url import guess_scheme

from newsbot.security import origin_of


def trust_url(settings, typed: str | None) -> None:
    """Add the origin of *typed* (a URL or a file path) to ``NEWSBOT_TRUSTED_ORIGINS``."""
    if not typed:
        return
    try:
        origin = origin_of(Request(guess_scheme(typed)).url)
    except ValueError:
        return  # not a URL: the command itself reports it
    trusted = settings.getlist("NEWSBOT_TRUSTED_ORIGINS")
    settings.set("NEWSBOT_TRUSTED_ORIGINS", [*trusted, origin], priority="cmdline")


class TrustTypedURL:
    """Mixin for a Scrapy command whose first argument is a URL (or, for shell, a file)."""

    def process_options(self, args, opts) -> None:
        super().process_options(args, opts)
        trust_url(self.settings, args[0] if args else None)
