"""``scrapy parse`` that may fetch the URL typed on its command line (see :mod:`newsbot.commands._trust`)."""

from scrapy.commands.parse import Command as ScrapyParseCommand

from newsbot.commands._trust import TrustTypedURL


class Command(TrustTypedURL, ScrapyParseCommand):
    pass
