"""Archives as a replay source: WARC records and HTTP cache entries beside saved files.

:class:`ReplaySource` is what ``scrapy crawl replay`` reads: the page files
of ``path`` (:class:`~newsbot.extract.sources.FileTreeSource`) followed by
the pages of every ``.warc``/``.warc.gz`` file and Scrapy HTTP cache entry at
or below it (:mod:`newsbot.archive.readers`).  Every page is a
:class:`~newsbot.core.savedpage.SavedPage` with its record's URL, fetch time,
status and headers, and goes through ``extract_saved`` — the live crawl's
extraction — like a saved file with a sidecar: ``crawled_at`` is the
record's ``WARC-Date`` (HTTP cache: the entry's timestamp), and relative
dates resolve against it as they did live.  The profile: the site named by
newsbot's own archive (``warcinfo``), else ``-a site=``, else detection.

Which records of foreign archives: those on newsbot's known domains (every
site profile's ``domains``) by default; ``domains="a.ir,b.com"`` replaces
that list; ``any_site`` takes every HTML page (detection then keeps those of
a known CMS family or with article metadata; the others are counted).

``part=(i, n)`` (``-a workers=n``): page files at positions ``i`` mod ``n``
of the sorted walk, and in every archive the records / cache entries at
index ``i`` mod ``n``.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Callable, Iterator

from newsbot.archive.readers import Counts, is_cache_entry, is_warc, iter_saved_pages
from newsbot.core.savedpage import Refusal, SavedPage
from newsbot.core.urls import host_in_domains, host_of
from newsbot.extract.sources import FileTreeSource
from newsbot.sites import SITES

#: Files of a Scrapy ``FilesystemCacheStorage`` entry (not saved pages of their own).
CACHE_FILES = frozenset({"meta", "pickled_meta", "request_headers", "request_body",
                         "response_headers", "response_body"})


def known_domains() -> tuple[str, ...]:
    """Every site profile's domains (newsbot's default record filter)."""
    return tuple(sorted({d for profile in SITES.values() for d in profile.domains}))


def domain_filter(domains: str | None = None, any_site: bool = False) -> Callable[[str], bool] | None:
    """The URL predicate for foreign records: ``None`` (everything) with *any_site*."""
    if any_site:
        return None
    wanted = tuple(d.strip().lower().lstrip(".") for d in domains.split(",") if d.strip()) \
        if domains else known_domains()
    return lambda url: host_in_domains(host_of(url) or "", wanted)


def is_archive_name(name: str) -> bool:
    """True for a file name replay reads as an archive part (WARC, cache entry file)."""
    return name.lower().endswith((".warc", ".warc.gz")) or name in CACHE_FILES


def iter_archive_inputs(root: str | os.PathLike) -> Iterator[Path]:
    """WARC files and HTTP cache entries at or below *root*, sorted; symlinked dirs not followed."""
    root = Path(root)
    if root.is_file():
        if is_warc(root):
            yield root
        return
    if is_cache_entry(root):
        yield root
        return
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames.sort()
        here = Path(dirpath)
        if "meta" in filenames and "response_body" in filenames:
            dirnames.clear()
            yield here
            continue
        for name in sorted(filenames):
            if is_warc(here / name):
                yield here / name


class ReplaySource:
    """Saved page files, then archive pages, under one path (see module docstring).

    ``total``: page files (archive records are not counted ahead: that would
    read every archive twice); ``skipped``: the file tree's ``{reason:
    count}`` without the archive files themselves; ``counts``: the archive
    readers' counters (``pages``, ``revisit``, ``not_html``, ``other_domain``,
    ``truncated`` …), complete once iterated.
    """

    def __init__(self, path: str | os.PathLike, wanted: Callable[[str], bool] | None = None,
                 part: tuple[int, int] | None = None):
        self.path, self.wanted, self.part = path, wanted, part
        self.archives = list(iter_archive_inputs(path))
        single = len(self.archives) == 1 and os.fspath(self.archives[0]) == os.fspath(path)
        self.files = None if single else FileTreeSource(path)
        if self.files is not None and part is not None:
            self.files.entries = self.files.entries[part[0]::part[1]]
        self.total = len(self.files.entries) if self.files is not None else 0
        self.skipped = dict(self.files.skipped) if self.files is not None else {}
        archive_files = sum(1 if is_warc(p) else sum(1 for f in p.iterdir() if f.name in CACHE_FILES)
                            for p in self.archives)
        if archive_files and "not_a_page" in self.skipped:
            left = self.skipped.pop("not_a_page") - archive_files
            if left > 0:
                self.skipped["not_a_page"] = left
        self.counts = Counts()

    def __iter__(self) -> Iterator[SavedPage | Refusal]:
        if self.files is not None:
            yield from self.files
        yield from iter_saved_pages(self.archives, self.counts, self.wanted, self.part)
