"""Scrapy settings for newsbot: polite, safe defaults for unattended crawls.

Override per run with ``-s NAME=VALUE``.  newsbot's own settings:
``NEWSBOT_OUTPUT_DIR``, ``NEWSBOT_OUTPUT_TEMPLATE``, ``NEWSBOT_JSONL_FSYNC``
(see ``newsbot.pipelines.jsonl``) and ``NEWSBOT_CONTACT`` (put in the
User-Agent so site owners can reach you).
"""

BOT_NAME = "newsbot"
SPIDER_MODULES = ["newsbot.spiders"]
NEWSPIDER_MODULE = "newsbot.spiders"
# `scrapy crawl` with documented exit codes (newsbot.exitcodes).
COMMANDS_MODULE = "newsbot.commands"
# One spider loader per process: the crawl command's argument check reuses it (newsbot.spiderloader).
SPIDER_LOADER_CLASS = "newsbot.spiderloader.CachedSpiderLoader"

# Who to contact about this crawler; goes into the User-Agent (newsbot.addons).
NEWSBOT_CONTACT = "+https://github.com/newsbot-fa/newsbot"

# Politeness.
ROBOTSTXT_OBEY = True
CONCURRENT_REQUESTS = 16
CONCURRENT_REQUESTS_PER_DOMAIN = 1
DOWNLOAD_DELAY = 1.0
AUTOTHROTTLE_ENABLED = True
# Per-domain concurrency that holds at DOWNLOAD_DELAY=0 too (Scrapy 2.19 does not: newsbot.downloader).
DOWNLOADER = "newsbot.downloader.Downloader"
AUTOTHROTTLE_START_DELAY = 1.0
AUTOTHROTTLE_MAX_DELAY = 30.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 1.0
DOWNLOAD_TIMEOUT = 30
DOWNLOAD_MAXSIZE = 10 * 1024 * 1024
DOWNLOAD_WARNSIZE = 2 * 1024 * 1024
RETRY_TIMES = 2
RETRY_HTTP_CODES = [500, 502, 503, 504, 522, 524, 408, 429]

# Safety: no remote code execution surfaces.
TELNETCONSOLE_ENABLED = False
REMOTE_CONTROL_ENABLED = False

ITEM_PIPELINES = {
    "newsbot.pipelines.normalize.NormalizePipeline": 100,
    "newsbot.pipelines.validate.ValidatePipeline": 200,
    "newsbot.monitor.schema.SchemaValidationPipeline": 250,
    "newsbot.pipelines.dedupe.DedupePipeline": 300,
    "newsbot.pipelines.jsonl.JsonLinesPipeline": 800,
}
SPIDER_MIDDLEWARES = {
    "newsbot.state.middleware.SeenFilterMiddleware": 550,
}
DOWNLOADER_MIDDLEWARES = {
    "newsbot.security.SafeRequestsMiddleware": 50,
    "newsbot.middlewares.RetryAfterMiddleware": 560,
    # walls (CDN challenges, captcha, 403/429 pages) never reach a spider; after retries (550)
    "newsbot.walls.WallMiddleware": 540,
    # Scrapy's meta refresh, but a refresh to an unusable URL is ignored, not "Error downloading"
    "scrapy.downloadermiddlewares.redirect.MetaRefreshMiddleware": None,
    "newsbot.middlewares.SafeMetaRefreshMiddleware": 580,
    # WARC archive: bytes as received between RedirectMiddleware (600) and HttpCompressionMiddleware
    # (590); written after WallMiddleware (540), so walls are never archived
    "newsbot.archive.middleware.WarcCaptureMiddleware": 595,
    "newsbot.archive.middleware.WarcArchiveMiddleware": 530,
}
EXTENSIONS = {
    "newsbot.monitor.extension.CoverageMonitor": 490,
    "newsbot.extensions.CrawlSummary": 500,
    "newsbot.state.middleware.SeenRecorder": 510,
    "newsbot.rejects.RejectsLog": 520,
    "newsbot.downloader.BoundedStop": 530,
}
# A graceful stop drops queued downloads at once and cancels those still in flight after this many s.
NEWSBOT_STOP_TIMEOUT = 10

# Incremental state: articles already exported are not fetched again.
NEWSBOT_SEEN_ENABLED = True
NEWSBOT_SEEN_STORE = "newsbot.state.sqlite.SqliteSeenStore"
NEWSBOT_SEEN_PATH = "state/seen.sqlite3"
# A page rejected for what it is (not HTML, extraction error, impossible dates) is not fetched
# again for this many seconds (0: every run); see newsbot.state.REJECT_REASONS.
NEWSBOT_REJECT_RETRY_AFTER = 7 * 86400

# Guards for unattended runs (override per run with -s).
CLOSESPIDER_TIMEOUT = 4 * 3600
CLOSESPIDER_ERRORCOUNT = 500
NEWSBOT_RETRY_AFTER_MAX = 300
# Archive pagination stops at a page whose article links are at least this share known.
NEWSBOT_KNOWN_STOP_RATIO = 0.8

# WARC archive of every article fetched (newsbot.archive.middleware); empty = off.
NEWSBOT_ARCHIVE_DIR = "archive"
NEWSBOT_ARCHIVE_MAX_BYTES = 1_000_000_000
NEWSBOT_ARCHIVE_GZIP_LEVEL = 6
NEWSBOT_ARCHIVE_DISCOVERY = False

NEWSBOT_OUTPUT_DIR = "output"
NEWSBOT_OUTPUT_TEMPLATE = "{site}/{date}.jsonl"
NEWSBOT_JSONL_FSYNC = False
# "append" (exactly once, files only grow) or "update" (replace changed records by an
# atomic rewrite); empty: "update" for the replay spider, "append" otherwise (newsbot.pipelines.jsonl).
NEWSBOT_OUTPUT_POLICY = ""
# Seconds a run waits for another run of the same site to release <site>.lock (newsbot.state.guard).
NEWSBOT_LOCK_WAIT = 0
# Exit status 1 when errors logged exceed this share of the pages handled (newsbot.extensions).
NEWSBOT_MAX_ERROR_RATIO = 0.1

FEED_EXPORT_ENCODING = "utf-8"
LOG_LEVEL = "INFO"
LOG_FORMATTER = "newsbot.logformatter.NewsLogFormatter"

# Distributed mode: -s NEWSBOT_MODE=redis -s REDIS_URL=redis://127.0.0.1:6379/0
# (see newsbot.distributed).  The add-on does nothing in the default local mode.
NEWSBOT_MODE = "local"
ADDONS = {"newsbot.addons.UserAgentAddon": 0, "newsbot.distributed.RedisModeAddon": 1}
NEWSBOT_REDIS_PREFIX = "newsbot"
NEWSBOT_RUN_WINDOW = 600

# -o/-O FILE.jsonl: Scrapy's JSON Lines exporter with a fast path for NewsArticle (same bytes).
FEED_EXPORTERS = {fmt: "newsbot.exporters.NewsJsonLinesExporter" for fmt in ("jsonlines", "jsonl", "jl")}
FEED_EXPORTERS["parquet"] = "newsbot.parquet.ParquetItemExporter"

# Monitoring (newsbot.monitor): per-site coverage history and drift flags at the end of each run;
# -s NEWSBOT_VALIDATE=True checks every item against newsbot/schema/newsarticle.schema.json.
NEWSBOT_FAIL_ON_DRIFT = False
NEWSBOT_VALIDATE = False

# Stats: the console dump leaves out per-selector counters (newsbot.stats).
STATS_CLASS = "newsbot.stats.NewsStatsCollector"
NEWSBOT_STATS_DUMP_EXCLUDE = ["parser/"]
# Rejects file for every spider (-a rejects=FILE or this; newsbot.rejects).
NEWSBOT_REJECTS_PATH = None
# Replay: seconds between progress lines (0: none).
NEWSBOT_PROGRESS_INTERVAL = 5.0
