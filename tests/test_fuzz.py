"""Property tests: extractors, text dumps and detection raise only their declared errors."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from scrapy.http import HtmlResponse, Request

from newsbot.core.textdump import TextDumpError, parse_text_dump
from newsbot.extract.article import extract_article
from newsbot.extract.detect import UnknownSiteError, detect_profile, generic_profile
from newsbot.extract.families import FAMILIES_BY_NAME
from newsbot.items import NewsArticle

TAGS = ["div", "p", "h1", "span", "a", "br", "script", "time", "li", "strong", "meta"]
CLASSES = ["news_id_c", "news_pdate_c", "title", "subtitle", "body", "item-text", "item-code",
           "item-date", "story", "lead", "wsw", "pg-title", "first-title", "meta-news", "news-info"]
WORDS = ["کد خبر:", "تاریخ انتشار:", "۲۹ آذر ۱۴۰۲", "۰۸:۱۷", "انتهای پیام", "عنوان", "خبر", "&amp;",
         "<!-- c -->", "]]>", "\u200c", "\x00", "1402/09/29", "<", ">", '"', "'"]


@st.composite
def html_pages(draw):
    parts = []
    for _ in range(draw(st.integers(0, 40))):
        kind = draw(st.integers(0, 3))
        if kind == 0:
            tag, cls = draw(st.sampled_from(TAGS)), draw(st.sampled_from(CLASSES))
            parts.append(f'<{tag} class="{cls}">')
        elif kind == 1:
            parts.append(f"</{draw(st.sampled_from(TAGS))}>")
        elif kind == 2:
            parts.append(draw(st.sampled_from(WORDS)))
        else:
            parts.append(draw(st.text(max_size=30)))
    return "".join(parts)


SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(page=html_pages(), family=st.sampled_from(sorted(FAMILIES_BY_NAME)))
def test_extract_article_never_raises(page, family):
    url = "https://news.example-fa.ir/fa/news/1/x"
    response = HtmlResponse(url=url, body=page.encode("utf-8", "surrogatepass"), encoding="utf-8",
                            request=Request(url))
    item = extract_article(response, generic_profile(family, url))
    assert isinstance(item, NewsArticle)
    assert item.body is None or "\n\n" not in item.body


@SETTINGS
@given(page=html_pages())
def test_detection_raises_only_unknown_site(page):
    try:
        detect_profile(page)
    except UnknownSiteError:
        pass


@SETTINGS
@given(text=st.text(max_size=400) | st.lists(st.sampled_from(WORDS + ["\n", "عنوان خبر", "متن"]),
                                             max_size=30).map("".join))
def test_text_dump_raises_only_its_error(text):
    try:
        dump = parse_text_dump(text)
    except TextDumpError:
        return
    assert dump.title
