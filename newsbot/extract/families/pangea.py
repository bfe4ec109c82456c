"""Pangea CMS of RFE/RL and VOA (radiofarda.com, darivoa.com, VOA Farsi).

Markup: ``h1.pg-title``, ``.published time`` (visible date, Dari month
names on darivoa, date only) with ``time[datetime]`` carrying the exact
instant and offset, body ``.wsw``, authors ``.links__item-link``; URLs
``/a/<slug>/<id>.html``.  The visible date has no time of day, so the
machine-readable ``datetime`` gives ``published_at``.
"""

from newsbot.extract.spec import FamilySpec

PANGEA = FamilySpec(
    name="pangea",
    markers=("pg-title", 'class="wsw"', "Content/responsive"),
    selectors={
        "title": ("h1.pg-title", "h1.title", "meta[property='og:title']::attr(content)"),
        "lead": (".intro p", ".intro"),
        "published_at_raw": (".published time", "time[pubdate]"),
        "category": (".category a", ".pg-category a"),
        "authors": (".links__item-link", "meta[name='Author']::attr(content)"),
        "images": (".cover-media img::attr(src)", ".wsw img::attr(src)",
                   "meta[property='og:image']::attr(content)"),
        "canonical_url": ("link[rel='canonical']::attr(href)", "meta[property='og:url']::attr(content)"),
    },
    body=(".wsw",),
    drop=("script", "style", "noscript", "iframe", ".media-block-wrap", ".wsw__embed", ".also-read"),
    article_path=r"^/a/(?:[^/]+/)?(?P<id>\d+)\.html$",
    article_url_template="/a/{news_code}.html",
    feeds=("/api/",),
)
