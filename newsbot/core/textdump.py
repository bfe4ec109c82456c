"""Plain-text dumps of article pages (like the seed article).

Layout: optional site chrome lines (slogan, menu), then labelled header
lines «کد خبر: …» and «تاریخ انتشار: …» in any order, then the title, the
lead and the body paragraphs, one per non-empty line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_HEADER = re.compile(r"^\s*(کد\s*خبر|تاریخ\s*انتشار)\s*[:：]\s*(.*?)\s*$")


class TextDumpError(ValueError):
    """The text is not a news page dump."""


@dataclass
class TextDump:
    news_code: str | None = None
    date_raw: str | None = None
    title: str | None = None
    lead: str | None = None
    paragraphs: list[str] = field(default_factory=list)
    chrome: list[str] = field(default_factory=list)


def parse_text_dump(text: str) -> TextDump:
    """Split a dump into its header values, title, lead and body lines."""
    lines = [line.strip() for line in text.splitlines()]
    header_end = -1
    dump = TextDump()
    for index, line in enumerate(lines):
        match = _HEADER.match(line)
        if match:
            header_end = index
            if match.group(1).startswith("کد"):
                dump.news_code = match.group(2)
            else:
                dump.date_raw = match.group(2)
        elif header_end < 0 and line:
            dump.chrome.append(line)
    if header_end < 0:
        raise TextDumpError("no «کد خبر:» or «تاریخ انتشار:» header line")
    rest = [line for line in lines[header_end + 1:] if line]
    if len(rest) < 2:
        raise TextDumpError("no title and body after the header lines")
    dump.title, *body = rest
    if len(body) > 1:
        dump.lead, *body = body
    dump.paragraphs = body
    return dump
