"""The site catalogue: hundreds of Persian news sites as data (``catalogue.tsv``).

One tab-separated line per site; ``#`` lines are comments.  Columns:

``name``
    spider name (``scrapy crawl <name>``), lowercase ``[a-z0-9_-]``.
``title``
    the site's own name, when the source gives it (may be empty).
``domains``
    comma-separated; links on these hosts (and their subdomains) are the site's.
``base_url``
    ``https://`` URL on one of the domains, with a path when the Persian
    edition lives under one (``https://8am.media/fa``).
``family``
    CMS family (``newsbot.extract.families``) or ``generic`` (article links
    are then learned from pages that are articles: ``newsbot.spiders.anysite``).
``article_path``
    regex on the URL path of an article (group ``id`` = news code); empty:
    the family's rule (generic: learned).
``feeds``
    comma-separated feed paths or URLs known to exist; empty: the family's
    and the usual ones, and ``<link rel=alternate>`` on the homepage.
``language``
    ``fa`` (Persian) or ``prs`` (Dari); becomes every item's ``language``.
``timezone``
    ``Asia/Tehran``, ``Asia/Kabul``, or ``page``: only dates whose page
    states an offset are kept (diaspora sites publish from many zones).
``verified``
    ``real page`` (extraction checked on a stored real page), ``family
    markers`` (the family's markers seen on a page of the site) or
    ``listed`` (the site and its family come from the source only).
``source``
    where the facts come from: ``targoman:<path>`` = Targoman/PersianWebScraper
    (GitHub, commit 3ffdc39, the family of each site is the scraper class it
    is registered under); ``commoncrawl/web-languages:<path>``; ``reference:
    persian-news-sites.md`` (``/work/shared/reference``); the diaspora list is
    a public press directory's ``PRESS_SOURCES`` table (scope ``diaspora``).

The 33 sites with a module in ``newsbot/sites`` are not repeated here.
Loading the catalogue makes no network call.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from functools import cached_property
from importlib import resources
from pathlib import Path

from newsbot.extract.families import FAMILIES_BY_NAME
from newsbot.extract.spec import SiteProfile

PATH = Path(__file__).with_name("catalogue.tsv")
COLUMNS = ("name", "title", "domains", "base_url", "family", "article_path", "feeds", "language",
           "timezone", "verified", "source")
LANGUAGES = ("fa", "prs")
TIMEZONES = ("Asia/Tehran", "Asia/Kabul", "page")
VERIFIED = ("real page", "family markers", "listed")
#: An article rule that matches nothing: generic sites learn their article links instead
#: (the generic family's own rule takes any 3-digit path segment, years included, for a news code).
NO_RULE = r"(?!)"
#: Zone a ``page``-timezone site's dates are parsed in; only offset-bearing values are kept.
PAGE_ZONE = "UTC"


@dataclass(frozen=True)
class CatalogueEntry:
    """One catalogue line (see the module docstring for each field)."""

    name: str
    title: str
    domains: tuple[str, ...]
    base_url: str
    family: str
    article_path: str
    feeds: tuple[str, ...]
    language: str
    timezone: str
    verified: str
    source: str

    @cached_property
    def profile(self) -> SiteProfile:
        """The :class:`SiteProfile` crawls and extraction use for this site."""
        family = FAMILIES_BY_NAME[self.family]
        rule = self.article_path or (NO_RULE if self.family == "generic" else None)
        return SiteProfile(
            name=self.name, domains=self.domains, family=family, base_url=self.base_url,
            language=self.language, timezone=PAGE_ZONE if self.timezone == "page" else self.timezone,
            article_path=rule, feeds=self.feeds or None,
        )

    @property
    def learns_articles(self) -> bool:
        """True when article links are learned (generic family without a rule)."""
        return self.family == "generic" and not self.article_path


def _split(value: str) -> tuple[str, ...]:
    return tuple(v.strip() for v in value.split(",") if v.strip())


def load(path: Path | None = None) -> dict[str, CatalogueEntry]:
    """Every entry by name; raises ``ValueError`` naming the line of a malformed one.

    *path* defaults to the packaged ``catalogue.tsv`` (read as package data,
    so it also works from a zipped egg, as scrapyd runs newsbot).
    """
    if path is None:
        path, text = PATH, (resources.files(__package__) / PATH.name).read_text(encoding="utf-8")
    else:
        text = path.read_text(encoding="utf-8")
    entries: dict[str, CatalogueEntry] = {}
    header: list[str] | None = None
    rows = csv.reader(io.StringIO(text, newline=""), delimiter="\t", quoting=csv.QUOTE_NONE)
    for number, fields in enumerate(rows, 1):
        if not fields or fields[0].startswith("#"):
            continue
        if header is None:
            header = fields
            if tuple(header) != COLUMNS:
                raise ValueError(f"{path}: header must be {COLUMNS}, not {header}")
            continue
        if len(fields) != len(COLUMNS):
            raise ValueError(f"{path}: line {number}: needs {len(COLUMNS)} tab-separated fields")
        row = dict(zip(COLUMNS, fields))
        entry = CatalogueEntry(
            name=row["name"], title=row["title"], domains=_split(row["domains"].lower()),
            base_url=row["base_url"].rstrip("/"), family=row["family"], article_path=row["article_path"],
            feeds=_split(row["feeds"]), language=row["language"], timezone=row["timezone"],
            verified=row["verified"], source=row["source"],
        )
        if entry.name in entries:
            raise ValueError(f"{path}: line {number}: name {entry.name!r} is used twice")
        entries[entry.name] = entry
    return entries


CATALOGUE: dict[str, CatalogueEntry] = load()


def main(argv: list[str] | None = None) -> None:
    """Base URLs of the catalogue entries that match, one a line (for ``scrapy crawl site -a urls=FILE``).

    ``python -m newsbot.sites.catalogue [--language prs] [--family generic] [--timezone page]``;
    a value no entry has is a usage error (exit 2, the values that exist are listed).
    """
    import argparse

    parser = argparse.ArgumentParser(prog="python -m newsbot.sites.catalogue",
                                     description=main.__doc__.splitlines()[0])
    columns = ("language", "family", "timezone", "verified")
    for column in columns:
        known = sorted({getattr(entry, column) for entry in CATALOGUE.values()})
        parser.add_argument(f"--{column}", choices=known)
    args = vars(parser.parse_args(argv))
    for entry in CATALOGUE.values():
        if all(value is None or getattr(entry, column) == value for column, value in args.items()):
            print(entry.base_url)


if __name__ == "__main__":
    main()
