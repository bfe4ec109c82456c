"""WARC archives of live crawls, and readers of saved pages for replay.

* :mod:`newsbot.archive.writer` — :class:`WarcFileWriter`: rotating
  ``archive/<site>/<YYYY-MM-DD>[.<worker>][-N].warc.gz`` files written with
  warcio (WARC 1.1, one gzip member per record).  No Scrapy import.
* :mod:`newsbot.archive.middleware` — ``WarcCaptureMiddleware`` (595) and
  ``WarcArchiveMiddleware`` (530): the downloader middlewares that hand each
  article response (and feeds and sitemaps with ``NEWSBOT_ARCHIVE_DISCOVERY``)
  to the writer, walls excepted.
* :mod:`newsbot.archive.readers` — saved pages out of ``.warc``/``.warc.gz``
  files (newsbot's own, Common Crawl CC-NEWS, other crawlers') and Scrapy
  HTTP cache directories.  No Scrapy import.
* :mod:`newsbot.archive.replay` — ``ReplaySource``: page files and archive
  records under one path, the replay spider's source.
* :mod:`newsbot.archive.workers` — ``-a workers=N``: inputs split over processes.

Bytes kept: Scrapy's HTTP/1.1 download handler (Twisted) removes the
chunked transfer framing before any middleware sees a response; the
capture middleware sits at 595, between ``HttpCompressionMiddleware`` (590)
and ``RedirectMiddleware`` (600), so the body is saved *as received after
transfer decoding*, still content-encoded (gzip, br, …) exactly as the
server sent it, with the ``Content-Encoding`` header that says so.  A
``Transfer-Encoding`` header is kept under the name
``X-Archive-Orig-Transfer-Encoding`` (the convention of warcprox and pywb)
so that no reader tries to de-chunk a body that is not chunked any more.
"""
