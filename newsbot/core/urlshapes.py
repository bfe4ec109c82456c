"""Learning which links of an unknown site are articles, from pages that were (framework-free).

A link's *shape* is its path with the variable parts abstracted:
``/fa/news/2024/05/12/48213/بودجه-استان`` → ``("fa", "news", "<n>", "<n>", "<n>", "<n>", "<s>")``.
Digits become ``<n>``, slugs (a hyphen or underscore, non-ASCII letters, or
longer than 24 characters) ``<s>``; an extension is kept (``<n>.html``);
query parameter names are kept (``?id=<n>``).  Articles of one site share a
shape, and so do its section pages, so one verdict per shape generalises.

:class:`ShapeLearner` decides per link: ``article`` (its shape was seen on an
article page), ``skip`` (its shape was probed ``probe_limit`` times and never
was an article, or it cannot be one), ``probe`` (unknown: fetch it and tell
the learner what it was), or ``section`` (a short all-literal path such as
``/economy``: a listing to read links from).
"""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, unquote, urlsplit

Shape = tuple[str, ...]

#: Extensions of files that are never article pages.
STATIC = re.compile(r"\.(?:css|js|json|xml|rss|atom|png|jpe?g|gif|webp|svg|ico|pdf|zip|rar|mp3|mp4|"
                    r"m4a|webm|avi|apk|docx?|xlsx?|pptx?|woff2?|ttf)$", re.I)
#: Path words of pages that are never articles (accounts, search, tags, feeds).
NOT_ARTICLE_WORDS = frozenset({
    "login", "logout", "register", "signup", "user", "users", "account", "search", "tag", "tags",
    "feed", "rss", "sitemap", "wp-admin", "wp-login.php", "wp-json", "cdn-cgi", "author", "page",
    "contact", "about", "privacy", "ads", "redirect", "print", "amp",
})
_SLUG_CHARS = re.compile(r"[-_]|[^\x00-\x7f]")


def _segment_shape(segment: str) -> str:
    stem, dot, ext = segment.rpartition(".") if re.search(r"\.[A-Za-z0-9]{2,5}$", segment) else (segment, "", "")
    suffix = "." + ext.lower() if dot else ""
    if stem.isdigit():
        return "<n>" + suffix
    if _SLUG_CHARS.search(stem) or len(stem) > 24:
        return "<s>" + suffix
    return stem.lower() + suffix


def path_shape(url: str) -> Shape:
    """The shape of *url*'s path and query (see the module docstring)."""
    parts = urlsplit(url)
    segments = [s for s in unquote(parts.path).split("/") if s]
    shape = [_segment_shape(s) for s in segments]
    for key, value in sorted(parse_qsl(parts.query, keep_blank_values=True)):
        shape.append(f"?{key.lower()}=" + ("<n>" if value.isdigit() else "<v>"))
    return tuple(shape)


def looks_static(url: str) -> bool:
    """A link to a file (image, script, feed, document) rather than a page."""
    return bool(STATIC.search(urlsplit(url).path))


class ShapeLearner:
    """Per-site verdicts on link shapes, learned from fetched pages.

    At most *probe_limit* pages of an unknown shape are in flight at once;
    further links of that shape wait until a probe settles.  A shape whose
    *probe_limit* probes were all not articles is given up.
    """

    def __init__(self, probe_limit: int = 3):
        self.probe_limit = probe_limit
        self.articles: set[Shape] = set()
        self.failed: dict[Shape, int] = {}
        self.in_flight: dict[Shape, int] = {}
        self.pending: dict[Shape, list[str]] = {}
        self.asked: set[str] = set()

    def classify(self, url: str) -> str:
        """``article``, ``probe``, ``wait``, ``section`` or ``skip`` for a same-site link.

        ``probe`` counts the link as in flight: settle it with :meth:`settle`.
        ``wait`` keeps it until a probe of its shape settles.  A link already
        probed or waiting is ``skip``.
        """
        if looks_static(url):
            return "skip"
        shape = path_shape(url)
        if not shape or any(s.split(".")[0] in NOT_ARTICLE_WORDS for s in shape):
            return "skip"
        if shape in self.articles:
            return "article"
        variable = any(s.startswith(("<n>", "<s>")) or s.endswith("=<n>") for s in shape)
        if not variable:
            return "section" if len(shape) <= 2 else "skip"
        if url in self.asked or self.failed.get(shape, 0) >= self.probe_limit:
            return "skip"
        self.asked.add(url)
        if self.in_flight.get(shape, 0) >= self.probe_limit:
            self.pending.setdefault(shape, []).append(url)
            return "wait"
        self.in_flight[shape] = self.in_flight.get(shape, 0) + 1
        return "probe"

    def settle(self, url: str, is_article: bool | None) -> tuple[list[str], list[str]]:
        """Record what the probe of *url* was (``None``: it could not be fetched).

        Returns ``(articles, probes)``: waiting links now known to be articles,
        and waiting links to probe next (already counted in flight).
        """
        shape = path_shape(url)
        self.in_flight[shape] = max(0, self.in_flight.get(shape, 0) - 1)
        if is_article:
            self.articles.add(shape)
            return self.pending.pop(shape, []), []
        if is_article is False:
            self.failed[shape] = self.failed.get(shape, 0) + 1
            if self.failed[shape] >= self.probe_limit:
                self.pending.pop(shape, None)
                return [], []
        waiting = self.pending.get(shape)
        if not waiting:
            return [], []
        self.in_flight[shape] += 1
        return [], [waiting.pop(0)]
