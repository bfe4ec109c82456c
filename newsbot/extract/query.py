"""Fast selector evaluation: CSS or XPath compiled once, run on the lxml tree.

parsel re-compiles an XPath on every call and wraps every match in a
Selector; extraction runs ~30 selectors on every page, so newsbot compiles
each selector once (``lxml.etree.XPath``) and reads text directly
(``string()`` of an element, or the text/attribute string itself).

Most selectors are simple (``.a``, ``h1.title``, ``#id``, ``.a b``,
``meta[property='x']::attr(content)``), and a compiled XPath for one of them
still scans the whole tree, so a page's selectors are answered from a
:class:`PageIndex`: one pass over the tree maps class tokens and ids to their
elements, and a simple selector becomes a dictionary lookup plus a walk up
the ancestors (descendant combinators).  A selector is answered this way only
when its plan, written back as XPath, is exactly what the CSS translator
produces for it; anything else runs the compiled XPath.  Results are the
same node-sets, in document order.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

from lxml import etree
from parsel.csstranslator import HTMLTranslator

_TRANSLATOR = HTMLTranslator()
_STRING = etree.XPath("string()")
_TEXT_NODES = etree.XPath("text()")


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


# ---------------------------------------------------------------- plans

class Compound(NamedTuple):
    """One compound selector: ``tag.class#id[attr='value']``."""

    tag: str | None                                  # lower case; None = any element
    classes: tuple[str, ...]
    ids: tuple[str, ...]
    attrs: tuple[tuple[str, str | None], ...]        # (name, value); None = present
    first_child: bool = False                        # :first-child
    contains: tuple[str, ...] = ()                   # :contains('text'): in the string value


class Plan(NamedTuple):
    """A simple selector: compounds joined by descendant (" ") or child (">") combinators."""

    chain: tuple[Compound, ...]
    combinators: tuple[str, ...]                     # len(chain) - 1
    pseudo: str | None                               # None, "text" or "attr"
    attr: str | None                                 # the ::attr() name


_IDENT = r"-?[A-Za-z_][A-Za-z0-9_-]*"
_SIMPLE = re.compile(
    r"(?P<tag>[A-Za-z][A-Za-z0-9]*)?"
    rf"(?P<rest>(?:\.{_IDENT}|#{_IDENT}|\[[A-Za-z_][A-Za-z0-9_.-]*(?:=(?:'[^'\\\"]*'|\"[^\"\\']*\"))?\]"
    r"|:first-child|:contains\((?:'[^'\\\"]*'|\"[^\"\\']*\")\))*)$"
)
_PART = re.compile(
    rf"\.(?P<cls>{_IDENT})|#(?P<id>{_IDENT})"
    r"|\[(?P<name>[A-Za-z_][A-Za-z0-9_.-]*)(?:=(?:'(?P<v1>[^'\\\"]*)'|\"(?P<v2>[^\"\\']*)\"))?\]"
    r"|(?P<first>:first-child)|:contains\((?:'(?P<c1>[^'\\\"]*)'|\"(?P<c2>[^\"\\']*)\")\)"
)
#: Compound selectors and ">" of a selector (quoted strings may hold spaces and ">").
_SELECTOR_TOKEN = re.compile(r"""(?:[^\s>'"]|'[^']*'|"[^"]*")+|>""")
_PSEUDO = re.compile(r"::(?:(?P<text>text)|attr\((?P<attr>[A-Za-z_][A-Za-z0-9_.-]*)\))$")


def _compound(text: str) -> tuple[Compound, list[tuple[str, object]]] | None:
    """The compound selector *text* and its parts in source order (for the XPath check)."""
    match = _SIMPLE.match(text)
    if not match or not text:
        return None
    parts: list[tuple[str, object]] = []
    for part in _PART.finditer(match.group("rest")):
        if part.group("cls"):
            parts.append(("cls", part.group("cls")))
        elif part.group("id"):
            parts.append(("id", part.group("id")))
        elif part.group("first"):
            parts.append(("first", None))
        elif part.group("c1") is not None or part.group("c2") is not None:
            parts.append(("contains", part.group("c1") if part.group("c1") is not None else part.group("c2")))
        else:
            value = part.group("v1") if part.group("v1") is not None else part.group("v2")
            parts.append(("attr", (part.group("name").lower(), value)))
    tag = match.group("tag")
    compound = Compound(
        tag.lower() if tag else None,
        tuple(v for k, v in parts if k == "cls"),
        tuple(v for k, v in parts if k == "id"),
        tuple(v for k, v in parts if k == "attr"),
        any(k == "first" for k, _ in parts),
        tuple(v for k, v in parts if k == "contains"),
    )
    return compound, parts


def _compound_xpath(compound: Compound, parts: list[tuple[str, object]]) -> str:
    """*compound* as the CSS translator writes it (conditions in source order)."""
    condition = ""
    for kind, value in parts:
        if kind == "cls":
            cond = (f"@class and contains(@class, '{value}') "
                    f"and contains(concat(' ', normalize-space(@class), ' '), ' {value} ')")
        elif kind == "id":
            cond = f"@id = '{value}'"
        elif kind == "first":
            cond = "count(preceding-sibling::*) = 0"
        elif kind == "contains":
            cond = f"contains(., '{value}')"
        else:
            name, val = value
            cond = f"@{name}" if val is None else f"@{name} = '{val}'"
        condition = f"({condition}) and ({cond})" if condition else cond
    return (compound.tag or "*") + (f"[{condition}]" if condition else "")


def _plan_xpath(chain: list, combinators: list[str], pseudo: str | None, attr: str | None) -> str:
    path = "descendant-or-self::" + _compound_xpath(*chain[0])
    for combinator, item in zip(combinators, chain[1:]):
        path += ("/descendant::" if combinator == " " else "/") + _compound_xpath(*item)
    if pseudo == "text":
        path += "/text()"
    elif pseudo == "attr":
        path += f"/@{attr}"
    return path


@lru_cache(maxsize=4096)
def plan(query: str) -> Plan | None:
    """The plan of a simple CSS selector, or ``None`` when it must run as XPath.

    Simple: compounds of a tag, classes, ids and ``[attr]``/``[attr='value']``
    joined by descendant or child combinators, optionally ending in
    ``::text`` or ``::attr(name)``.  The plan is cross-checked: written back
    as XPath it must equal the CSS translator's own output for *query*, so
    both mean the same thing.
    """
    if query.startswith(("/", "(")) or "," in query:
        return None
    body, pseudo, attr = query.strip(), None, None
    if "::" in body:
        body, _, tail = body.partition("::")
        match = _PSEUDO.match("::" + tail)
        if not match:
            return None
        pseudo, attr = ("text", None) if match.group("text") else ("attr", match.group("attr"))
    chain: list[tuple[Compound, list]] = []
    combinators: list[str] = []
    pending = " "
    for token in _SELECTOR_TOKEN.findall(body):
        if token == ">":
            if pending != " " or not chain:
                return None
            pending = ">"
            continue
        parsed = _compound(token)
        if parsed is None or not parsed[1] and parsed[0].tag is None:
            return None
        if chain:
            combinators.append(pending)
        chain.append(parsed)
        pending = " "
    if not chain or pending != " ":
        return None
    try:
        expected = _TRANSLATOR.css_to_xpath(query)
    except Exception:  # not valid CSS: the compiled path raises the real error
        return None
    if _plan_xpath(chain, combinators, pseudo, attr) != expected:
        return None
    return Plan(tuple(c for c, _ in chain), tuple(combinators), pseudo, attr)


# ---------------------------------------------------------------- page index

_XML_WS = re.compile(r"[ \t\r\n]+")


def class_tokens(value: str) -> list[str]:
    """The tokens of a class attribute as XPath's ``normalize-space`` splits it."""
    if value.isprintable():  # then " " is its only white space
        return value.split()
    return [t for t in _XML_WS.split(value) if t]


def _matches(el, compound: Compound) -> bool:
    if compound.tag is not None:
        if el.tag != compound.tag:
            return False
    elif not isinstance(el.tag, str):  # a comment or processing instruction
        return False
    if compound.classes:
        value = el.get("class")
        if not value:
            return False
        for name in compound.classes:
            if name not in value:  # substring test first, as the XPath's contains(@class, …)
                return False
        if not (len(compound.classes) == 1 and value == compound.classes[0]):
            tokens = class_tokens(value)
            if any(c not in tokens for c in compound.classes):
                return False
    for value in compound.ids:
        if el.get("id") != value:
            return False
    for name, value in compound.attrs:
        found = el.get(name)
        if found is None or (value is not None and found != value):
            return False
    if compound.first_child:
        previous = el.getprevious()
        while previous is not None and not isinstance(previous.tag, str):  # comments, PIs
            previous = previous.getprevious()
        if previous is not None:
            return False
    if compound.contains:
        text = _STRING(el)
        if any(c not in text for c in compound.contains):
            return False
    return True


def _within(el, context) -> bool:
    """*el* is *context* or one of its descendants (in the current tree)."""
    while el is not None:
        if el is context:
            return True
        el = el.getparent()
    return False


#: Per set of wanted classes (``None``: all), class attribute value -> wanted tokens.
_HITS: dict[frozenset[str] | None, dict[str, tuple[str, ...]]] = {}
_HITS_LIMIT = 20_000


class PageIndex:
    """Class tokens, ids and tags of one page's elements, for answering simple selectors.

    Built lazily on the first query.  *classes*, *ids* and *tags* name what
    the page's selectors will ask for (see :func:`wanted`), so only those are
    recorded; asking for anything else rebuilds the index in full.  Call
    :meth:`mutated` after removing elements from the tree: indexed elements
    are then checked to still be in the tree before they are returned.
    """

    __slots__ = ("root", "_classes", "_ids", "_tags", "_by_attr", "_stale",
                 "_want_classes", "_want_ids", "_want_tags")

    def __init__(self, root: etree._Element, classes: frozenset[str] | None = None,
                 ids: frozenset[str] | None = None, tags: frozenset[str] | None = None):
        self.root = root
        self._classes: dict[str, list] | None = None
        self._ids: dict[str, list] = {}
        self._tags: dict[str, list] | None = None
        self._by_attr: dict[tuple[str, str], dict[str, list]] = {}  # (tag, attribute) -> value -> elements
        self._stale = False
        self._want_classes, self._want_ids, self._want_tags = classes, ids, tags or frozenset()

    def mutated(self) -> None:
        self._stale = True

    def _build(self) -> None:
        want_classes, want_ids = self._want_classes, self._want_ids
        classes: dict[str, list] = {}
        ids: dict[str, list] = {}
        # class attribute value -> wanted tokens in it; kept across the pages
        # that want the same classes (a site's pages share their class values)
        hits = _HITS.get(want_classes)
        if hits is None or len(hits) > _HITS_LIMIT:
            if len(_HITS) > 64:
                _HITS.clear()
            hits = _HITS[want_classes] = {}
        with_ids = want_ids is None or bool(want_ids)
        for el in self.root.iter(etree.Element):
            value = el.get("class")
            if value:
                hit = hits.get(value)
                if hit is None:
                    if want_classes is None:
                        hit = tuple(dict.fromkeys(class_tokens(value)))
                    elif value in want_classes:  # the common one-token attribute
                        hit = (value,)
                    elif want_classes.isdisjoint(value.split()):
                        # str.split() splits at XML white space and more, and a
                        # wanted name holds no white space, so none is in *value*
                        hit = ()
                    else:
                        hit = tuple(dict.fromkeys(t for t in class_tokens(value) if t in want_classes))
                    hits[value] = hit
                for token in hit:
                    found = classes.get(token)
                    if found is None:
                        classes[token] = [el]
                    else:
                        found.append(el)
            if with_ids:
                value = el.get("id")
                if value is not None and (want_ids is None or value in want_ids):
                    found = ids.get(value)
                    if found is None:
                        ids[value] = [el]
                    else:
                        found.append(el)
        self._classes, self._ids = classes, ids

    def _tag_list(self, tag: str) -> list:
        if self._tags is None:
            self._tags = {t: [] for t in self._want_tags}
            if self._want_tags:
                for el in self.root.iter(*self._want_tags):
                    self._tags[el.tag].append(el)
        found = self._tags.get(tag)
        if found is None:
            found = self._tags[tag] = list(self.root.iter(tag))
        return found

    def _candidates(self, compound: Compound, context) -> tuple[list, bool]:
        """Elements that may match *compound* in document order, and whether
        they still need the in-context check."""
        if compound.ids or compound.classes:
            if self._classes is None:
                self._build()
            if (self._want_classes is not None and not self._want_classes.issuperset(compound.classes)) or (
                    self._want_ids is not None and not self._want_ids.issuperset(compound.ids)):
                self._want_classes = self._want_ids = None
                self._build()
            if compound.ids:
                found = self._ids.get(compound.ids[0], ())
            else:
                found = min((self._classes.get(c, ()) for c in compound.classes), key=len)
            return found, context is not self.root or self._stale
        if context is not self.root:
            return list(context.iter(compound.tag)), False
        for name, value in compound.attrs:  # meta[property='og:title'] and the like
            if value is not None:
                by_value = self._by_attr.get((compound.tag, name))
                if by_value is None:
                    by_value = self._by_attr[(compound.tag, name)] = {}
                    for el in self._tag_list(compound.tag):
                        found = el.get(name)
                        if found is not None:
                            by_value.setdefault(found, []).append(el)
                return by_value.get(value, ()), self._stale
        return self._tag_list(compound.tag), self._stale

    def _chain_up(self, el, chain, combinators, i: int, context, check: bool) -> bool:
        """*el* matches ``chain[i]`` and its ancestors match the chain before it."""
        if not _matches(el, chain[i]):
            return False
        if i == 0:
            return not check or _within(el, context)
        parent = el.getparent()
        if combinators[i - 1] == ">":
            return parent is not None and self._chain_up(parent, chain, combinators, i - 1, context, check)
        while parent is not None:
            if self._chain_up(parent, chain, combinators, i - 1, context, check):
                return True
            parent = parent.getparent()
        return False

    def elements(self, context, chain, combinators) -> list | None:
        """Elements matching the chain below *context*, in document order (None: use XPath)."""
        last = chain[-1]
        if last.ids or last.classes or len(chain) == 1:
            if not (last.ids or last.classes or last.tag):
                return None
            candidates, check = self._candidates(last, context)
            n = len(chain) - 1
            if n == 0:
                return [el for el in candidates if _matches(el, last) and (not check or _within(el, context))]
            return [el for el in candidates if self._chain_up(el, chain, combinators, n, context, check)]
        if last.tag is None:
            return None
        # a bare tag (with attributes) below something: search down from the matches of the rest
        above = self.elements(context, chain[:-1], combinators[:-1])
        if above is None:
            return None
        if combinators[-1] == ">":
            if len(above) > 1 and not _disjoint(above):
                return None  # children of nested parents interleave; let XPath order them
            return [child for el in above for child in el if _matches(child, last)]
        found = []
        for el in _outermost(above):
            found.extend(d for d in el.iter(last.tag) if d is not el and _matches(d, last))
        return found

    def select(self, context, query_plan: Plan) -> list | None:
        """XPath-equivalent result of *query_plan* from *context* (None: use XPath)."""
        els = self.elements(context, query_plan.chain, query_plan.combinators)
        if els is None or not query_plan.pseudo:
            return els
        if query_plan.pseudo == "attr":
            name = query_plan.attr
            return [v for v in (el.get(name) for el in els) if v is not None]
        if len(els) > 1 and not _disjoint(els):
            return None  # text nodes of nested elements interleave; let XPath order them
        return [t for el in els for t in _TEXT_NODES(el)]


@lru_cache(maxsize=1024)
def wanted(queries: tuple[str, ...], below: tuple[str, ...] = ()) -> dict[str, frozenset[str]]:
    """What a :class:`PageIndex` should record for *queries* (run from the root)
    and *below* (run from elements below it): ``PageIndex(root, **wanted(...))``."""
    classes: set[str] = set()
    ids: set[str] = set()
    tags: set[str] = set()
    for query in queries + below:
        query_plan = plan(query)
        if query_plan is None:
            continue
        for compound in query_plan.chain:
            classes.update(compound.classes)
            ids.update(compound.ids)
        last = query_plan.chain[-1]
        if query in queries and len(query_plan.chain) == 1 and last.tag and not (last.classes or last.ids):
            tags.add(last.tag)
    return {"classes": frozenset(classes), "ids": frozenset(ids), "tags": frozenset(tags)}


def _outermost(els: list) -> list:
    """*els* (document order) without those inside another of them."""
    if len(els) < 2:
        return els
    kept = [els[0]]
    for el in els[1:]:
        # in document order, an element inside a kept one is inside the last kept one
        last = kept[-1]
        if not any(a is last for a in el.iterancestors()):
            kept.append(el)
    return kept


def _disjoint(els: list) -> bool:
    return len(_outermost(els)) == len(els)


# ---------------------------------------------------------------- queries

def query_nodes(root: etree._Element, query: str, html: str | None = None,
                index: PageIndex | None = None) -> list:
    """Raw XPath results of *query* below *root* (an element or a text/attribute string).

    With a :class:`PageIndex` of the page, simple selectors are answered
    from it; otherwise, or for other selectors, the compiled XPath runs
    (skipped when the page source *html* lacks a class or id it needs).
    """
    if index is not None:
        query_plan = plan(query)
        if query_plan is not None:
            result = index.select(root, query_plan)
            if result is not None:
                return result
    if not may_match(query, html):
        return []
    result = compiled(query)(root)
    return result if isinstance(result, list) else [result]


def query_texts(root: etree._Element, query: str, html: str | None = None,
                index: PageIndex | None = None) -> list[str]:
    """Text of every match: an element's string value, or a text/attribute result.

    With the page source *html*, selectors naming a class or id absent from
    it are skipped without evaluation.
    """
    result = query_nodes(root, query, html, index)
    texts = []
    for match in result:
        if isinstance(match, str):
            texts.append(str(match))
        elif isinstance(match, etree._Element) and isinstance(match.tag, str):
            texts.append(_STRING(match))
    return texts
