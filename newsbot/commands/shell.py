"""``scrapy shell`` that may fetch the URL typed on its command line (see :mod:`newsbot.commands._trust`)."""

from scrapy.commands.shell import Command as ScrapyShellCommand

from newsbot.commands._trust import TrustTypedURL


class Command(TrustTypedURL, ScrapyShellCommand):
    pass
