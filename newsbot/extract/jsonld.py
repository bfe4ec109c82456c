"""Schema.org ``NewsArticle``/``Article`` objects from JSON-LD script blocks."""

from __future__ import annotations

import json
from typing import Any, Iterator

ARTICLE_TYPES = {"NewsArticle", "Article", "ReportageNewsArticle", "AnalysisNewsArticle", "BlogPosting"}


def _walk(node: Any) -> Iterator[dict]:
    stack = [node]
    while stack:
        current = stack.pop()
        if isinstance(current, list):
            stack.extend(reversed(current))
        elif isinstance(current, dict):
            yield current
            if "@graph" in current:
                stack.append(current["@graph"])


def _is_article(obj: dict) -> bool:
    kind = obj.get("@type")
    kinds = kind if isinstance(kind, list) else [kind]
    return any(k in ARTICLE_TYPES for k in kinds if isinstance(k, str))


def article_objects(blocks: list[str], stats=None) -> list[dict]:
    """Article objects in *blocks* (the texts of ld+json scripts).

    Bad JSON is skipped, and so is JSON nested too deep for the parser
    (``RecursionError``, e.g. 100,000 nested arrays), counted as
    ``newsbot/field/jsonld_unreadable``.
    """
    found = []
    for block in blocks:
        try:
            data = json.loads(block, strict=False)
        except ValueError:
            continue
        except RecursionError:
            if stats is not None:
                stats.inc_value("newsbot/field/jsonld_unreadable")
            continue
        found.extend(obj for obj in _walk(data) if _is_article(obj))
    return found


def _names(value: Any) -> list[str]:
    items = value if isinstance(value, list) else [value]
    names = []
    for item in items:
        if isinstance(item, str):
            names.append(item)
        elif isinstance(item, dict) and isinstance(item.get("name"), str):
            names.append(item["name"])
    return names


def _person_names(author: Any, publisher: Any) -> list[str]:
    """Author names, leaving out an ``Organization`` author and one named like the
    publisher: schema.org lets sites put their own newsroom there, which is not a byline."""
    publishers = set(_names(publisher))
    items = author if isinstance(author, list) else [author]
    people = [item for item in items if not (isinstance(item, dict) and str(item.get("@type", "")).lower()
                                              in ("organization", "newsmediaorganization"))]
    return [name for name in _names(people) if name not in publishers]


def article_fields(obj: dict) -> dict[str, Any]:
    """The fields newsbot uses from one article object (strings and lists of strings)."""
    keywords = obj.get("keywords")
    if isinstance(keywords, str):
        keywords = [k.strip() for k in keywords.split(",")]
    image = obj.get("image")
    images = [image] if isinstance(image, str) else [i.get("url") for i in _walk(image) if i.get("url")]
    return {
        "title": obj.get("headline") if isinstance(obj.get("headline"), str) else None,
        "lead": obj.get("description") if isinstance(obj.get("description"), str) else None,
        "published": obj.get("datePublished") if isinstance(obj.get("datePublished"), str) else None,
        "modified": obj.get("dateModified") if isinstance(obj.get("dateModified"), str) else None,
        "authors": _person_names(obj.get("author"), obj.get("publisher")),
        "category": _names(obj.get("articleSection")),
        "tags": [k for k in keywords or [] if isinstance(k, str) and k],
        "images": [i for i in images if isinstance(i, str)],
        "body": obj.get("articleBody") if isinstance(obj.get("articleBody"), str) else None,
    }
