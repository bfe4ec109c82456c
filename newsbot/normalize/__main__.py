"""Command-line filter: normalize UTF-8 text from stdin to stdout.

    python -m newsbot.normalize [--level full|standard|minimal] [--digits keep|persian|ascii]
                                [--no-RULE ...] [--code] < in.txt > out.txt

The input is processed line by line (each line through the same
``normalize`` function the pipeline uses), so a huge input never needs to
fit in memory.  Lines are the unit: a paragraph is one line.
"""

from __future__ import annotations

import argparse
import dataclasses
import io
import sys

from . import LEVELS, NormalizerConfig, Normalizer, normalize_code

_BOOL_FIELDS = [f.name for f in dataclasses.fields(NormalizerConfig) if f.type in (bool, "bool")]


def build_parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(
        prog="python -m newsbot.normalize",
        description="Normalize Persian news text read from stdin (UTF-8) and write it to stdout.",
    )
    ap.add_argument("--level", choices=sorted(LEVELS), default="full",
                    help="rule set (default: full = all rules)")
    ap.add_argument("--digits", choices=("keep", "persian", "ascii"),
                    help="digit policy outside protected spans (default: the level's)")
    ap.add_argument("--code", action="store_true",
                    help="treat each line as an identifier (normalize_code: ASCII digits, trimmed)")
    for name in _BOOL_FIELDS:
        flag = name.replace("_", "-")
        ap.add_argument(f"--no-{flag}", dest=name, action="store_false", default=None,
                        help=f"turn off {name}")
        ap.add_argument(f"--{flag}", dest=name, action="store_true", default=None,
                        help=argparse.SUPPRESS)
    return ap


def config_from_args(args: argparse.Namespace) -> NormalizerConfig:
    changes = {name: getattr(args, name) for name in _BOOL_FIELDS if getattr(args, name) is not None}
    if args.digits:
        changes["digits"] = args.digits
    return LEVELS[args.level].replace(**changes)


def main(argv: list[str] | None = None, stdin=None, stdout=None) -> int:
    args = build_parser().parse_args(argv)
    stdin = stdin or io.TextIOWrapper(sys.stdin.buffer, encoding="utf-8", errors="replace", newline="")
    stdout = stdout or io.TextIOWrapper(sys.stdout.buffer, encoding="utf-8", newline="")
    func = normalize_code if args.code else Normalizer(config_from_args(args))
    write = stdout.write
    for line in stdin:
        if line.endswith("\n"):
            body, nl = line[:-1], "\n"
            if body.endswith("\r"):
                body = body[:-1]
        else:
            body, nl = line, ""
        write(func(body) + nl)
    stdout.flush()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
