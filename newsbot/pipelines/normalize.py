"""Normalize the Persian text fields of every item."""

from __future__ import annotations

import functools

from newsbot.items import NewsArticle
from newsbot.normalize import normalize, normalize_code

#: Free-text fields normalized with the full rule set.  ``published_at_raw``
#: is left as shown on the page; URLs are never touched.
TEXT_FIELDS = ("title", "kicker", "lead", "body")
#: Labels: a site's categories, tags and author names recur from article to
#: article, so their normalized form is cached (same result, no rule run).
LABEL_FIELDS = ("category",)
LIST_FIELDS = ("tags", "authors")

normalize_label = functools.lru_cache(maxsize=8192)(normalize)


class NormalizePipeline:
    """Applies :func:`newsbot.normalize.normalize` to text fields; news codes get ASCII digits."""

    def process_item(self, item: NewsArticle) -> NewsArticle:
        for name in TEXT_FIELDS + LABEL_FIELDS:
            value = getattr(item, name)
            if value:
                rule = normalize_label if name in LABEL_FIELDS else normalize
                setattr(item, name, rule(value) or None)
        for name in LIST_FIELDS:
            setattr(item, name, [v for v in (normalize_label(x) for x in getattr(item, name)) if v])
        if item.news_code:
            item.news_code = normalize_code(item.news_code) or None
        return item
