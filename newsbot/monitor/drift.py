"""Drift rules: compare one run's coverage row of a site with that site's history.

Framework-free (no Scrapy import).  A *row* is the dict described in
:mod:`newsbot.monitor` (``items_seen``, ``items_written``, ``dropped``,
``walls``, ``fill``, ``selectors``, ``selectors_exact`` …).

Baseline: the last ``runs`` (default 10) earlier rows of the same spider
and site in which at least ``min_items`` (default 5) items were extracted;
rules need at least ``min_runs`` (default 3) such rows, else nothing is
flagged (a new site has no history).  Each figure is compared with the
**median** of the baseline, which one odd run (a holiday, an outage) does
not move.  The rules, each a :class:`Drift` ``kind``:

``fill_drop``
    a field whose baseline median fill rate is at least 0.5 has a fill rate
    at least ``fill_drop`` (default 0.25, absolute) below it, in a run with at
    least ``min_items`` items (a selector that stopped matching shows as
    100% → 0%).
``zero_articles``
    no item at all, no known article skipped either (an incremental run with
    nothing new still skips known links), while the median of the baseline
    is at least ``min_items`` items.
``drops_jump``
    the share of extracted items dropped for quality reasons (every reason
    except ``duplicate`` and ``already_in_output``, which are bookkeeping)
    is at least ``0.25`` above the baseline median share, and at least 3 items.
``walls_jump``
    walls met (``newsbot/wall/<kind>``) are at least ``max(3, median)``
    more than the baseline median.
``selector_changed``
    the selector that filled most of a field differs from the one that did
    in at least two thirds of the baseline runs (only rows whose selector
    counts belong to the site alone, ``selectors_exact``).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict, dataclass
from statistics import median

#: Drop reasons that say nothing about extraction quality.
BOOKKEEPING_DROPS = frozenset({"duplicate", "already_in_output"})


@dataclass(frozen=True)
class DriftPolicy:
    """Thresholds of the rules above (settings ``NEWSBOT_DRIFT_*``)."""

    runs: int = 10
    min_runs: int = 3
    min_items: int = 5
    fill_drop: float = 0.25
    drops_rise: float = 0.25
    min_fill: float = 0.5


@dataclass(frozen=True)
class Drift:
    """One flag: ``kind`` (a rule name above), ``field`` (``""`` for run-wide
    rules), ``current`` and ``baseline`` figures and a one-line ``message``."""

    site: str
    kind: str
    field: str
    current: float | str
    baseline: float | str
    message: str

    def as_dict(self) -> dict:
        return asdict(self)


def quality_drops(row: dict) -> int:
    return sum(n for reason, n in (row.get("dropped") or {}).items() if reason not in BOOKKEEPING_DROPS)


def drop_share(row: dict) -> float:
    seen = row.get("items_seen") or 0
    return quality_drops(row) / seen if seen else 0.0


def top_selector(counts: dict[str, int]) -> str | None:
    """The selector with the most hits (ties: the first in the profile's order), or None."""
    best, hits = None, 0
    for selector, n in counts.items():
        if n > hits:
            best, hits = selector, n
    return best


def baseline_rows(history: list[dict], policy: DriftPolicy) -> list[dict]:
    """The last ``policy.runs`` rows of *history* (oldest first) with enough items."""
    usable = [row for row in history if (row.get("items_seen") or 0) >= policy.min_items]
    return usable[-policy.runs:]


def find_drifts(row: dict, history: list[dict], policy: DriftPolicy = DriftPolicy()) -> list[Drift]:
    """Flags for *row* against *history* (earlier rows of the same spider and site, oldest first)."""
    base = baseline_rows(history, policy)
    if len(base) < policy.min_runs:
        return []
    site, flags = row["site"], []
    seen = row.get("items_seen") or 0
    if seen >= policy.min_items:
        for name, rate in sorted((row.get("fill") or {}).items()):
            usual = median((r.get("fill") or {}).get(name, 0.0) for r in base)
            if usual >= policy.min_fill and rate <= usual - policy.fill_drop:
                flags.append(Drift(site, "fill_drop", name, round(rate, 3), round(usual, 3),
                                   f"{site}: {name} filled in {rate:.0%} of {seen} items "
                                   f"(median {usual:.0%} over {len(base)} runs)"))
        flags += _selector_flags(row, base, policy)
    usual_items = median(r.get("items_seen") or 0 for r in history[-policy.runs:])
    if seen == 0 and not row.get("links_known") and usual_items >= policy.min_items:
        flags.append(Drift(site, "zero_articles", "", 0, usual_items,
                           f"{site}: no article extracted (median {usual_items:g} over recent runs)"))
    share, usual_share = drop_share(row), median(drop_share(r) for r in base)
    if quality_drops(row) >= 3 and share >= usual_share + policy.drops_rise:
        flags.append(Drift(site, "drops_jump", "", round(share, 3), round(usual_share, 3),
                           f"{site}: {quality_drops(row)} of {seen} items dropped ({share:.0%}, "
                           f"median {usual_share:.0%})"))
    walls = sum((row.get("walls") or {}).values())
    usual_walls = median(sum((r.get("walls") or {}).values()) for r in base)
    if walls - usual_walls >= max(3, usual_walls):
        flags.append(Drift(site, "walls_jump", "", walls, usual_walls,
                           f"{site}: {walls} walls met (median {usual_walls:g})"))
    return flags


def _selector_flags(row: dict, base: list[dict], policy: DriftPolicy) -> list[Drift]:
    if not row.get("selectors_exact"):
        return []
    flags = []
    exact = [r for r in base if r.get("selectors_exact")]
    for name, counts in sorted((row.get("selectors") or {}).items()):
        now = top_selector(counts)
        usual = Counter(top_selector((r.get("selectors") or {}).get(name, {})) for r in exact)
        if now is None or not usual:
            continue
        before, votes = usual.most_common(1)[0]
        if before is not None and before != now and len(exact) >= policy.min_runs \
                and votes * 3 >= len(exact) * 2:
            flags.append(Drift(row["site"], "selector_changed", name, now, before,
                               f"{row['site']}: {name} now filled by {now!r} "
                               f"(was {before!r} in {votes} of {len(exact)} runs)"))
    return flags
