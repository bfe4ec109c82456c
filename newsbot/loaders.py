"""ArticleLoader: field processors shared by every family, site and replay.

Input values arrive as HTML fragments or plain strings (from CSS selectors
or from text dumps); processors clean them to plain text.  Persian
normalization is *not* done here but in ``NormalizePipeline``, so that a
replay with a newer normalizer needs no extraction change.
"""

from __future__ import annotations

import re
from collections import ChainMap
from functools import partial
from typing import Any, Iterable
from urllib.parse import urljoin, urlsplit

from itemloaders import processors
from itemloaders.common import wrap_loader_context
from itemloaders.processors import Compose, Identity, Join, TakeFirst
from itemloaders.utils import arg_to_iter
from scrapy.loader import ItemLoader

from newsbot.core.digits import to_ascii_digits
from newsbot.extract.authors import clean_author
from newsbot.extract.html_text import collapse_ws, html_to_text
from newsbot.extract.labels import LABEL_FORMS, strip_label
from newsbot.extract.spec import DEFAULT_CATEGORY_SKIP
from newsbot.items import NewsArticle

_CODE_LABEL = re.compile(
    r"^\s*(?:کد|شناسه)\s*(?:خبر|مطلب|مقاله)\s*[:：]?\s*|^\s*news\s*(?:id|code)\s*[:：]?\s*", re.I
)
_CODE = re.compile(r"[0-9A-Za-z][0-9A-Za-z-]{0,39}")
_DATE_LABEL = re.compile(r"^\s*(?:تاریخ\s*(?:انتشار|مخابره|خبر)|زمان\s*انتشار|انتشار)\s*[:：]?\s*")
# A Gregorian echo some sites append to the Jalali date: «… - 20 December 2023».
_GREGORIAN_TAIL = re.compile(
    r"\s*[-–|,]\s*\d{1,2}\s+(?:January|February|March|April|May|June|July|August|September"
    r"|October|November|December)\s+\d{4}\s*$",
    re.I,
)
#: A trailing line that is only a code or counter («17302», «R35347/P1015135/S3,27/CT7»).
TRAILING_CODE = re.compile(r"^(?=.*\d)[\dA-Za-z۰-۹/,.:|#\s-]{1,40}$")
#: Sign-off paragraphs that end many Iranian agencies' texts («انتهای پیام/ی»).
SIGNOFF = re.compile(r"^(?:انتهای\s*پیام|پایان\s*پیام|انتهای\s*خبر)\s*(?:[/|]\s*[\w‌]{0,12})?\s*[.]?$")


class MapCompose(processors.MapCompose):
    """itemloaders' ``MapCompose``, minus per-call overhead.

    Which functions take ``loader_context`` is worked out once, not on every
    call, and a string result skips ``arg_to_iter``; the results are the same.
    """

    def __init__(self, *functions: Any, **default_loader_context: Any):
        super().__init__(*functions, **default_loader_context)
        self._with_context = tuple(wrap_loader_context(f, {}) is not f for f in functions)

    def __call__(self, value: Any, loader_context: dict | None = None) -> list[Any]:
        values = arg_to_iter(value)
        functions = self.functions
        if any(self._with_context):
            context = (ChainMap(loader_context, self.default_loader_context) if loader_context
                       else self.default_loader_context)
            functions = [partial(f, loader_context=context) if takes else f
                         for f, takes in zip(functions, self._with_context)]
        for func in functions:
            next_values: list[Any] = []
            for v in values:
                try:
                    result = func(v)
                except Exception as e:
                    raise ValueError(
                        f"Error in MapCompose with "
                        f"{func!s} value={value!r} error='{type(e).__name__}: {e!s}'"
                    ) from e
                if result.__class__ is str:
                    next_values.append(result)
                else:
                    next_values += arg_to_iter(result)
            values = next_values
        return values


#: A «today» box of page chrome: «امروز: دوشنبه ۹ آذر ۱۴۰۵» (a full date, not «امروز ۱۰:۳۰»).
_TODAY_BOX = re.compile(r"^\s*امروز\b.*[\d۰-۹٠-٩]{4}")


def clean_news_code(value: str) -> str | None:
    """«کد خبر: ۳۶۴۸۲» → ``"36482"``; ``None`` when no code-like token remains."""
    text = to_ascii_digits(strip_label(_CODE_LABEL, value)).strip()
    match = _CODE.fullmatch(text) or re.search(r"\d{2,}", text)
    return match.group(0) if match else None


def clean_date_raw(value: str) -> str | None:
    """The date as shown, without its label and any Gregorian echo; ``None`` for a
    «today» box of page chrome («امروز: دوشنبه ۹ آذر ۱۴۰۵») or a line holding only a
    news code («کد خبر : ۱۵۹۲۳۴۵»)."""
    labelled = value.translate(LABEL_FORMS)
    code_label = _CODE_LABEL.match(labelled)
    only_code = code_label and _CODE.fullmatch(to_ascii_digits(value[code_label.end():]).strip())
    if only_code or _TODAY_BOX.match(labelled):
        return None  # a line holding only a news code, or page chrome
    text = _GREGORIAN_TAIL.sub("", strip_label(_DATE_LABEL, value)).strip(" -|")
    return text or None


def unique(values: Iterable[Any]) -> list[Any]:
    """Values in first-seen order, without repeats or empties."""
    return list(dict.fromkeys(v for v in values if v))


def absolute_url(value: str, loader_context: dict) -> str | None:
    """*value* joined to the page's base URL; ``None`` for ``data:`` URLs and for
    URLs the URL library rejects (port over 65535, broken IPv6 bracket), counted
    as ``newsbot/field/bad_url``.  A bad ``<base href>`` is ignored (the page URL
    is the base)."""
    response = loader_context.get("response")
    if value.startswith("data:"):
        return None
    if response is None:
        return value
    for join in (response.urljoin, lambda v: urljoin(response.url, v)):
        try:
            url = join(value)
            urlsplit(url).port  # raises ValueError for a bad port or IPv6 bracket
            return url
        except ValueError:
            continue
    stats = loader_context.get("stats")
    if stats is not None:
        stats.inc_value("newsbot/field/bad_url")
    return None


def skip_home(value: str, loader_context: dict) -> str | None:
    profile = loader_context.get("profile")
    skip = profile.family.category_skip if profile is not None else DEFAULT_CATEGORY_SKIP
    return None if value in skip else value


def body_paragraphs(paragraphs: list[str], loader_context: dict) -> list[str]:
    """Drop site chrome, sign-offs (and what follows them), repeated paragraphs
    and trailing code lines."""
    profile = loader_context.get("profile")
    chrome = set(profile.boilerplate_lines) if profile is not None else set()
    kept: list[str] = []
    for text in paragraphs:
        if SIGNOFF.match(text):
            break
        if not text or text in chrome or (kept and kept[-1] == text):
            continue
        kept.append(text)
    while kept and TRAILING_CODE.match(kept[-1]):
        kept.pop()
    return kept


def drop_date_lines(paragraphs: list[str], date_raw: str) -> list[str]:
    """*paragraphs* without the lines that are only the article's date (with its label)."""
    return [p for p in paragraphs
            if not (date_raw in p and len(p) < len(date_raw) + 40 and clean_date_raw(p) == date_raw)]


def strip_echo(body: str, *echoes: str | None) -> str:
    """Remove a title or lead repeated at the very start of the body.

    Handles both a paragraph equal to the echo and the echo glued to the
    first sentence («…غزه استبه گزارش…», as text dumps often have it).
    """
    for echo in echoes:
        if echo and body.startswith(echo):
            body = body[len(echo):].lstrip()
    return body


#: Output processor types that take no loader context.
_NO_CONTEXT = (TakeFirst, Identity, Join)

#: (loader class, item class, field, "in"/"out") -> processor; see ArticleLoader.
_PROCESSORS: dict[tuple[type, type, str, str], Any] = {}


class ArticleLoader(ItemLoader):
    """Loads a :class:`NewsArticle`; context keys: ``profile``, ``response``.

    The processor of a field is looked up once per loader and item class
    (itemloaders looks it up, with an ``ItemAdapter`` of the item, on every
    value); processors are class attributes, not set per instance.
    """

    def get_input_processor(self, field_name: str):
        key = (type(self), type(self.item), field_name, "in")
        proc = _PROCESSORS.get(key)
        if proc is None:
            proc = _PROCESSORS[key] = super().get_input_processor(field_name)
        return proc

    def get_output_processor(self, field_name: str):
        key = (type(self), type(self.item), field_name, "out")
        proc = _PROCESSORS.get(key)
        if proc is None:
            proc = _PROCESSORS[key] = super().get_output_processor(field_name)
        return proc

    def _process_input_value(self, field_name: str, value: Any) -> Any:
        # newsbot's MapCompose takes the context as an argument; itemloaders
        # would wrap it in a new partial for every value
        proc = self.get_input_processor(field_name)
        if proc.__class__ is MapCompose:
            return proc(value, self.context)
        return super()._process_input_value(field_name, value)

    def get_output_value(self, field_name: str) -> Any:
        proc = self.get_output_processor(field_name)
        if proc.__class__ in _NO_CONTEXT:  # no loader_context: no wrapper to build
            return proc(self._values.get(field_name, []))
        return super().get_output_value(field_name)

    default_item_class = NewsArticle
    default_input_processor = MapCompose(html_to_text)
    default_output_processor = TakeFirst()

    news_code_in = MapCompose(html_to_text, clean_news_code)
    published_at_raw_in = MapCompose(html_to_text, clean_date_raw)
    published_at_in = modified_at_in = crawled_at_in = Identity()
    category_in = MapCompose(html_to_text, skip_home)
    authors_in = MapCompose(html_to_text, clean_author)
    category_out = Compose(unique, Join(" > "))
    tags_out = authors_out = images_out = unique
    images_in = canonical_url_in = MapCompose(str.strip, absolute_url)
    body_in = MapCompose(collapse_ws)
    body_out = Identity()  # paragraphs are cleaned and joined in load_item

    def load_item(self) -> NewsArticle:
        item = super().load_item()
        paragraphs = body_paragraphs(item.body or [], self.context)
        if item.published_at_raw and paragraphs:  # the date line is not the body's first paragraph
            paragraphs = drop_date_lines(paragraphs, item.published_at_raw)
        body = "\n".join(paragraphs)
        for _ in range(2):  # title glued before the lead, or lead before title
            body = strip_echo(body, item.title, item.lead)
        item.body = body or None
        if item.category == "":
            item.category = None
        return item
