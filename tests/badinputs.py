"""A generated corpus of bad replay inputs (for reliability tests).

``make_bad_corpus(directory, rng)`` writes at least 500 files in 14
categories and returns ``{category: count}``.  Every file is something a
replay can meet in a folder of saved pages and must reject without
crashing: empty, binary, truncated before the article, UTF-16 and other
encodings with no article, oversized, deeply nested, no article, listing
pages, script-only bodies, broken gzip, gzip bombs, broken text dumps.
"""

from __future__ import annotations

import gzip
import random
from pathlib import Path

from tests.conftest import FIXTURES

SEED_HTML = (FIXTURES / "asrpress" / "36482.html").read_text(encoding="utf-8")
BODY_START = SEED_HTML.index('<div class="rutitr">')


def make_bad_corpus(directory: Path, rng: random.Random) -> dict[str, int]:
    directory.mkdir(parents=True, exist_ok=True)
    made: dict[str, int] = {}

    def write(category: str, name: str, data: bytes) -> None:
        made[category] = made.get(category, 0) + 1
        (directory / f"{category}_{made[category]:03d}_{name}").write_bytes(data)

    for i in range(42):
        write("empty", "page.html", b"" if i % 2 else b" \n\t " * i)
        write("binary", "page.html", bytes(rng.getrandbits(8) for _ in range(rng.randint(1, 4000))))
        cut = rng.randint(0, BODY_START)
        write("truncated", "page.html", SEED_HTML[:cut].encode())
        write("utf16", "page.html", f"<html><body><p>سلام {i}</p></body></html>".encode("utf-16"))
        write("latin1", "page.htm", bytes(rng.randint(0x80, 0xFF) for _ in range(500)) + b"<html><p>x</p>")
        write("noarticle", "page.html", f"<html><head><title>صفحه {i}</title></head><body>"
                                        f"<p>درباره ما</p><a href='/x'>x</a></body></html>".encode())
        links = "".join(f"<li><a href='/fa/news/{n}/x'>خبر {n}</a></li>" for n in range(rng.randint(5, 60)))
        write("listing", "page.html", (f"<html><body><div class='header'>عصر پرس</div><ul>{links}</ul>"
                                       f"<div class='footer'><a href='http://www.iransamaneh.com'>iransamaneh</a>"
                                       f"</div></body></html>").encode())
        write("scriptonly", "page.html", (f"<html><head><meta property='og:type' content='article'>"
                                          f"<link rel='canonical' href='https://www.asrpress.ir/fa/news/{i}'>"
                                          f"</head><body><script>var a={i};document.write('x')</script>"
                                          f"</body></html>").encode())
        write("nested", "page.html", b"<div class='body'>" * (2000 + 500 * i) + b"deep" + b"</div>" * 10)
        write("badgzip", "page.html.gz", bytes(rng.getrandbits(8) for _ in range(300)))
        write("dump", "page.txt", rng.choice([
            "کد خبر: ۱۲\n".encode(), b"\xff\xfe\x00garbage", "تاریخ انتشار: فردا\nعنوان\nمتن".encode(),
            "فقط یک خط".encode(), "کد خبر: ۱\nتاریخ انتشار: ۳۲ آذر ۱۴۰۲\nعنوان\nلید\nمتن".encode()]))
        write("tagsoup", "page.html", ("<" * rng.randint(1, 5000) + "p>" + "&#" * 300).encode())
    bomb = gzip.compress(b"\0" * (40 * 1024 * 1024), compresslevel=9)
    for _ in range(4):
        write("gzipbomb", "page.html.gz", bomb)
    huge = b"<html><body>" + b"<p>" + b"x" * (21 * 1024 * 1024) + b"</p></body></html>"
    for _ in range(2):
        write("huge", "page.html", huge)
    return made
