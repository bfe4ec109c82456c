"""``scrapy fetch`` that may fetch the URL typed on its command line (see :mod:`newsbot.commands._trust`)."""

from scrapy.commands.fetch import Command as ScrapyFetchCommand

from newsbot.commands._trust import TrustTypedURL


class Command(TrustTypedURL, ScrapyFetchCommand):
    pass
