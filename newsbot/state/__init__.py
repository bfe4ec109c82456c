"""Incremental crawl state: which articles were already exported.

A *seen-store* maps ``(site, key)`` to the URL it was exported from, where
``key`` is each of :func:`newsbot.core.identity.lookup_keys` of the article
(its identity ``code:<news_code>`` / ``url:<url>`` / ``hash:<digest>``, and
``url:`` of its canonical URL and of the URL it was read from).  Spiders ask it
before requesting an article (``SeenFilterMiddleware``); it is written only
after an item was exported (``SeenRecorder``), so a page that failed or was
dropped is tried again next run.

Backends are pluggable: ``NEWSBOT_SEEN_STORE`` names a class with the
:class:`SeenStore` interface and a ``from_settings(settings)`` constructor.
The default is SQLite (one file, ``NEWSBOT_SEEN_PATH``).
"""

from __future__ import annotations

import weakref
from abc import ABC, abstractmethod
from typing import Iterable

from scrapy.utils.misc import load_object

DEFAULT_STORE = "newsbot.state.sqlite.SqliteSeenStore"
_STORES: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()


class SeenStore(ABC):
    """Interface of a seen-store backend."""

    @classmethod
    @abstractmethod
    def from_settings(cls, settings) -> "SeenStore": ...

    @abstractmethod
    def known(self, site: str, keys: Iterable[str]) -> set[str]:
        """The subset of *keys* already exported for *site*."""

    @abstractmethod
    def add(self, site: str, keys: Iterable[str], url: str | None) -> None:
        """Record *keys* of one exported article."""

    @abstractmethod
    def count(self, site: str | None = None) -> int:
        """How many keys are stored (for one site or all)."""

    def check(self) -> None:
        """Raise if the store cannot be used (default: count its keys)."""
        self.count()

    def close(self) -> None:
        """Release connections."""


def store_for(crawler) -> SeenStore | None:
    """The crawler's seen-store (opened on first use), or ``None`` when disabled."""
    settings = crawler.settings
    if not settings.getbool("NEWSBOT_SEEN_ENABLED", True):
        return None
    store = _STORES.get(crawler)
    if store is None:
        cls = load_object(settings.get("NEWSBOT_SEEN_STORE") or DEFAULT_STORE)
        store = _STORES[crawler] = cls.from_settings(settings)
    return store


def close_store(crawler) -> None:
    store = _STORES.pop(crawler, None)
    if store is not None:
        store.close()
