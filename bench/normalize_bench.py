#!/usr/bin/env python3
"""Throughput of newsbot's normalizer against hazm's, on the real corpora.

    .venv/bin/python bench/normalize_bench.py [--repeat 3] [--limit CHARS] [--no-hazm]

What it does
------------
* Reads every text field of every corpus in ``shared/corpora`` (the
  directory next to the repository, or ``$NEWSBOT_SHARED/corpora``) with
  ``newsbot.normalize.corpus`` - about 5.2 M characters in 17,500 texts
  (titles, leads, paragraphs, bodies).  The corpora are read in place.
* Times ``newsbot.normalize.normalize`` (level ``full``: all rules on) over
  all texts, one call per text as the pipeline does: a *cold* pass (empty
  word caches) and the best of ``--repeat`` *warm* passes.
* Times ``hazm.Normalizer().normalize`` (hazm's defaults: all its rules)
  on the same texts in the same run.  hazm is not a dependency of newsbot:
  it lives in a throwaway virtual environment, ``bench/.venv-hazm``
  (git-ignored), created on first use with ``hazm<0.12`` (hazm 0.12 needs
  Python 3.12; 0.10 installs on 3.11 and pulls nltk, gensim, numpy).  The
  hazm side runs in a subprocess of that environment, is handed the same
  list of texts (as JSON on stdin) and reports its timings the same way.
* Prints characters per second for both and the ratio (goal: newsbot >= 5x
  hazm with all rules on).

The warm figure is the steady state of a crawler (the word cache is
bounded and keeps the vocabulary of news text); the cold figure includes
building it.  ``--no-hazm`` skips the comparison (no venv needed).

``--against REF`` also times the normalizer of an older commit (``git
archive REF newsbot`` into a temporary directory, imported under another
package name) in the same process, alternating with the current one, in CPU
time (``time.process_time``: stable on a shared machine), and prints
new/old for a cold pass (lexicon load + first pass) and the best warm pass.
"""

from __future__ import annotations

import argparse
import gc
import importlib
import io
import json
import os
import subprocess
import sys
import tarfile
import tempfile
import time
import venv
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from newsbot.normalize import Normalizer  # noqa: E402
from newsbot.normalize.corpus import corpora_dir, iter_corpus_texts  # noqa: E402

HAZM_VENV = REPO / "bench" / ".venv-hazm"
HAZM_REQUIREMENT = "hazm<0.12"

HAZM_WORKER = r"""
import json, sys, time
from hazm import Normalizer
texts = json.load(sys.stdin)
repeat = int(sys.argv[1])
t0 = time.perf_counter()
nz = Normalizer()
setup = time.perf_counter() - t0
t0 = time.perf_counter()
for t in texts:
    nz.normalize(t)
cold = time.perf_counter() - t0
warm = float("inf")
for _ in range(repeat):
    t0 = time.perf_counter()
    for t in texts:
        nz.normalize(t)
    warm = min(warm, time.perf_counter() - t0)
from importlib.metadata import version
print(json.dumps({"cold": cold, "warm": warm, "setup": setup, "version": version("hazm")}))
"""


def hazm_python() -> Path:
    """The Python of bench/.venv-hazm, created (and hazm installed) if needed."""
    py = HAZM_VENV / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
    if not py.exists() or subprocess.run([str(py), "-c", "import hazm"], capture_output=True).returncode:
        print(f"setting up {HAZM_VENV} with {HAZM_REQUIREMENT} (once) ...", file=sys.stderr)
        venv.create(HAZM_VENV, with_pip=True, clear=True)
        subprocess.run([str(py), "-m", "pip", "install", "-q", HAZM_REQUIREMENT], check=True)
    return py


def time_newsbot(texts: list[str], repeat: int) -> dict:
    nz = Normalizer()
    t0 = time.perf_counter()
    for t in texts:
        nz(t)
    cold = time.perf_counter() - t0
    warm = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        for t in texts:
            nz(t)
        warm = min(warm, time.perf_counter() - t0)
    return {"cold": cold, "warm": warm}


def old_normalize(ref: str, tmp: Path):
    """``newsbot.normalize`` as of git *ref*, imported as ``nb_old.normalize``."""
    archive = subprocess.run(["git", "-C", str(REPO), "archive", ref, "newsbot"],
                             capture_output=True, check=True).stdout
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(tmp, filter="data")
    (tmp / "newsbot").rename(tmp / "nb_old")
    sys.path.insert(0, str(tmp))
    return importlib.import_module("nb_old.normalize"), importlib.import_module("nb_old.normalize._lexicon")


def time_against(texts: list[str], total: int, ref: str, repeat: int) -> None:
    from newsbot.normalize import _lexicon as new_lexicon
    import newsbot.normalize as new

    with tempfile.TemporaryDirectory(prefix="normalize-bench-") as tmp:
        old, old_lexicon = old_normalize(ref, Path(tmp))

        def cold(mod, lex) -> float:
            t0 = time.process_time()
            nz = mod.Normalizer(lexicon=lex.Lexicon.load())
            for t in texts:
                nz(t)
            return time.process_time() - t0

        def warm(nz) -> float:
            t0 = time.process_time()
            for t in texts:
                nz(t)
            return time.process_time() - t0

        best = {"old cold": float("inf"), "new cold": float("inf"),
                "old warm": float("inf"), "new warm": float("inf")}
        nz_old, nz_new = old.Normalizer(), new.Normalizer()
        warm(nz_old), warm(nz_new)
        for _ in range(max(repeat, 3)):
            gc.collect()
            best["old cold"] = min(best["old cold"], cold(old, old_lexicon))
            gc.collect()
            best["new cold"] = min(best["new cold"], cold(new, new_lexicon))
            best["old warm"] = min(best["old warm"], warm(nz_old))
            best["new warm"] = min(best["new warm"], warm(nz_new))
    print(f"against {ref} (CPU time, alternating): "
          + "   ".join(f"{k} {total / v / 1e6:.2f} M chars/s" for k, v in best.items()))
    print(f"ratio new/old: cold {best['old cold'] / best['new cold']:.3f}   "
          f"warm {best['old warm'] / best['new warm']:.3f}")


def time_hazm(texts: list[str], repeat: int) -> dict:
    py = hazm_python()
    res = subprocess.run([str(py), "-c", HAZM_WORKER, str(repeat)], input=json.dumps(texts),
                         capture_output=True, text=True, encoding="utf-8", check=True)
    return json.loads(res.stdout.strip().splitlines()[-1])


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description="newsbot normalizer vs hazm throughput on shared/corpora")
    ap.add_argument("--repeat", type=int, default=3, help="warm passes (best is kept)")
    ap.add_argument("--limit", type=int, default=0, help="use only the first N characters of texts")
    ap.add_argument("--no-hazm", action="store_true", help="time newsbot only")
    ap.add_argument("--against", metavar="REF",
                    help="also time the normalizer of git REF in the same run (CPU time)")
    args = ap.parse_args(argv)

    if not corpora_dir().is_dir():
        print(f"no corpora at {corpora_dir()} (set NEWSBOT_SHARED)", file=sys.stderr)
        return 2
    texts, total = [], 0
    for _name, text in iter_corpus_texts():
        texts.append(text)
        total += len(text)
        if args.limit and total >= args.limit:
            break
    print(f"corpora: {corpora_dir()}  texts: {len(texts)}  characters: {total:,}")

    ours = time_newsbot(texts, args.repeat)
    print(f"newsbot (full): cold {total / ours['cold'] / 1e6:6.2f} M chars/s   "
          f"warm {total / ours['warm'] / 1e6:6.2f} M chars/s")
    if args.against:
        time_against(texts, total, args.against, args.repeat)
    if args.no_hazm:
        return 0
    theirs = time_hazm(texts, args.repeat)
    print(f"hazm {theirs['version']:>7}:  cold {total / theirs['cold'] / 1e6:6.2f} M chars/s   "
          f"warm {total / theirs['warm'] / 1e6:6.2f} M chars/s   (+{theirs['setup']:.1f} s to load)")
    print(f"ratio newsbot/hazm: cold {theirs['cold'] / ours['cold']:.1f}x   "
          f"warm {theirs['warm'] / ours['warm']:.1f}x   (goal >= 5x)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
