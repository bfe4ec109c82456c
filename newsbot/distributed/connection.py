"""Redis connections with a clear error instead of a traceback loop."""

from __future__ import annotations

class RedisUnavailable(RuntimeError):
    """Redis cannot be reached; the message says where and why."""


def redis_from_settings(settings):
    """A connected ``redis.Redis`` for ``REDIS_URL`` (pinged once; fails fast and clearly).

    ``redis`` is imported here, not at module load: local crawls never pay for it.
    """
    import redis

    url = settings.get("REDIS_URL") or "redis://127.0.0.1:6379/0"
    client = redis.Redis.from_url(url, socket_connect_timeout=5, socket_timeout=30,
                                  retry_on_timeout=True, decode_responses=False)
    try:
        client.ping()
    except redis.RedisError as exc:
        raise RedisUnavailable(f"newsbot: cannot reach Redis at {_safe(url)}: {exc}. "
                               "Start Redis or fix REDIS_URL (-s REDIS_URL=redis://host:port/db).") from None
    return client


def _safe(url: str) -> str:
    """*url* without its password."""
    if "@" in url:
        scheme, rest = url.split("://", 1)
        return f"{scheme}://***@{rest.split('@', 1)[1]}"
    return url
