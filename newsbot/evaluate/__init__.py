"""Extraction accuracy against hand-checked truth: ``python -m newsbot.evaluate``.

Usage::

    python -m newsbot.evaluate --pages DIR [--truth FILE] [--min-score F]
                               [--fields title,news_code,...] [--json] [--url-hint]
    python -m newsbot.evaluate --cases DIR [--kinds date,normalize,replay,crawl]
                               [--require-all] [--json]

``--pages`` and ``--cases`` may be given together.  The cases mode runs every
handed case of a cases directory (``../shared/cases``) and prints pass/fail
per case: see :mod:`newsbot.evaluate.cases`.

Package layout: :mod:`.compare` (folding and field rules), :mod:`.pages`
(truth, extraction, report), :mod:`.cases` and :mod:`.loopback` (the cases
mode), :mod:`.cli` (this command line).

Every page listed in the truth file (JSON Lines; default ``DIR/truth.jsonl``)
is replayed through exactly the production path — ``extract_file(path)``
(no ``site=``, no ``url=``), ``NormalizePipeline``, then the JSON line the
writer would store — and five fields are scored: ``title``, ``news_code``,
``published_at``, ``lead`` and ``body``.  ``--url-hint`` passes the truth
``url`` to ``extract_file(url=...)`` to see which pages need it.

Comparison rules (all pure functions below, importable by tests and the
benchmark):

* Text is compared by :func:`match_key`: :func:`fold_text` (NFKC; ي ى ے → ی,
  ك ڪ → ک, ة ۀ ہ → ه; Persian/Arabic digits → ASCII; ، ؛ ؟ ٪ ٫ ٬ → , ; ? % . ,;
  all double quotes « » “ ” → ``"``; diacritics, kashida, bidi and zero-width
  marks removed; ZWNJ → space; whitespace runs → one space; stripped) with
  the spaces then removed.  Spacing is not compared because the normalizer
  legitimately repairs half-spaces and punctuation spacing (کمکهای →
  کمک‌های, «یزد ، سرهنگ» → «یزد، سرهنگ»); every letter, digit and
  punctuation mark is.
* ``title`` and ``lead``: equal keys.  ``lead`` is ``n/a`` (not counted) for a
  page whose truth has no lead.
* ``news_code``: the item's code equals the truth ``news_id`` with ASCII
  digits, exactly.
* ``published_at``: ``datetime.fromisoformat`` on the item's value and on
  each accepted truth value; equal when the UTC offsets are equal and the
  times truncated to the minute are equal (seconds ignored).  A value without
  an offset (a bare date) never matches.
* ``body``: with K the key of the body, F of ``first_sentence`` and L of
  ``last_sentence``: F occurs in K starting at key offset ≤ ``MAX_PREFIX``
  (40; room for a dateline, nothing more); L occurs at or after F and at
  most ``MAX_SUFFIX`` (40) key characters follow it; the key of
  ``body_end_marker`` (a sign-off such as «انتهای پیام») occurs nowhere in K.
  Offsets count key characters, i.e. folded characters without spaces.

A page that cannot be extracted counts as failed on every scored field, with
the reason.  Exit status: 0 when every field's score (passed / counted) is at
least ``--min-score`` (default 1.0), 1 otherwise, 2 on usage errors (missing
directory, truth file or page file; malformed truth; no ``--pages`` nor
``--cases``).  With ``--cases``: 1 also when ``--require-all`` is given and
any case fails.
"""

from __future__ import annotations

from newsbot.evaluate.cases import (
    KINDS, CaseResult, compare_fields, evaluate_cases, format_cases, load_cases, run_case, same_value,
)
from newsbot.evaluate.cli import build_parser, main, run
from newsbot.evaluate.compare import (
    FAIL, FIELDS, MARKS, MAX_PREFIX, MAX_SUFFIX, NA, PASS, FieldResult, describe_difference,
    failed_record, fold_text, match_body, match_key, match_lead, match_news_code, match_published,
    match_title, parse_instant, same_minute, score_record, texts_equal,
)
from newsbot.evaluate.pages import (
    PageResult, UsageError, describe_error, evaluate_pages, extract_record, format_report,
    format_table, load_truth, meets, totals,
)

__all__ = [
    "KINDS", "CaseResult", "compare_fields", "evaluate_cases", "format_cases", "load_cases",
    "run_case", "same_value", "build_parser", "main", "run",
    "FAIL", "FIELDS", "MARKS", "MAX_PREFIX", "MAX_SUFFIX", "NA", "PASS", "FieldResult",
    "describe_difference", "failed_record", "fold_text", "match_body", "match_key", "match_lead",
    "match_news_code", "match_published", "match_title", "parse_instant", "same_minute",
    "score_record", "texts_equal", "PageResult", "UsageError", "describe_error", "evaluate_pages",
    "extract_record", "format_report", "format_table", "load_truth", "meets", "totals",
]
