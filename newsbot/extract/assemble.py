"""Item assembly: the last step of every extraction (live pages, replayed pages, text dumps).

Whatever read the fields (selectors on an HTML page, a text-dump parser)
fills an :class:`~newsbot.loaders.ArticleLoader`; :func:`assemble_article`
loads the item and sets the fields that do not come from the page text:
site, URL, language, source, crawl time, publish and modified instants.
"""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Iterable
from zoneinfo import ZoneInfo

from newsbot.extract.dates import DateRejected, parse_machine_values, weigh_published
from newsbot.extract.html_text import collapse_ws
from newsbot.extract.spec import SiteProfile
from newsbot.items import NewsArticle
from newsbot.loaders import ArticleLoader


def invisible_lead(description: str, body: str | None) -> str | None:
    """A JSON-LD description is the lead unless it is just the body's first paragraph.

    A visible lead repeated in the body is cut from the body (the page shows
    it above the text); a description readers never see separately (Pangea's
    bold first paragraph) stays in the body and is not a lead.
    """
    text = collapse_ws(description)
    if not text or (body and body.split("\n", 1)[0].startswith(text[:80])):
        return None
    return text


def assemble_article(
    loader: ArticleLoader,
    profile: SiteProfile,
    *,
    url: str | None,
    machine_dates: Iterable[str] = (),
    modified_dates: Iterable[str] = (),
    hidden_lead: str | None = None,
    source_path: str | None = None,
    crawled_at: datetime | None = None,
    stats=None,
    listed: datetime | None = None,
    page_text: str | None = None,
) -> NewsArticle:
    """The :class:`NewsArticle` of *loader*'s values.

    *url*: the page's URL, ``None`` when unknown (a saved page without
    record, sidecar, ``-a url=`` or absolute canonical link): then ``url``
    and ``canonical_url`` stay ``None`` and images that could not be made
    absolute are left out (counted ``newsbot/images/relative_dropped``).
    *crawled_at*: when the page was fetched (aware datetime; default now,
    UTC).  *machine_dates* / *modified_dates*: machine-readable date strings
    (ISO 8601) that back up the visible date / give ``modified_at``.
    *listed*: the feed/sitemap date of the link; *page_text*: the page, for
    year evidence (both weighed by :func:`newsbot.extract.dates.weigh_published`).
    When the date evidence forbids writing the article, ``item.rejection`` is
    ``(reason, message)`` (not a field: ``ValidatePipeline`` drops the item).
    """
    item = loader.load_item()
    # bookkeeping fields, already clean: set directly, not through processors
    item.site, item.url, item.language = profile.name, url, profile.language
    item.source_path = source_path
    item.crawled_at = crawled_at or datetime.now(timezone.utc)
    if url is None:
        item.canonical_url = None
        absolute = [i for i in item.images if i.startswith(("http://", "https://"))]
        if len(absolute) != len(item.images) and stats is not None:
            stats.inc_value("newsbot/images/relative_dropped", len(item.images) - len(absolute))
        item.images = absolute
    if hidden_lead and item.lead is None:
        item.lead = invisible_lead(hidden_lead, item.body)
    where = url or source_path or ""
    try:
        item.published_at = weigh_published(
            item.published_at_raw, list(machine_dates), profile.timezone, url=where, stats=stats,
            now=item.crawled_at, listed=listed, page_text=page_text,
        )
    except DateRejected as exc:  # the article is not written: ValidatePipeline drops it
        item.published_at, item.rejection = None, (exc.reason, str(exc))
    parsed = parse_machine_values(list(modified_dates), ZoneInfo(profile.timezone), url=where)
    item.modified_at = parsed[0] if parsed else None
    return item
