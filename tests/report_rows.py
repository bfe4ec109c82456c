"""A small coverage history for report tests: six runs of one site, the lead lost in the last two."""

from __future__ import annotations

from newsbot.monitor.coverage import SiteCoverage, build_row
from newsbot.monitor.drift import find_drifts
from newsbot.monitor.history import SqliteHistory


def fill_history(path, runs: int = 6) -> SqliteHistory:
    """Store *runs* rows of site ``asrpress`` (8 items each; lead empty from run 5) with real drift flags."""
    history = SqliteHistory(path)
    for run in range(1, runs + 1):
        coverage = SiteCoverage("asrpress")
        for i in range(8):
            coverage.observe({"title": "t", "news_code": str(i), "published_at": "2023-12-0%dT10:00:00+03:30" % run,
                              "lead": "" if run >= 5 else "l", "body": "b", "tags": ["x"] if i % 2 else []})
            coverage.written_item({"published_at": "2023-12-0%dT10:00:00+03:30" % run})
        coverage.dropped["missing_body"] += run % 3
        row = build_row(coverage, run_id=f"asrpress-{run}", spider="asrpress", started_at=f"2023-12-0{run}T00:00:00",
                        finished_at=f"2023-12-0{run}T00:05:00+00:00", finish_reason="finished",
                        walls={"captcha": 1} if run == 2 else {}, selectors={"lead": {".subtitle": 8 if run < 5 else 0}},
                        selectors_exact=True, links_known=0)
        row["drifts"] = [d.as_dict() for d in find_drifts(row, history.recent("asrpress", "asrpress"))]
        history.add(row)
    return history
