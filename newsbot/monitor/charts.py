"""Charts of a site's coverage history, drawn with matplotlib as SVG (no pyplot global state).

Each function takes the site's rows (oldest first, shape in
:mod:`newsbot.monitor`) and returns SVG text; :func:`data_uri` wraps it for
an ``<img>`` so several charts share one HTML page without id clashes.
"""

from __future__ import annotations

import base64
import io
from collections import Counter

from matplotlib.backends.backend_svg import FigureCanvasSVG
from matplotlib.figure import Figure

from newsbot.monitor.coverage import MONITORED_FIELDS

#: Fields drawn in the fill-rate chart (the others are in the table).
CHART_FIELDS = ("title", "news_code", "published_at", "lead", "body", "category", "tags", "authors", "images")


def _svg(figure: Figure) -> str:
    FigureCanvasSVG(figure)
    buffer = io.StringIO()
    figure.savefig(buffer, format="svg", metadata={"Date": None}, bbox_inches="tight")
    return buffer.getvalue()


def data_uri(svg: str) -> str:
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii")


def run_labels(rows: list[dict]) -> list[str]:
    return [row["finished_at"][5:19].replace("T", " ") for row in rows]


def articles_per_day(rows: list[dict], last: int = 60) -> str:
    """Bar chart: items written per local publish day (the *last* days that have any)."""
    days: Counter[str] = Counter()
    for row in rows:
        days.update({d: n for d, n in (row.get("days") or {}).items() if d != "undated"})
    chosen = sorted(days)[-last:]
    figure = Figure(figsize=(9, 2.6))
    axes = figure.add_subplot()
    axes.bar(range(len(chosen)), [days[d] for d in chosen], color="#3465a4")
    axes.set_xticks(range(len(chosen)), chosen, rotation=60, ha="right", fontsize=7)
    axes.set_ylabel("articles")
    axes.set_title("Articles per publish day")
    if not chosen:
        axes.text(0.5, 0.5, "no dated article yet", ha="center", va="center", transform=axes.transAxes)
    return _svg(figure)


def fill_rates(rows: list[dict]) -> str:
    """Line chart: fill rate of each field per run; flagged fields marked with a red ring."""
    figure = Figure(figsize=(9, 3.4))
    axes = figure.add_subplot()
    x = list(range(len(rows)))
    for name in CHART_FIELDS:
        series = [(row.get("fill") or {}).get(name) for row in rows]
        if all(v is None for v in series):
            continue
        axes.plot(x, [v if v is not None else float("nan") for v in series], marker="o", markersize=3,
                  label=name, linewidth=1.2)
        for i, row in enumerate(rows):
            if any(d.get("field") == name and d.get("kind") in ("fill_drop", "selector_changed")
                   for d in row.get("drifts") or []):
                axes.scatter([i], [series[i] or 0.0], s=140, facecolors="none", edgecolors="#cc0000",
                             linewidths=2, zorder=5)
    axes.set_ylim(-0.05, 1.05)
    axes.set_ylabel("fill rate")
    axes.set_xticks(x, run_labels(rows), rotation=60, ha="right", fontsize=7)
    axes.set_title("Field fill rate per run (red ring: drift flagged)")
    axes.legend(fontsize=7, ncol=5, loc="lower left")
    return _svg(figure)


def drops_and_walls(rows: list[dict]) -> str:
    """Stacked bars per run: items written, dropped by reason, walls met (by kind)."""
    figure = Figure(figsize=(9, 3))
    axes = figure.add_subplot()
    x = list(range(len(rows)))
    bottom = [0.0] * len(rows)
    series = [("written", [row.get("items_written") or 0 for row in rows], "#73d216")]
    reasons = sorted({r for row in rows for r in (row.get("dropped") or {})})
    series += [(f"dropped: {r}", [(row.get("dropped") or {}).get(r, 0) for row in rows], None) for r in reasons]
    kinds = sorted({k for row in rows for k in (row.get("walls") or {})})
    series += [(f"wall: {k}", [(row.get("walls") or {}).get(k, 0) for row in rows], None) for k in kinds]
    for label, values, color in series:
        axes.bar(x, values, bottom=bottom, label=label, color=color)
        bottom = [b + v for b, v in zip(bottom, values)]
    axes.set_xticks(x, run_labels(rows), rotation=60, ha="right", fontsize=7)
    axes.set_ylabel("items / walls")
    axes.set_title("Written, dropped and walls per run")
    axes.legend(fontsize=7, ncol=3, loc="upper left")
    return _svg(figure)


def fill_table(rows: list[dict]) -> list[tuple[str, list[float | None]]]:
    """``[(field, [fill per run])]`` for every monitored field (for the HTML table)."""
    return [(name, [(row.get("fill") or {}).get(name) for row in rows]) for name in MONITORED_FIELDS]
