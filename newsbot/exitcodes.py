"""Exit status of ``scrapy crawl`` for newsbot spiders (one mechanism for all).

==== =================================================================
code meaning
==== =================================================================
0    the run did its job
1    the run finished but lost or refused work: items that could not be
     written, every input rejected, errors above the threshold
2    bad usage (unknown ``-a`` option, bad value, missing path, unknown
     site) or an unusable state; reported before any work is done
==== =================================================================

Components ask for a status with :func:`request_exit`; the highest code
asked for wins.  Spiders check their ``-a`` arguments in a classmethod
``check_arguments(spargs: dict, settings) -> None`` that raises
:class:`UsageError`; ``newsbot.commands.crawl`` calls it before the
crawler starts, prints one line (``newsbot: <message>``) on stderr and
exits 2.  Framework-free: no Scrapy import.
"""

from __future__ import annotations

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_USAGE = 2

#: Stats key holding the highest exit status asked for during the run.
STAT_EXIT_CODE = "newsbot/exit_code"
#: Stats key prefix for the reasons (``newsbot/exit_reason/<slug>`` = code).
STAT_EXIT_REASON = "newsbot/exit_reason/"


class UsageError(ValueError):
    """Bad command-line input; the message is one line a person can act on."""


def request_exit(stats, code: int, reason: str) -> None:
    """Ask for exit status *code* (0–2) because of *reason* (a short slug).

    *stats* is a Scrapy stats collector (anything with ``get_value`` and
    ``set_value``); the highest code asked for is kept.
    """
    if code > (stats.get_value(STAT_EXIT_CODE) or 0):
        stats.set_value(STAT_EXIT_CODE, code)
    stats.set_value(STAT_EXIT_REASON + reason, code)
