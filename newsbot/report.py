"""``python -m newsbot.report``: one self-contained HTML file of the coverage history.

    python -m newsbot.report [--state state/seen.sqlite3 | --redis redis://127.0.0.1:6379/0]
                             [--out report.html] [--runs 30] [--spider NAME]

Per spider and site: articles per publish day, the fill rate of each field
over the last RUNS runs, written / dropped / walls per run (matplotlib
SVG charts, inline as data URIs: no script, no network), and every flagged
drift, the latest run's in a red box.  Exit status 0, 2 for bad usage
(missing state file).
"""

from __future__ import annotations

import argparse
import sys
from datetime import datetime, timezone
from html import escape
from pathlib import Path

from newsbot.exitcodes import EXIT_OK, EXIT_USAGE
from newsbot.monitor import charts
from newsbot.monitor.history import RedisHistory, SqliteHistory

STYLE = """
body{font-family:DejaVu Sans,Arial,sans-serif;margin:1.5em;color:#222;max-width:1100px}
h2{border-bottom:2px solid #3465a4;padding-bottom:.2em;margin-top:2em}
.alert{background:#fde8e8;border:2px solid #cc0000;padding:.5em 1em;margin:.8em 0}
.alert h3{color:#cc0000;margin:.2em 0}
.ok{background:#e9f7e1;border:1px solid #4e9a06;padding:.3em 1em}
table{border-collapse:collapse;font-size:12px;margin:.5em 0}
td,th{border:1px solid #bbb;padding:2px 6px;text-align:right}
th:first-child,td:first-child{text-align:left}
td.flag{background:#f8b4b4;font-weight:bold}
img{display:block;max-width:100%;margin:.5em 0}
.meta{color:#666;font-size:12px}
"""


def _percent(value) -> str:
    return "–" if value is None else f"{value:.0%}"


def drift_html(rows: list[dict]) -> str:
    latest = (rows[-1].get("drifts") or []) if rows else []
    parts = []
    if latest:
        items = "".join(f"<li>{escape(d['message'])} <code>[{escape(d['kind'])}]</code></li>" for d in latest)
        parts.append(f'<div class="alert drift-latest"><h3>Drift flagged in the latest run '
                     f'({escape(rows[-1]["finished_at"][:16])})</h3><ul>{items}</ul></div>')
    else:
        parts.append('<div class="ok">No drift flagged in the latest run.</div>')
    earlier = [(row, d) for row in rows[:-1] for d in row.get("drifts") or []]
    if earlier:
        items = "".join(f"<li>{escape(row['finished_at'][:16])}: {escape(d['message'])}</li>"
                        for row, d in reversed(earlier))
        parts.append(f"<details><summary>Earlier flags ({len(earlier)})</summary><ul>{items}</ul></details>")
    return "".join(parts)


def table_html(rows: list[dict]) -> str:
    head = "".join(f"<th>{escape(label)}</th>" for label in charts.run_labels(rows))
    body = []
    for name, values in charts.fill_table(rows):
        cells = []
        for row, value in zip(rows, values):
            flagged = any(d.get("field") == name for d in row.get("drifts") or [])
            cells.append(f'<td class="{"flag" if flagged else ""}">{_percent(value)}</td>')
        body.append(f"<tr><td>{escape(name)}</td>{''.join(cells)}</tr>")
    for label, key in (("items extracted", "items_seen"), ("items written", "items_written")):
        body.append(f"<tr><td>{label}</td>" + "".join(f"<td>{row.get(key, 0)}</td>" for row in rows) + "</tr>")
    return f'<table class="fill"><tr><th>field</th>{head}</tr>{"".join(body)}</table>'


def site_section(spider: str, site: str, rows: list[dict]) -> str:
    title = site if spider == site else f"{site} (spider {spider})"
    flagged = " flagged" if rows and rows[-1].get("drifts") else ""
    charts_html = "".join(
        f'<img alt="{escape(alt)} — {escape(site)}" src="{charts.data_uri(svg)}">'
        for alt, svg in (("articles per day", charts.articles_per_day(rows)),
                         ("fill rates", charts.fill_rates(rows)),
                         ("drops and walls", charts.drops_and_walls(rows))))
    return (f'<section class="site{flagged}" id="{escape(spider)}--{escape(site)}"><h2>{escape(title)}</h2>'
            f'<p class="meta">{len(rows)} runs, last {escape(rows[-1]["finished_at"][:19])} UTC</p>'
            f"{drift_html(rows)}{charts_html}{table_html(rows)}</section>")


def render(history, runs: int = 30, spider: str | None = None) -> str:
    """The whole HTML page for *history* (a :mod:`newsbot.monitor.history` store)."""
    sections, flagged = [], []
    for spider_name, site in history.keys():
        if spider and spider_name != spider:
            continue
        rows = history.recent(spider_name, site, runs)
        if rows:
            sections.append(site_section(spider_name, site, rows))
            if rows[-1].get("drifts"):
                flagged.append(f'<a href="#{escape(spider_name)}--{escape(site)}">{escape(site)}</a>')
    summary = (f'<div class="alert"><h3>Sites with drift in their latest run: {len(flagged)}</h3>'
               f'{", ".join(flagged)}</div>' if flagged else '<div class="ok">No site drifted in its latest run.</div>')
    now = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    return (f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>newsbot coverage report</title>'
            f"<style>{STYLE}</style></head><body><h1>newsbot coverage report</h1>"
            f'<p class="meta">Generated {now}; {len(sections)} site(s), last {runs} runs each.</p>'
            f"{summary}{''.join(sections) or '<p>No coverage history yet.</p>'}</body></html>")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m newsbot.report", description=__doc__.split("\n")[0])
    parser.add_argument("--state", default="state/seen.sqlite3", help="SQLite state file (NEWSBOT_COVERAGE_PATH)")
    parser.add_argument("--redis", help="Redis URL of a distributed deployment (instead of --state)")
    parser.add_argument("--prefix", default="newsbot", help="NEWSBOT_REDIS_PREFIX")
    parser.add_argument("--out", default="report.html", type=Path)
    parser.add_argument("--runs", default=30, type=int, help="runs shown per site")
    parser.add_argument("--spider", help="only this spider")
    args = parser.parse_args(argv)
    if args.redis:
        from newsbot.distributed.connection import redis_from_settings

        history = RedisHistory(redis_from_settings({"REDIS_URL": args.redis}), args.prefix)
    else:
        if not Path(args.state).is_file():
            print(f"newsbot: no state file at {args.state} (run a crawl first, or pass --state)", file=sys.stderr)
            return EXIT_USAGE
        history = SqliteHistory(args.state)
    try:
        html = render(history, args.runs, args.spider)
    finally:
        history.close()
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(html, encoding="utf-8")
    print(f"newsbot: report written to {args.out}", file=sys.stderr)
    return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
