"""Per-domain concurrency holds at DOWNLOAD_DELAY=0 (issue 17 item 5, issue 15 item 4).

Scrapy 2.19's downloader starts every queued request of a slot at once when
the slot's delay is 0 (see newsbot.downloader).  50 loopback sites, each on
its own 127.0.0.x address, hold every response 20 ms and record how many
requests they answer at the same moment.
"""

from __future__ import annotations

import pytest

from tests.inflight import InFlightSites
from tests.scrapy_run import run_scrapy, stat

pytestmark = pytest.mark.e2e
UPSTREAM = ("-s", "DOWNLOADER=scrapy.core.downloader.Downloader")


def crawl_sites(sites: InFlightSites, *settings: str):
    origins = ",".join(sites.origins)
    return run_scrapy(
        "runspider", "tests/inflight_spider.py", "-a", f"origins={origins}", "-a", f"pages={sites.pages}",
        "-s", f"NEWSBOT_TRUSTED_ORIGINS={origins}", "-s", "ROBOTSTXT_OBEY=False",
        "-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=False", "-s", "CONCURRENT_REQUESTS=16",
        "-s", "LOG_LEVEL=INFO", *settings, timeout=120,
    )


@pytest.mark.parametrize("per_domain", [1, 2])
def test_at_most_the_per_domain_limit_in_flight_across_50_domains(per_domain):
    with InFlightSites(50, pages=3, hold=0.02) as sites:
        result = crawl_sites(sites, "-s", f"CONCURRENT_REQUESTS_PER_DOMAIN={per_domain}")
    assert sorted(sites.hits.values()) == [4] * 50
    assert stat(result.stderr, "downloader/response_status_count/200") == 200
    assert max(sites.max_in_flight.values()) == per_domain
    assert len(sites.max_in_flight) == 50


def test_upstream_downloader_breaks_the_limit():
    """The upstream behaviour this works around (fails once Scrapy fixes it: then drop newsbot.downloader)."""
    with InFlightSites(3, pages=5) as sites:
        crawl_sites(sites, "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=1", *UPSTREAM)
    assert max(sites.max_in_flight.values()) > 1
