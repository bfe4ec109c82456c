"""``scrapy parse`` that may fetch the URL typed on its command line (see :mod:`newsbot.commands._trust`).

The typed request also carries ``allow_offsite`` so a site spider can parse
a saved page (``file://``) or a mirror page that is not on its domains.

Scrapy 2.19's own parse callback returns a Deferred, which Scrapy 2.19
itself reports as deprecated (a ScrapyDeprecationWarning on every run);
the callback is wrapped in a coroutine that awaits it.
"""

import functools

from scrapy.commands.parse import Command as ScrapyParseCommand
from scrapy.utils.defer import maybe_deferred_to_future
from twisted.internet.defer import Deferred

from newsbot.commands._trust import TrustTypedURL


def awaiting(callback):
    """*callback* (which returns a Deferred of a list) as an async callback returning the list."""

    @functools.wraps(callback)
    async def wrapper(response, **cb_kwargs):
        result = callback(response, **cb_kwargs)
        if isinstance(result, Deferred):
            result = await maybe_deferred_to_future(result)
        for request_or_item in result or ():
            if getattr(request_or_item, "callback", None) is callback:  # deeper levels (--depth)
                request_or_item.callback = wrapper
        return result

    return wrapper


class Command(TrustTypedURL, ScrapyParseCommand):
    def prepare_request(self, spider, request, opts):
        request = super().prepare_request(spider, request, opts)
        request.callback = awaiting(request.callback)
        request.meta["allow_offsite"] = True  # only the typed URL goes through here
        return request
