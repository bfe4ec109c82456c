"""Build WARC files as other crawlers write them (for tests and bench/warc_bench.py).

Records are made with warcio's ``WARCWriter`` (WARC/1.0 like Common Crawl's
CC-NEWS, one gzip member per record).  A response body may be sent with
``Content-Encoding: gzip`` and/or ``Transfer-Encoding: chunked`` framing, as
crawlers that keep the bytes from the wire (CC-NEWS keeps the content
encoding; wget/warcprox keep chunked framing too).
"""

from __future__ import annotations

import gzip
from datetime import datetime, timezone
from io import BytesIO

from warcio.statusandheaders import StatusAndHeaders
from warcio.timeutils import datetime_to_iso_date
from warcio.warcwriter import WARCWriter


def chunked(data: bytes, size: int = 4096) -> bytes:
    """*data* in HTTP/1.1 chunked transfer framing."""
    out = b""
    for i in range(0, len(data), size):
        piece = data[i:i + size]
        out += b"%x\r\n" % len(piece) + piece + b"\r\n"
    return out + b"0\r\n\r\n"


def write_response(writer: WARCWriter, url: str, body: bytes, *, status: int = 200,
                   content_type: str = "text/html; charset=utf-8", gzip_body: bool = False,
                   chunked_body: bool = False, date: datetime | None = None) -> None:
    headers = [("Content-Type", content_type)]
    if gzip_body:
        body = gzip.compress(body, mtime=0)
        headers.append(("Content-Encoding", "gzip"))
    if chunked_body:
        body = chunked(body)
        headers.append(("Transfer-Encoding", "chunked"))
    else:
        headers.append(("Content-Length", str(len(body))))
    http = StatusAndHeaders(f"{status} OK" if status == 200 else f"{status} Other", headers,
                            protocol="HTTP/1.1")
    warc_headers = {}
    if date is not None:
        warc_headers["WARC-Date"] = datetime_to_iso_date(date.astimezone(timezone.utc).replace(tzinfo=None))
    record = writer.create_warc_record(url, "response", payload=BytesIO(body), length=len(body),
                                       http_headers=http, warc_headers_dict=warc_headers)
    writer.write_record(record)


def write_revisit(writer: WARCWriter, url: str) -> None:
    http = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
    writer.write_record(writer.create_revisit_record(
        url, "sha1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", url, "2024-01-01T00:00:00Z", http_headers=http))


def new_writer(handle) -> WARCWriter:
    return WARCWriter(handle, gzip=True, warc_version="1.0")
