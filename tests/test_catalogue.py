"""The site catalogue: every entry checked as data, and every entry is a spider (no network)."""

from __future__ import annotations

import asyncio
import re
from zoneinfo import ZoneInfo

import pytest
from scrapy.spiderloader import SpiderLoader
from scrapy.utils.project import get_project_settings

from newsbot.core.urls import host_in_domains, host_of
from newsbot.extract.families import FAMILIES_BY_NAME
from newsbot.sites import SITES
from newsbot.sites.catalogue import CATALOGUE, COLUMNS, LANGUAGES, TIMEZONES, VERIFIED, load

ENTRIES = list(CATALOGUE.values())
SOURCES = ("targoman:src/scrappers/", "commoncrawl/web-languages:", "public press directory", "reference:")


def test_catalogue_is_large_and_covers_iran_afghanistan_and_diaspora():
    assert len(ENTRIES) >= 200
    assert sum(e.language == "prs" for e in ENTRIES) >= 8
    assert sum(e.timezone == "page" for e in ENTRIES) >= 15
    assert {e.family for e in ENTRIES} >= {"iransamaneh", "nastooh", "asam", "generic"}


def test_names_and_domains_are_unique_across_catalogue_and_site_modules():
    names = [e.name for e in ENTRIES] + list(SITES)
    assert len(names) == len(set(names))
    domains = [d for e in ENTRIES for d in e.domains] + [d for p in SITES.values() for d in p.domains]
    assert len(domains) == len(set(domains))
    for entry in ENTRIES:  # no entry's host belongs to another entry or module site
        others = [p for p in SITES.values() if host_in_domains(host_of(entry.base_url), p.domains)]
        assert others == [], entry.name


@pytest.mark.parametrize("entry", ENTRIES, ids=lambda e: e.name)
def test_entry(entry):
    assert re.fullmatch(r"[a-z0-9][a-z0-9_-]*", entry.name)
    assert entry.family in FAMILIES_BY_NAME
    profile = entry.profile  # builds the SiteProfile: compiles the URL rule
    assert profile.article_path_re.pattern
    if entry.family != "generic":
        assert "id" in profile.article_path_re.groupindex
    assert entry.base_url.startswith("https://")
    assert host_in_domains(host_of(entry.base_url), entry.domains)
    assert all(d == d.lower() and "." in d and "/" not in d for d in entry.domains)
    for feed in entry.feeds:
        assert feed.startswith("/") or (feed.startswith("https://") and host_in_domains(host_of(feed), entry.domains))
    assert entry.language in LANGUAGES and entry.timezone in TIMEZONES and entry.verified in VERIFIED
    assert (entry.language == "prs") == (entry.timezone == "Asia/Kabul")
    if entry.timezone != "page":
        ZoneInfo(entry.timezone)
    assert entry.source.startswith(SOURCES)


def test_every_entry_is_a_spider_whose_first_requests_stay_on_its_site():
    loader = SpiderLoader.from_settings(get_project_settings())
    listed = set(loader.list())
    assert {e.name for e in ENTRIES} <= listed and set(SITES) <= listed and "site" in listed

    async def first_requests(spidercls):
        return [request async for request in spidercls().start()]

    for entry in ENTRIES:
        spidercls = loader.load(entry.name)
        spidercls.check_arguments({}, None)
        requests = asyncio.run(first_requests(spidercls))
        assert requests, entry.name
        assert all(host_in_domains(host_of(r.url), entry.domains) for r in requests), entry.name
        assert requests[0].url == entry.base_url + "/"


def test_malformed_lines_are_refused_with_their_line_number(tmp_path):
    path = tmp_path / "catalogue.tsv"
    header = "\t".join(COLUMNS)
    path.write_text(f"# comment\n{header}\nonly\tthree\tfields\n", encoding="utf-8")
    with pytest.raises(ValueError, match="line 3: needs 11"):
        load(path)
    row = "x\t\tx.ir\thttps://x.ir\tgeneric\t\t\tfa\tAsia/Tehran\tlisted\treference:x"
    path.write_text(f"{header}\n{row}\n{row}\n", encoding="utf-8")
    with pytest.raises(ValueError, match="name 'x' is used twice"):
        load(path)
    path.write_text("name\tdomains\n", encoding="utf-8")
    with pytest.raises(ValueError, match="header must be"):
        load(path)


def test_groups_print_base_urls_for_a_urls_file(capsys):
    from newsbot.sites.catalogue import main

    main(["--language", "prs"])
    printed = capsys.readouterr().out.split()
    assert printed == [e.base_url for e in ENTRIES if e.language == "prs"]
    assert "https://8am.media/fa" in printed and len(printed) == 8


def test_catalogue_cli_lists_a_group_and_refuses_an_unknown_value(capsys):
    from newsbot.sites.catalogue import main

    main(["--language", "prs"])
    urls = capsys.readouterr().out.split()
    assert len(urls) == len([e for e in CATALOGUE.values() if e.language == "prs"]) == 8
    with pytest.raises(SystemExit) as exit_info:
        main(["--language", "xx"])  # a typo is an error, not an empty list
    assert exit_info.value.code == 2
