"""The selector index answers exactly as the compiled XPath does.

:mod:`newsbot.extract.query` answers simple CSS selectors from a per-page
index of classes, ids and tags instead of running their XPath.  Here every
selector of every family and site profile, plus selectors written to probe
the edges (``:first-child``, ``:contains()``, child and descendant chains,
attribute tests, comments between siblings), runs both ways on every
fixture page, on the real pages of ../shared when present, and on generated
trees; the node lists must be identical (same nodes, same order).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st
from lxml import etree

from newsbot.extract.article import page_index
from newsbot.extract.families import FAMILIES
from newsbot.extract.query import PageIndex, compiled, plan, query_nodes, wanted
from newsbot.sites import SITES
from tests.conftest import FIXTURES, SHARED

PROBES = (
    "li:first-child", ".meta-news li:first-child", ".meta-news li:first-child::text",
    "ul > li:first-child", "li.a:first-child", "p:contains('کد خبر')",
    ".meta-news li:contains('کد خبر')", ".meta-news li:contains('دسته') span.text-meta",
    "div.news-info > span:contains('ساعت')", "div > p", "div p", "h1::text",
    "meta[property='og:title']::attr(content)", "a[href]::attr(href)", "#x .a > b",
    ".a .b", "span:contains('x'):first-child", "div:contains(\"a b\") > span",
)


def all_selectors() -> list[str]:
    found = set(PROBES)
    for owner in list(FAMILIES) + list(SITES.values()):
        for values in owner.selectors.values():
            found.update(values)
        found.update(owner.body + owner.drop)
    return sorted(found)


SELECTORS = all_selectors()


def parse(data: bytes) -> etree._Element:
    return etree.fromstring(data, etree.HTMLParser(recover=True, encoding="utf-8", collect_ids=False))


def by_xpath(root, query: str) -> list:
    result = compiled(query)(root)
    return result if isinstance(result, list) else [result]


def assert_same(root, index: PageIndex, query: str) -> None:
    fast = query_nodes(root, query, index=index)
    slow = by_xpath(root, query)
    assert len(fast) == len(slow), query
    for a, b in zip(fast, slow):
        if isinstance(b, etree._Element):
            assert a is b, query
        else:
            assert str(a) == str(b), query


def pages() -> list[Path]:
    found = sorted(FIXTURES.rglob("*.html"))
    real = SHARED / "real-pages"
    if real.is_dir():
        found += sorted(real.glob("*.html"))
    return found


def test_probes_have_plans():
    """The probes really take the index path (a plan), not the XPath fallback."""
    for query in PROBES:
        assert plan(query) is not None, query


def test_quoted_text_may_hold_spaces_and_brackets():
    chain = plan(".meta-news li:contains('کد > خبر')").chain
    assert chain[-1].contains == ("کد > خبر",)
    assert plan("li:contains('a, b')") is None  # a comma: left to the XPath


@pytest.mark.parametrize("path", pages(), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_index_equals_xpath_on_pages(path):
    root = parse(path.read_bytes())
    index = PageIndex(root, **wanted(tuple(SELECTORS)))
    for query in SELECTORS:
        assert_same(root, index, query)
    # and with an index that records only one profile's names (asked for others, it rebuilds)
    profile = SITES["isna"]
    index = page_index(root, profile)
    for query in SELECTORS:
        assert_same(root, index, query)


def test_first_child_skips_comments_but_not_elements():
    root = parse("<html><body><ul><!-- c --><li>a</li><li>b</li></ul>"
                 "<ul><b>x</b><li>c</li></ul></body></html>".encode())
    index = PageIndex(root)
    assert [el.text for el in query_nodes(root, "li:first-child", index=index)] == ["a"]
    assert_same(root, index, "li:first-child")


def test_contains_reads_the_whole_string_value():
    root = parse("<html><body><li>کد <b>خبر</b>: ۱۲</li><li>کد</li></body></html>".encode())
    index = PageIndex(root)
    assert len(query_nodes(root, "li:contains('کد خبر')", index=index)) == 1
    assert_same(root, index, "li:contains('کد خبر')")


TAGS = st.sampled_from(["div", "p", "li", "span", "ul", "b"])
CLASSES = st.lists(st.sampled_from(["a", "b", "meta-news", "x"]), max_size=2)
TEXTS = st.sampled_from(["", "کد خبر", "x", "a b", "دسته"])


@st.composite
def trees(draw, depth=0):
    tag = draw(TAGS)
    classes = draw(CLASSES)
    attr = f' class="{" ".join(classes)}"' if classes else ""
    if draw(st.booleans()) and depth == 0:
        attr += ' id="x"'
    children = draw(st.lists(trees(depth=depth + 1), max_size=3)) if depth < 3 else []
    comment = "<!-- c -->" if draw(st.booleans()) else ""
    return f"<{tag}{attr}>{comment}{draw(TEXTS)}{''.join(children)}</{tag}>"


@settings(max_examples=150, deadline=None)
@given(trees(), st.sampled_from(PROBES + (".a", ".a.b", ".x li", "li.meta-news", "ul li:first-child")))
def test_index_equals_xpath_on_generated_trees(markup, query):
    root = parse(f"<html><body>{markup}</body></html>".encode())
    assert_same(root, PageIndex(root), query)
