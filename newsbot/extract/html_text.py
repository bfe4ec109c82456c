"""Turning HTML fragments into text: inline text and block paragraphs.

Hand-written rather than w3lib/html-text because the body needs one string
per *block* (p, div, h2, li, br …) with inline markup glued, and a walk that
is iterative (``lxml.etree.iterwalk``) so deeply nested pages cannot hit the
recursion limit.
"""

from __future__ import annotations

import re

from lxml import etree
from w3lib.html import remove_tags, replace_entities

BLOCK_TAGS = frozenset(
    "address article aside blockquote br dd div dl dt figcaption figure footer h1 h2 h3 "
    "h4 h5 h6 header hr li main nav ol p pre section table tbody td tfoot th thead tr ul".split()
)
_WS = re.compile(r"[\s\u00a0\u200b\ufeff]+")


def collapse_ws(text: str) -> str:
    """Collapse every run of white space (NBSP included) to one space and strip.

    Same result as ``_WS.sub(" ", text).strip()``: ``str.split()`` splits at
    exactly the characters the regex class for white space matches, and
    ZWSP/BOM are made spaces first.
    """
    if "\u200b" in text or "\ufeff" in text:
        text = text.replace("\u200b", " ").replace("\ufeff", " ")
    return " ".join(text.split())


def html_to_text(fragment: str) -> str:
    """Inline text of an HTML fragment or plain string, white space collapsed."""
    if "<" in fragment:
        fragment = remove_tags(fragment)
    if "&" in fragment:
        fragment = replace_entities(fragment)
    return collapse_ws(fragment)


def block_texts(root: etree._Element, collapse: bool = True) -> list[str]:
    """Text of *root* split into paragraphs at block elements and ``<br>``.

    Inline elements (a, strong, span …) stay inside their paragraph; empty
    paragraphs are dropped; the root's own tail is not included.  With
    *collapse* false the white space of each paragraph is left as it is
    (for a caller that collapses it anyway, such as the loader's ``body``
    processor): only paragraphs of white space alone are dropped then.
    """
    paragraphs: list[str] = []
    buf: list[str] = []

    def flush() -> None:
        if buf:
            text = "".join(buf)
            buf.clear()
            if collapse:
                text = collapse_ws(text)
            elif text.isspace():
                return
            if text:
                paragraphs.append(text)

    for event, node in etree.iterwalk(root, events=("start", "end", "comment", "pi")):
        if event == "start":
            if node.tag in BLOCK_TAGS:
                flush()
            if node.text:
                buf.append(node.text)
            continue
        if event == "end" and node.tag in BLOCK_TAGS:
            flush()
        if node is not root and node.tail:
            buf.append(node.tail)
    flush()
    return paragraphs
