"""The normalizer on the real news corpora of shared/corpora (read in place,
never copied into the repository; skipped when absent), and the lexicon
builder on synthetic counts."""

from __future__ import annotations

import importlib.util
from collections import Counter
from pathlib import Path

import pytest

from newsbot.normalize import Normalizer, mask, normalize
from newsbot.normalize.corpus import corpora_dir, iter_corpus_texts

REPO = Path(__file__).resolve().parents[1]

Z = "\u200c"

_HAVE_CORPORA = corpora_dir().is_dir() and any(corpora_dir().iterdir())
needs_corpora = pytest.mark.skipif(
    not _HAVE_CORPORA, reason=f"corpora not found at {corpora_dir()} (set NEWSBOT_SHARED to the shared directory)"
)


@pytest.fixture(scope="module")
def corpus():
    return [t for _name, t in iter_corpus_texts()]


@needs_corpora
def test_corpora_are_read(corpus):
    assert len(corpus) > 10_000
    assert sum(map(len, corpus)) > 4_000_000


@pytest.mark.e2e  # slow: every corpus text twice (~7 s)
@needs_corpora
def test_idempotent_on_every_corpus_text(corpus):
    bad = [t for t in corpus if normalize(normalize(t)) != normalize(t)]
    assert not bad, bad[:3]


@needs_corpora
def test_protected_spans_survive_on_corpora(corpus):
    nz = Normalizer()
    checked = 0
    for text in corpus:
        pre = text
        for step in nz.pre_steps:
            pre = step(pre)
        _masked, spans = mask(pre, "persian")
        if not spans:
            continue
        out = nz(text)
        for span in spans:
            assert span in out, (span, text[:200])
            checked += 1
    assert checked > 5_000


@needs_corpora
def test_no_new_verb_reading_of_midani(corpus):
    for text in corpus:
        if "میدانی" in text and "تو میدانی" not in text and "میدانی؟" not in text:
            assert f"می{Z}دانی" not in normalize(text) or f"می{Z}دانی" in text


def _builder():
    spec = importlib.util.spec_from_file_location("build_zwnj_lexicon", REPO / "scripts" / "build_zwnj_lexicon.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_lexicon_builder_thresholds_on_synthetic_counts():
    b = _builder()
    words = Counter({
        f"منطقه{Z}ای": 10, "منطقه": 50,                     # split attested, joined never
        f"آن{Z}ها": 10, "آنها": 100, "آن": 200,               # joined dominates: stays joined
        f"می{Z}شود": 30, f"می{Z}شوند": 5, "میشود": 3,         # verb split
        f"می{Z}گوئل": 2,                                       # not a verb form: skipped
        f"رخ{Z}داد": 5, "رخداد": 1,                            # light verb: skipped
        f"کرده{Z}ای": 3, "کرد": 40,                            # کردهای = کرد + های
        f"سرمایه{Z}گذاری": 20,
        "زیباتر": 2, "زیبا": 10,
    })
    pairs = Counter({("می", "شود"): 10, ("سرمایه", "گذاری"): 5, ("بزرگ", "تر"): 2})
    sources = {w: {"a", "b"} for w in words if Z in w}
    split, known, stems, comparative, compounds = b.build(words, pairs, Counter(), sources, set())
    assert split["منطقهای"] == f"منطقه{Z}ای"
    assert split["میشود"] == f"می{Z}شود"
    assert "آنها" not in split and "آنها" in known
    assert "میگوئل" not in split and "رخداد" not in split and "کردهای" not in split
    assert "شو" in stems
    assert {"بزرگ", "زیبا"} <= set(comparative)
    assert ("سرمایه", "گذاری") in compounds
