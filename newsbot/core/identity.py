"""The article identity key: the one definition used by de-duplication, the
seen-store and the JSON Lines writer.

An article is identified within its site by, in this order:

1. its news code (کد خبر): ``code:<news_code>``;
2. else its canonical URL, else the URL it was read from: ``url:<url>``;
3. else (a replayed page with no URL and no code) a content hash of its
   title and body: ``hash:<32 hex digits>`` (BLAKE2b, 128 bits, of the
   UTF-8 title, a NUL byte and the UTF-8 body as written to the output,
   i.e. after normalization).  Two pages without code or URL are the same
   article only when title and body are equal, character for character.

The full key is ``(site, id)``; ``site`` is ``""`` when unknown.
Framework-free: works on :class:`newsbot.items.NewsArticle` objects and on
the plain dicts read back from JSON Lines output alike.
"""

from __future__ import annotations

import hashlib
from typing import Any, Mapping

#: ``(site, id)``, e.g. ``("asrpress", "code:36482")``.
ArticleKey = tuple[str, str]


def article_id(news_code: str | None, canonical_url: str | None, url: str | None,
               title: str | None, body: str | None) -> str:
    """The identity of an article within its site (see the module docstring)."""
    if news_code:
        return "code:" + news_code
    address = canonical_url or url
    if address:
        return "url:" + address
    digest = hashlib.blake2b(f"{title or ''}\x00{body or ''}".encode("utf-8", "surrogatepass"),
                             digest_size=16)
    return "hash:" + digest.hexdigest()


def article_key(item: Any) -> ArticleKey:
    """``(site, article_id)`` of an item (attributes) or a record (a mapping)."""
    if isinstance(item, Mapping):
        return (item.get("site") or "", article_id(item.get("news_code"), item.get("canonical_url"),
                                                   item.get("url"), item.get("title"), item.get("body")))
    if item.news_code:  # the common case, without the call
        return (item.site or "", "code:" + item.news_code)
    return (item.site or "", article_id(None, item.canonical_url, item.url, item.title, item.body))


def lookup_keys(item: Any) -> list[str]:
    """Every id under which the article can be asked for before it is fetched.

    Its identity first, then ``url:`` of its canonical URL and of the URL it
    was read from, when those differ from the identity.  A spider keys an
    article link by the news code in the link, else the link itself, so all
    of these are recorded in the seen-store.
    """
    get = item.get if isinstance(item, Mapping) else lambda name: getattr(item, name, None)
    keys = [article_key(item)[1]]
    for address in (get("canonical_url"), get("url")):
        if address and "url:" + address not in keys:
            keys.append("url:" + address)
    return keys
