"""Drift end to end: a site redesigned between run 3 and run 4 is flagged.

A generated IranSamaneh site (spider ``asrpress``) on 127.0.0.1 publishes
six new articles before each run.  From run 4 on its article pages use a
new layout: the lead moves to ``div.summary-box`` (no lead selector matches
any more) and the body container becomes ``section.story-text`` (no body
selector matches; the text is still found by the heuristic, so only the
selector change shows).  Run 4 must flag exactly those two fields, exit 1
with ``NEWSBOT_FAIL_ON_DRIFT=True``; run 5 without it flags them again and
exits 0; the report shows the lead's fall.
"""

from __future__ import annotations

import re
import subprocess
import sys

import pytest

from newsbot.monitor.history import SqliteHistory
from tests.conftest import REPO
from tests.mocknews import NewsSite
from tests.mocksite import MockSite
from tests.scrapy_run import FAST, run_scrapy


class RedesignedSite(NewsSite):
    """A NewsSite whose article pages switch to a new layout when ``redesigned`` is set."""

    redesigned = False

    def article_html(self, a) -> bytes:
        html = super().article_html(a)
        if self.redesigned:
            html = html.replace(b'<div class="subtitle">', b'<div class="summary-box">')
            html = html.replace(b'<div class="body">', b'<section class="story-text">')
            html = html.replace(b'</p></div>\n<div class="related_news">', b'</p></section>\n<div class="related_news">')
        return html


def crawl(server, tmp_path, *extra):
    return run_scrapy(
        "crawl", "asrpress", "-a", f"base_url={server.base_url}",
        "-s", f"NEWSBOT_OUTPUT_DIR={tmp_path / 'out'}", "-s", f"NEWSBOT_SEEN_PATH={tmp_path / 'seen.sqlite3'}",
        *FAST, *extra, check=False, timeout=180)


def drift_lines(stderr: str) -> list[str]:
    return [line.split("ERROR: ", 1)[1] for line in stderr.splitlines() if "ERROR: drift:" in line]


@pytest.mark.e2e
def test_redesign_is_flagged_fails_the_run_and_shows_in_the_report(tmp_path):
    site = RedesignedSite("iransamaneh", 6)
    results = []
    with MockSite(site.route) as server:
        for run in range(1, 6):
            if run > 1:
                for _ in range(6):
                    site.add()
            site.redesigned = run >= 4
            results.append(crawl(server, tmp_path, *(("-s", "NEWSBOT_FAIL_ON_DRIFT=True") if run <= 4 else ())))
    for result in results[:3]:
        assert result.returncode == 0, result.stderr[-3000:]
        assert drift_lines(result.stderr) == []
        assert "Warning" not in result.stderr
    fourth, fifth = results[3], results[4]
    expected = ["drift: asrpress: lead filled in 0% of 6 items (median 100% over 3 runs)",
                "drift: asrpress: body now filled by 'heuristic' (was 'div.body' in 3 of 3 runs)"]
    assert sorted(drift_lines(fourth.stderr)) == sorted(expected)
    assert fourth.returncode == 1, fourth.stderr[-3000:]
    assert "DRIFT asrpress/lead/fill_drop: 1" in fourth.stderr  # the run summary
    assert "DRIFT asrpress/body/selector_changed: 1" in fourth.stderr
    assert "'newsbot/exit_reason/drift': 1" in fourth.stderr
    # run 5: same new layout, no NEWSBOT_FAIL_ON_DRIFT: flagged again (median still 100%), exit 0
    assert fifth.returncode == 0, fifth.stderr[-3000:]
    assert len(drift_lines(fifth.stderr)) == 2

    history = SqliteHistory(tmp_path / "seen.sqlite3")
    rows = history.recent("asrpress", "asrpress")
    history.close()
    assert [row["items_written"] for row in rows] == [6, 6, 6, 6, 6]
    assert [row["fill"]["lead"] for row in rows] == [1.0, 1.0, 1.0, 0.0, 0.0]
    assert [row["fill"]["body"] for row in rows] == [1.0] * 5
    assert rows[0]["selectors"]["body"]["div.body"] == 6
    assert rows[3]["selectors"]["body"]["heuristic"] == 6
    assert {(d["kind"], d["field"]) for d in rows[3]["drifts"]} == {("fill_drop", "lead"), ("selector_changed", "body")}

    out = tmp_path / "report.html"
    subprocess.run([sys.executable, "-m", "newsbot.report", "--state", str(tmp_path / "seen.sqlite3"),
                    "--out", str(out)], cwd=REPO, check=True, capture_output=True, timeout=120)
    html = out.read_text(encoding="utf-8")
    assert 'class="alert drift-latest"' in html and "lead filled in 0% of 6 items" in html
    lead_row = re.search(r"<tr><td>lead</td>(.*?)</tr>", html).group(1)
    assert re.findall(r'<td class="(\w*)">([^<]*)</td>', lead_row) == [
        ("", "100%"), ("", "100%"), ("", "100%"), ("flag", "0%"), ("flag", "0%")]
    assert html.count("<img ") == 3 and "<script" not in html
