"""Redis seen-store: one set per site, shared by every worker of a cluster."""

from __future__ import annotations

from typing import Iterable

from newsbot.state import SeenStore


class RedisSeenStore(SeenStore):
    """Keys in the Redis set ``<prefix>:seen:<site>`` (``NEWSBOT_REDIS_PREFIX``, default ``newsbot``)."""

    def __init__(self, server, prefix: str = "newsbot"):
        self.server, self.prefix = server, prefix

    @classmethod
    def from_settings(cls, settings) -> "RedisSeenStore":
        from newsbot.distributed.connection import redis_from_settings

        return cls(redis_from_settings(settings), settings.get("NEWSBOT_REDIS_PREFIX", "newsbot"))

    def _key(self, site: str) -> str:
        return f"{self.prefix}:seen:{site}"

    def known(self, site: str, keys: Iterable[str]) -> set[str]:
        keys = list(dict.fromkeys(keys))
        if not keys:
            return set()
        flags = self.server.smismember(self._key(site), keys)
        return {key for key, flag in zip(keys, flags) if flag}

    def add(self, site: str, keys: Iterable[str], url: str | None) -> None:
        keys = list(keys)
        if keys:
            self.server.sadd(self._key(site), *keys)

    def count(self, site: str | None = None) -> int:
        if site is not None:
            return self.server.scard(self._key(site))
        return sum(self.server.scard(k) for k in self.server.scan_iter(f"{self.prefix}:seen:*"))

    def close(self) -> None:
        self.server.close()
