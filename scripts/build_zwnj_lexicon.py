#!/usr/bin/env python3
"""Build newsbot's ZWNJ lexicon (newsbot/normalize/data/*) from real news text.

Source: every file in ``shared/corpora`` (the directory next to the
repository, or ``$NEWSBOT_SHARED/corpora``), read by
``newsbot.normalize.corpus``: Fars News (2008, 300 articles), Varzesh3 (500),
ISNA 2016, Asriran 2016, Mehr News 2011, Hamshahri/Moujez, Tabnak 2023 and
the Targoman sample - about 5.2 M characters, 1 M words.  The texts are
third-party: only word counts derived from them are written to the
repository, never the texts.

Each text is first normalized by newsbot's own normalizer with the word
rules off (characters, digits, spacing, ZWNJ clean-up), so the lexicon keys
are exactly what the word rules see at run time.  Then words (runs of
Persian letters and ZWNJ) and pairs of neighbouring words (separated by one
space) are counted, and:

``zwnj_split.tsv`` (joined -> written with ZWNJ)
    for each word written with a visible ZWNJ, ``evidence`` = its count,
    plus, for an affix split (می/نمی + verb, or a suffix such as ها، ترین،
    ای), the count of the same two parts written with a space.  The joined
    spelling is mapped to the best-attested split when ``evidence >=
    MIN_SPLIT_EVIDENCE`` (2; 1 when the joined spelling never occurs) and
    ``evidence >= SPLIT_RATIO`` (0.5; COMPOUND_SPLIT_RATIO = 3 for
    non-affix splits such as names) x the count of the joined spelling.  So
    ``منطقهای`` -> ``منطقه‌ای`` and ``مهمترین`` -> ``مهم‌ترین`` (114 split vs
    151 joined), while ``آنها`` (487 vs 1455), ``اینکه``, ``بیشتر`` and the
    name ``بهنام`` stay joined.  Skipped: splits ending in a light verb
    (``رخداد`` is a noun, ``رخ داد`` a verb), splits with ``را``, می-splits
    whose rest is not a verb form (``میگوئل``), and joined words that read as
    a correct plural of a word ending in a non-joining letter (``کردهای`` =
    کرد + های, Kurds).
``words.txt`` (word, count)
    every word seen written joined (count >= 1) that is not a key of
    ``zwnj_split.tsv``: the vocabulary of known stems; never split by the
    suffix rules, nor by the verb-prefix rule once seen 3 times.
``verb_stems.txt``
    what follows ``می‌``/``نمی‌`` in ZWNJ-written words, with and without one
    personal ending (``ند ید یم م ی د``), kept when seen in >= MIN_VERB_STEM (2)
    different forms (شو: شود، شوند ...; not گوئل from می‌گوئل, Miguel).
``comparative_stems.txt``
    words seen before ``تر``/``ترین`` written detached (ZWNJ or space), or
    joined after a non-joining final letter (``زیباتر``) when seen >= 3 times.
``compounds.tsv``
    first two parts of ZWNJ-written words whose second part is not an
    affix nor a light-verb form (شده، کردن: "انجام شده است" is a verb
    phrase), seen >= MIN_COMPOUND (4) times with ZWNJ in >= 2 corpus files,
    and at least COMPOUND_RATIO (2) x as often as the same two words written
    with a space in ZWNJ-aware texts (texts with >= 2 ZWNJ; this drops
    phrases such as "تیم ملی", "اداره کل" that some sites glue with a ZWNJ),
    neither part a function word, not in the exceptions of
    ``compounds_curated.txt``.

``compounds_curated.txt`` is written by hand and only read here.

Usage: ``python scripts/build_zwnj_lexicon.py [--out DIR]`` (prints a summary).
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from newsbot.normalize import NormalizerConfig, Normalizer  # noqa: E402
from newsbot.normalize._morph import (  # noqa: E402
    COMPARATIVE_SUFFIXES,
    FUNCTION_WORDS,
    HEH_CLITICS,
    HEH_SUFFIXES,
    NON_JOINING_SET,
    PLURAL_SUFFIXES,
    ZWNJ,
)
from newsbot.normalize._rules import PHRASE_RE  # noqa: E402
from newsbot.normalize.corpus import corpora_dir, iter_corpus_texts  # noqa: E402

MIN_SPLIT_EVIDENCE = 2
SPLIT_RATIO = 0.5
COMPOUND_SPLIT_RATIO = 3.0
MIN_VERB_STEM = 2
MIN_COMPOUND = 4
MIN_COMPOUND_SOURCES = 2
COMPOUND_RATIO = 2.0
ZWNJ_AWARE = 2
#: Verb forms: "X شده" / "X کرد" is a verb phrase in running text (انجام شده است),
#: so a compound ending in one is never joined from a space.
LIGHT_VERBS = frozenset(
    "شد شده شدن شود شوند شدند شدگان کرد کرده کردن کند کنند کردند داد داده دادن دهد دهند "
    "داشت داشته داشتن دارد دارند زد زده زدن زند گرفت گرفته گرفتن گیرد یافت یافته یافتن یابد "
    "آمد آمده آمدن آید دید دیده دیدن بیند ماند مانده ماندن ساخت ساخته ساختن رفت رفته رفتن "
    "خورد خورده خوردن کشید کشیده کشیدن".split()
)
AFFIXES = PLURAL_SUFFIXES | COMPARATIVE_SUFFIXES | HEH_SUFFIXES | HEH_CLITICS | {"ی", "یی"}
VERB_PREFIX_PARTS = {"می", "نمی", "برمی", "درمی", "برنمی", "درنمی"}
FORMAL_ENDINGS = ("ند", "ید", "یم", "م", "ی", "د")


def visible(word: str) -> str:
    """Drop the ZWNJs that follow a non-joining letter (they are invisible and
    the normalizer removes them)."""
    out = []
    for i, ch in enumerate(word):
        if ch == ZWNJ and (i == 0 or word[i - 1] in NON_JOINING_SET):
            continue
        out.append(ch)
    return "".join(out)


def count(texts) -> tuple[Counter, Counter, Counter, dict[str, set[str]]]:
    """From ``(source, text)`` pairs: word counts, pair counts, pair counts in
    ZWNJ-aware texts only (texts with at least ZWNJ_AWARE visible ZWNJs:
    their writers use it), and the sources of every ZWNJ-written word."""
    base = Normalizer(NormalizerConfig(fix_joined_words=False, fix_zwnj_affixes=False,
                                       fix_compounds=False, ezafe=False))
    words: Counter = Counter()
    pairs: Counter = Counter()
    pairs_aware: Counter = Counter()
    sources: dict[str, set[str]] = {}
    for source, text in texts:
        text = base(text)
        aware = text.count(ZWNJ) >= ZWNJ_AWARE
        for m in PHRASE_RE.finditer(text):
            toks = m.group().split(" ")
            words.update(toks)
            pairs.update(zip(toks, toks[1:]))
            if aware:
                pairs_aware.update(zip(toks, toks[1:]))
            for t in toks:
                if ZWNJ in t:
                    sources.setdefault(t, set()).add(source)
    return words, pairs, pairs_aware, sources


def build(words: Counter, pairs: Counter, pairs_aware: Counter, sources: dict[str, set[str]],
          curated_never: set[tuple[str, str]]):
    zwnj = {w: c for w, c in words.items() if ZWNJ in w}

    # joined -> split
    stem_forms: dict[str, set[str]] = {}
    for w in zwnj:
        head, _, rest = w.partition(ZWNJ)
        if head in ("می", "نمی"):
            rest = rest.partition(ZWNJ)[0]
            for stem in {rest} | {rest[: -len(e)] for e in FORMAL_ENDINGS if rest.endswith(e) and len(rest) > len(e)}:
                stem_forms.setdefault(stem, set()).add(rest)
    verb_stems = {s for s, forms in stem_forms.items() if len(forms) >= MIN_VERB_STEM}

    def is_verb(rest: str) -> bool:
        return rest in verb_stems or any(
            rest.endswith(e) and rest[: -len(e)] in verb_stems for e in FORMAL_ENDINGS)

    def plural_of_non_joining(joined: str) -> bool:
        """کردهای = کرد + های (Kurds): a correct joined plural, not کرده‌ای."""
        for suf in PLURAL_SUFFIXES:
            stem = joined[: -len(suf)]
            if joined.endswith(suf) and stem and stem[-1] in NON_JOINING_SET and words.get(stem, 0) >= 3:
                return True
        return False

    best: dict[str, tuple[int, str, bool]] = {}
    for w, c in zwnj.items():
        v = visible(w)
        if ZWNJ not in v:
            continue
        parts = v.split(ZWNJ)
        if "را" in parts or (parts[-1] in LIGHT_VERBS and parts[0] not in VERB_PREFIX_PARTS):
            continue
        if parts[0] in ("می", "نمی") and not is_verb(parts[1]):
            continue
        affix = parts[0] in VERB_PREFIX_PARTS or parts[-1] in AFFIXES
        joined = w.replace(ZWNJ, "")
        evidence = c + (pairs.get((parts[0], parts[1]), 0) if len(parts) == 2 and affix else 0)
        if joined not in best or evidence > best[joined][0]:
            best[joined] = (evidence, v, affix)
    split = {}
    for joined, (evidence, v, affix) in best.items():
        jc = words.get(joined, 0)
        need = MIN_SPLIT_EVIDENCE if jc else 1
        ratio = SPLIT_RATIO if affix else COMPOUND_SPLIT_RATIO
        if evidence >= need and evidence >= ratio * jc and not plural_of_non_joining(joined):
            split[joined] = v

    known = {w: c for w, c in words.items() if ZWNJ not in w and w not in split}

    comparative = set()
    for w in zwnj:
        head, _, rest = w.rpartition(ZWNJ)
        if rest in ("تر", "ترین") and ZWNJ not in head:
            comparative.add(head)
    for (a, b), c in pairs.items():
        if b in ("تر", "ترین") and ZWNJ not in a:
            comparative.add(a)
    for w, c in known.items():
        # after a non-joining letter the ZWNJ is invisible: زیباتر is زیبا + تر
        for suf in ("تر", "ترین"):
            stem = w[: -len(suf)]
            if w.endswith(suf) and stem and stem[-1] in NON_JOINING_SET and words.get(stem, 0) >= 3:
                comparative.add(stem)
    comparative = {a for a in comparative if len(a) >= 2 and a not in FUNCTION_WORDS}

    comp: Counter = Counter()
    comp_sources: dict[tuple[str, str], set[str]] = {}
    for w, c in zwnj.items():
        parts = visible(w).split(ZWNJ)
        if len(parts) < 2:
            continue
        a, b = parts[0], parts[1]
        if (a in VERB_PREFIX_PARTS or b in AFFIXES or a in FUNCTION_WORDS or b in FUNCTION_WORDS
                or b in LIGHT_VERBS or b in ("ست", "است")):
            continue
        if len(a) < 2 or len(b) < 2:
            continue
        comp[(a, b)] += c
        comp_sources.setdefault((a, b), set()).update(sources.get(w, ()))
    compounds = sorted(
        k for k, c in comp.items()
        if c >= MIN_COMPOUND and c >= COMPOUND_RATIO * pairs_aware.get(k, 0)
        and len(comp_sources[k]) >= MIN_COMPOUND_SOURCES and k not in curated_never
    )
    return split, known, sorted(verb_stems), sorted(comparative), compounds


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", type=Path, default=REPO / "newsbot" / "normalize" / "data")
    args = ap.parse_args(argv)
    if not corpora_dir().is_dir():
        print(f"no corpora at {corpora_dir()} (set NEWSBOT_SHARED)", file=sys.stderr)
        return 2
    never = set()
    cur = args.out / "compounds_curated.txt"
    if cur.exists():
        for line in cur.read_text(encoding="utf-8").splitlines():
            parts = line.split()
            if len(parts) == 3 and parts[0] == "!":
                never.add((parts[1], parts[2]))
    words, pairs, pairs_aware, sources = count(iter_corpus_texts())
    split, known, verb_stems, comparative, compounds = build(words, pairs, pairs_aware, sources, never)
    out = args.out
    out.mkdir(parents=True, exist_ok=True)
    header = "# generated by scripts/build_zwnj_lexicon.py from shared/corpora - do not edit\n"
    (out / "zwnj_split.tsv").write_text(
        header + "".join(f"{j}\t{s}\n" for j, s in sorted(split.items())), encoding="utf-8")
    (out / "words.txt").write_text(
        header + "".join(f"{w}\t{c}\n" for w, c in sorted(known.items())), encoding="utf-8")
    (out / "verb_stems.txt").write_text(header + "".join(w + "\n" for w in verb_stems), encoding="utf-8")
    (out / "comparative_stems.txt").write_text(
        header + "".join(w + "\n" for w in comparative), encoding="utf-8")
    (out / "compounds.tsv").write_text(
        header + "".join(f"{a}\t{b}\n" for a, b in compounds), encoding="utf-8")
    print(f"tokens={sum(words.values())} distinct={len(words)} split={len(split)} words={len(known)} "
          f"verb_stems={len(verb_stems)} comparative={len(comparative)} compounds={len(compounds)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
