"""``scrapy crawl`` whose exit status tells the truth (see :mod:`newsbot.exitcodes`).

Before the crawler starts, the spider class's ``check_arguments(spargs,
settings)`` (if it has one) may raise :class:`newsbot.exitcodes.UsageError`:
one line on stderr, exit status 2, nothing crawled.  The same for a site
whose state is locked by another run or a seen-store that cannot be read
(:func:`newsbot.state.guard.prepare_run`).  After the run the
status is the highest one components asked for with ``request_exit``, or
1 if Scrapy could not start the crawler.
"""

from __future__ import annotations

import sys

from scrapy.commands.crawl import Command as ScrapyCrawlCommand
from scrapy.exceptions import UsageError as ScrapyUsageError
from scrapy.spiderloader import get_spider_loader

from newsbot.exitcodes import EXIT_FAILED, EXIT_USAGE, STAT_EXIT_CODE, UsageError
from newsbot.state.guard import prepare_run


class Command(ScrapyCrawlCommand):
    def process_options(self, args, opts) -> None:
        """Check the spider name and its ``-a`` arguments, take the site's lock
        and check the seen-store here, before Scrapy builds the crawler process
        (which logs its banner), so that bad usage or a busy site prints
        exactly one line on stderr."""
        super().process_options(args, opts)
        if len(args) != 1:
            return  # run() reports it
        try:
            spidercls = get_spider_loader(self.settings).load(args[0])
        except KeyError:
            print(f"newsbot: unknown spider {args[0]!r} (see 'scrapy list')", file=sys.stderr)
            sys.exit(EXIT_USAGE)
        check = getattr(spidercls, "check_arguments", None)
        try:
            if check is not None:
                check(dict(opts.spargs), self.settings)
            self.lock = prepare_run(spidercls, self.settings)  # per-site lock, usable seen-store
        except UsageError as exc:
            print(f"newsbot: {exc}", file=sys.stderr)
            sys.exit(EXIT_USAGE)

    def run(self, args, opts) -> None:
        if len(args) != 1:
            raise ScrapyUsageError("usage: scrapy crawl [options] <spider>")
        assert self.crawler_process
        lock = getattr(self, "lock", None)  # taken in process_options
        try:
            crawler = self._create_crawler(args[0])
            self.crawler_process.crawl(crawler, **opts.spargs)
            self.crawler_process.start()
        finally:
            if lock is not None:
                lock.release()
        code = (crawler.stats.get_value(STAT_EXIT_CODE) or 0) if crawler.stats else 0
        if self.crawler_process.bootstrap_failed:
            code = max(code, EXIT_FAILED)
        self.exitcode = code
