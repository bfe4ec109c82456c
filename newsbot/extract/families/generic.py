"""Generic fallback for Persian news pages on no known CMS.

Uses what most news pages carry: OpenGraph/``article:*`` meta, JSON-LD
(handled in ``article.py`` for every family), ``time[datetime]``, an
``h1``, and for the body ``[itemprop=articleBody]``/``article`` or, failing
those, the main-text heuristic (the element whose ``<p>`` children hold
the most text).
"""

from newsbot.extract.spec import FamilySpec


def _has_label(*labels: str) -> str:
    """XPath test: a text node of the element holds one of *labels* (Arabic ي/ك read as ی/ک)."""
    return " or ".join(f"contains(translate(., 'كي', 'کی'), '{label}')" for label in labels)


#: Elements (not scripts) whose own text names the news code: «کد خبر», «شناسه خبر», «کد مطلب».
_CODE_LABELED = f"//*[not(self::script)][text()[{_has_label('کد خبر', 'شناسه خبر', 'کد مطلب')}]]"
#: Page chrome never holds the article's date: header, footer, navigation, sidebars,
#: tickers, widgets and related-news lists (by element or class name).
_CHROME_CLASSES = ("header", "footer", "sidebar", "ticker", "widget", "related", "top-bar", "topbar",
                   "site-top", "most-viewed", "mostviewed", "most-visited", "popular", "copyright", "menu",
                   "breaking", "latest")
_NOT_CHROME = ("[not(ancestor::header or ancestor::footer or ancestor::nav or ancestor::aside or ancestor::*["
               + " or ".join(f"contains(@class,'{c}')" for c in _CHROME_CLASSES) + "])]")
_DATE_LABELED = (f"//*[not(self::script)][text()[{_has_label('تاریخ انتشار', 'زمان انتشار', 'تاریخ خبر')}]]"
                 + _NOT_CHROME)

GENERIC = FamilySpec(
    name="generic",
    markers=(),
    selectors={
        # the code in the label's element, an <input value=…> in it or after it (ASP.NET),
        # or the element right after the label
        "news_code": (_CODE_LABELED, _CODE_LABELED + "//input/@value",
                      _CODE_LABELED + "/following-sibling::*[1]", _CODE_LABELED + "/following::input[1]/@value"),
        "title": ("h1", "meta[property='og:title']::attr(content)", "title"),
        "kicker": (".rutitr", ".uptitle", ".kicker"),
        "lead": (".lead", ".summary", "meta[property='og:description']::attr(content)",
                 "meta[name='description']::attr(content)"),
        # a date under its label («تاریخ انتشار»), else the first date-classed element in the
        # headline's byline area: after the headline, with at most two paragraphs between
        # them, outside page chrome.  A date elsewhere (a header's "today" box, another
        # article's date in a list after the body) is never the article's own: none is taken.
        "published_at_raw": (
            _DATE_LABELED,
            "(//h1)[1]/following::*[contains(@class,'date') or contains(@class,'time')][not(self::time)]"
            "[count(preceding::p) - count((//h1)[1]/preceding::p) < 3]" + _NOT_CHROME,
        ),
        "tags": ("meta[property='article:tag']::attr(content)",),
        "category": ("meta[property='article:section']::attr(content)",),
        "images": ("meta[property='og:image']::attr(content)",),
        "canonical_url": ("link[rel='canonical']::attr(href)", "meta[property='og:url']::attr(content)"),
    },
    body=("[itemprop='articleBody']", "article .content", "article"),
    drop=("script", "style", "noscript", "iframe", "form", "nav", "aside", "footer", "header",
          ".related", ".share", ".ads", ".comments"),
    article_path=r"/(?P<id>\d{3,})(?:[/.]|$)",
    article_url_template="/{news_code}",
)
