"""Drop items that lack what every record must have, or that extraction rejected."""

from __future__ import annotations

from scrapy.exceptions import DropItem

from newsbot.items import NewsArticle

REQUIRED = ("title", "body", "published_at")
#: Text fields checked for undecodable text.
TEXT_FIELDS = ("title", "kicker", "lead", "body", "published_at_raw", "category")
#: A field whose letters are more than this share U+FFFD (bytes that did not
#: decode) is garbage, not text: it is left out.
MAX_REPLACEMENT_SHARE = 0.2


def mostly_replacement(text: str) -> bool:
    """True when more than ``MAX_REPLACEMENT_SHARE`` of *text*'s non-space characters are U+FFFD."""
    bad = text.count("\ufffd")
    if not bad:
        return False
    letters = len(text) - sum(ch.isspace() for ch in text)
    return bad > MAX_REPLACEMENT_SHARE * letters


class ValidatePipeline:
    """Drops an item with ``DropItem`` whose message starts with the reason slug:

    * ``<reason>: …`` when extraction rejected the article (``item.rejection``,
      e.g. ``conflicting_dates``, ``future_date``, ``implausible_date``; see
      :mod:`newsbot.extract.dates`), counted as ``newsbot/dropped/<reason>``;
    * ``missing_fields: missing title, body …`` naming the missing required
      fields, counted as ``newsbot/dropped/missing_<field>``.

    A text field that is mostly U+FFFD is left out first (counted as
    ``newsbot/field/garbled/<field>``), so a garbled title or body drops the item.
    """

    def __init__(self, stats):
        self.stats = stats

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler.stats)

    def process_item(self, item: NewsArticle) -> NewsArticle:
        where = item.source_path or item.url
        rejection = getattr(item, "rejection", None)
        if rejection:
            reason, message = rejection
            self.stats.inc_value(f"newsbot/dropped/{reason}")
            raise DropItem(f"{message} in {where}")
        for name in TEXT_FIELDS:
            value = getattr(item, name)
            if value and mostly_replacement(value):
                self.stats.inc_value(f"newsbot/field/garbled/{name}")
                setattr(item, name, None)
        missing = [name for name in REQUIRED if not getattr(item, name)]
        if missing:
            for name in missing:
                self.stats.inc_value(f"newsbot/dropped/missing_{name}")
            raise DropItem(f"missing_fields: missing {', '.join(missing)} in {where}")
        return item
