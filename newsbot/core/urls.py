"""URL rules: hosts, allowed domains, base-URL rebasing (framework-free)."""

from __future__ import annotations

from urllib.parse import urlsplit, urlunsplit


def host_of(url: str) -> str:
    """Lower-case host of *url* without port ('' when there is none)."""
    return (urlsplit(url).hostname or "").lower()


def host_in_domains(host: str, domains: tuple[str, ...] | list[str]) -> bool:
    """True when *host* is one of *domains* or a subdomain of one."""
    host = host.lower().rstrip(".")
    return any(host == d or host.endswith("." + d) for d in domains)


def rebase(url: str, base_url: str) -> str:
    """Put *url*'s path, query and fragment on *base_url*'s scheme and host.

    Used for ``-a base_url=`` (mirrors, test servers) and for replayed pages:
    ``rebase("https://www.asrpress.ir/fa/news/1?x", "http://127.0.0.1:8000")``
    → ``http://127.0.0.1:8000/fa/news/1?x``.
    """
    parts, base = urlsplit(url), urlsplit(base_url)
    return urlunsplit((base.scheme, base.netloc, parts.path or "/", parts.query, parts.fragment))
