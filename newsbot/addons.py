"""Settings that depend on other settings, applied after ``-s`` options are known."""

from __future__ import annotations

from scrapy.settings import SETTINGS_PRIORITIES

from newsbot import __version__


class UserAgentAddon:
    """Builds an honest User-Agent from ``NEWSBOT_CONTACT``: ``newsbot/<version> (+contact)``.

    ``-s NEWSBOT_CONTACT=mailto:data@example.org`` is enough; an explicit
    ``-s USER_AGENT=...`` wins.
    """

    def update_settings(self, settings) -> None:
        if (settings.getpriority("USER_AGENT") or 0) >= SETTINGS_PRIORITIES["cmdline"]:
            return
        contact = settings.get("NEWSBOT_CONTACT") or "+https://github.com/newsbot-fa/newsbot"
        if not contact.startswith("+"):
            contact = "+" + contact
        settings.set("USER_AGENT", f"newsbot/{__version__} ({contact})", priority="spider")
