"""Normalize the Persian text fields of every item."""

from __future__ import annotations

from newsbot.items import NewsArticle
from newsbot.normalize import normalize, normalize_code

#: Free-text fields normalized with the full rule set.  ``published_at_raw``
#: is left as shown on the page; URLs are never touched.
TEXT_FIELDS = ("title", "kicker", "lead", "body", "category")
LIST_FIELDS = ("tags", "authors")


class NormalizePipeline:
    """Applies :func:`newsbot.normalize.normalize` to text fields; news codes get ASCII digits."""

    def process_item(self, item: NewsArticle) -> NewsArticle:
        for name in TEXT_FIELDS:
            value = getattr(item, name)
            if value:
                setattr(item, name, normalize(value) or None)
        for name in LIST_FIELDS:
            setattr(item, name, [v for v in (normalize(x) for x in getattr(item, name)) if v])
        if item.news_code:
            item.news_code = normalize_code(item.news_code) or None
        return item
