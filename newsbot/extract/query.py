"""Fast selector evaluation: CSS or XPath compiled once, run on the lxml tree.

parsel re-compiles an XPath on every call and wraps every match in a
Selector; extraction runs ~20 selectors on every page, so newsbot compiles
each selector once (``lxml.etree.XPath``) and reads text directly
(``string()`` of an element, or the text/attribute string itself).
"""

from __future__ import annotations

import re
from functools import lru_cache

from lxml import etree
from parsel.csstranslator import HTMLTranslator

_TRANSLATOR = HTMLTranslator()
_STRING = etree.XPath("string()")


@lru_cache(maxsize=4096)
def compiled(query: str) -> etree.XPath:
    """The compiled XPath of a selector (XPath when it starts with ``/`` or ``(``, else CSS)."""
    xpath = query if query.startswith(("/", "(")) else _TRANSLATOR.css_to_xpath(query)
    return etree.XPath(xpath)


_TOKENS = re.compile(r"[.#]([A-Za-z_][\w-]*)")


@lru_cache(maxsize=4096)
def required_tokens(query: str) -> tuple[str, ...]:
    """Class and id names a CSS selector needs; a page lacking one cannot match."""
    if query.startswith(("/", "(")):
        return ()
    return tuple(_TOKENS.findall(query.split("::", 1)[0]))


def may_match(query: str, html: str | None) -> bool:
    """Cheap pre-check on the page source before running the XPath."""
    return html is None or all(token in html for token in required_tokens(query))


def query_nodes(root: etree._Element, query: str, html: str | None = None) -> list:
    """Raw XPath results of *query* (empty without evaluating when *html* rules it out)."""
    if not may_match(query, html):
        return []
    result = compiled(query)(root)
    return result if isinstance(result, list) else [result]


def query_texts(root: etree._Element, query: str, html: str | None = None) -> list[str]:
    """Text of every match: an element's string value, or a text/attribute result.

    With the page source *html*, selectors naming a class or id absent from
    it are skipped without evaluation.
    """
    result = query_nodes(root, query, html)
    texts = []
    for match in result:
        if isinstance(match, str):
            texts.append(str(match))
        elif isinstance(match, etree._Element) and isinstance(match.tag, str):
            texts.append(_STRING(match))
    return texts
