"""Rotating WARC 1.1 files written with warcio (no Scrapy import).

Layout: ``<directory>/<site>/<YYYY-MM-DD>[.<worker>].warc.gz``, the day
being the UTC day of the record; when that name is taken (an earlier run of
the same day, another process) or the file reaches ``max_bytes``, the next
free name ``<YYYY-MM-DD>[.<worker>]-<N>.warc.gz`` (N = 1, 2, …) is used.
A file is created with ``O_EXCL`` and never appended to by a later run, so a
run killed mid-record leaves at most one truncated gzip member, at the end
of its own file (the readers skip it with a warning).

Each file starts with a ``warcinfo`` record (software, site, crawl run,
format).  Each page is three records, each its own gzip member: ``response`` (HTTP status line,
headers and body as received), ``request`` (``WARC-Concurrent-To`` the
response) and ``metadata`` (``application/warc-fields``: ``software``,
``site``, ``crawl-run``; ``WARC-Refers-To`` the response).  warcio builds
and serializes the records and computes ``WARC-Block-Digest`` and
``WARC-Payload-Digest`` (SHA-1, base32).

Compression level: warcio's own gzip wrapper always uses zlib level 9;
:class:`_LevelWARCWriter` compresses each serialized record as one gzip
member at ``gzip_level`` instead (default 6).  Measured on the 9 real pages
of ``../shared/real-pages`` (104 kB of HTML each, sent uncompressed): level 9
21 ms and 19.9 kB a page, level 6 7.6 ms and 20.1 kB, level 3 2.6 ms and
22.4 kB, level 1 2.7 ms and 24.0 kB (pages sent gzip-encoded are stored as
they came and barely change size).
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from datetime import datetime, timezone
import zlib
from io import BytesIO
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.timeutils import datetime_to_iso_date
from warcio.warcwriter import WARCWriter

from w3lib.url import safe_url_string

from newsbot import __version__

SOFTWARE = f"newsbot/{__version__}"
#: Default size at which a file is closed and the next one begun (Common Crawl uses ~1 GB).
DEFAULT_MAX_BYTES = 1_000_000_000
_UNSAFE = re.compile(r"[^A-Za-z0-9_.-]+")


@dataclass
class Exchange:
    """One HTTP exchange to archive.

    ``request_headers``/``response_headers``: ``[(name, value), …]`` as
    ``str`` (bytes decoded as Latin-1); ``body``: the response body as
    received (content-encoded); ``fetched_at``: aware UTC datetime.
    """

    url: str
    method: str
    request_headers: list[tuple[str, str]]
    request_body: bytes
    protocol: str
    status: int
    reason: str
    response_headers: list[tuple[str, str]]
    body: bytes
    fetched_at: datetime = field(default_factory=lambda: datetime.now(timezone.utc))


class _LevelWARCWriter(WARCWriter):
    """warcio's ``WARCWriter`` with one gzip member per record at a chosen zlib level."""

    def __init__(self, filebuf, level: int, **kwargs):
        super().__init__(filebuf, gzip=False, **kwargs)
        self.level = level

    def _write_warc_record(self, out, record):
        buffer = BytesIO()
        super()._write_warc_record(buffer, record)
        compressor = zlib.compressobj(self.level, zlib.DEFLATED, zlib.MAX_WBITS | 16)
        out.write(compressor.compress(buffer.getbuffer()) + compressor.flush())
        out.flush()


def safe_name(value: str) -> str:
    """*value* reduced to a file-name-safe token (``[A-Za-z0-9_.-]``)."""
    return _UNSAFE.sub("_", value).strip("._") or "_"


class WarcFileWriter:
    """Writes exchanges of one site into rotating ``.warc.gz`` files.

    *max_bytes*: a file is closed after the record that takes it to this
    size or beyond.  *gzip_level*: zlib level 1–9 of each record's member.  *info*: extra ``warcinfo`` fields.  Not thread-safe
    (Scrapy calls it from its one reactor thread).
    """

    def __init__(self, directory: str | os.PathLike, site: str, *, worker: str = "",
                 run_id: str = "", max_bytes: int = DEFAULT_MAX_BYTES, gzip_level: int = 6):
        self.directory = Path(directory) / safe_name(site)
        self.site, self.run_id = site, run_id
        self.worker = safe_name(worker) if worker else ""
        self.max_bytes, self.gzip_level = max_bytes, gzip_level
        self.handle = None
        self.writer: WARCWriter | None = None
        self.day: str | None = None
        self.path: Path | None = None
        self.files: list[Path] = []
        self.records = 0

    # -- files -------------------------------------------------------------
    def _open(self, day: str) -> None:
        self.close()
        self.directory.mkdir(parents=True, exist_ok=True)
        stem = day + (f".{self.worker}" if self.worker else "")
        number = 0
        while True:
            path = self.directory / (stem + (f"-{number}" if number else "") + ".warc.gz")
            try:
                self.handle = open(path, "xb")
                break
            except FileExistsError:
                number += 1
        self.path, self.day = path, day
        self.files.append(path)
        self.writer = _LevelWARCWriter(self.handle, self.gzip_level, warc_version="1.1")
        info = {"software": SOFTWARE, "format": "WARC File Format 1.1",
                "conformsTo": "https://iipc.github.io/warc-specifications/specifications/warc-format/warc-1.1/",
                "site": self.site, "crawl-run": self.run_id, "worker": self.worker}
        self.writer.write_record(self.writer.create_warcinfo_record(path.name, info))

    def close(self) -> None:
        if self.handle is not None:
            self.handle.close()
        self.handle = self.writer = None

    # -- records -----------------------------------------------------------
    def write(self, exchange: Exchange) -> Path:
        """Archive one exchange; returns the file it went to.  ``OSError`` if the disk refuses."""
        day = exchange.fetched_at.astimezone(timezone.utc).date().isoformat()
        if self.handle is None or day != self.day or self.handle.tell() >= self.max_bytes:
            self._open(day)
        writer = self.writer
        date = datetime_to_iso_date(exchange.fetched_at.astimezone(timezone.utc).replace(tzinfo=None),
                                    use_micros=True)
        http = StatusAndHeaders(f"{exchange.status} {exchange.reason}".strip(),
                                exchange.response_headers, protocol=exchange.protocol)
        response = writer.create_warc_record(
            exchange.url, "response", payload=BytesIO(exchange.body), length=len(exchange.body),
            http_headers=http, warc_headers_dict={"WARC-Date": date})
        path = _request_target(exchange.url)
        request_http = StatusAndHeaders(f"{exchange.method} {path}", exchange.request_headers,
                                        protocol="HTTP/1.1", is_http_request=True)
        request = writer.create_warc_record(
            exchange.url, "request", payload=BytesIO(exchange.request_body),
            length=len(exchange.request_body), http_headers=request_http,
            warc_headers_dict={"WARC-Date": date})
        writer.write_request_response_pair(request, response)
        response_id = response.rec_headers.get_header("WARC-Record-ID")
        fields = f"software: {SOFTWARE}\r\nsite: {self.site}\r\ncrawl-run: {self.run_id}\r\n".encode()
        metadata = writer.create_warc_record(
            exchange.url, "metadata", payload=BytesIO(fields), length=len(fields),
            warc_content_type="application/warc-fields",
            warc_headers_dict={"WARC-Date": date, "WARC-Refers-To": response_id,
                               "WARC-Concurrent-To": response_id})
        writer.write_record(metadata)
        self.records += 1
        return self.path


def _request_target(url: str) -> str:
    """The request-target of *url* (path and query, percent-encoded), as sent on the request line."""
    rest = safe_url_string(url).split("://", 1)[-1]
    slash = rest.find("/")
    target = rest[slash:] if slash >= 0 else "/"
    return target.split("#", 1)[0] or "/"
