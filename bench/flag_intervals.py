"""95 % bootstrap confidence intervals for the flag quality figures of one gold file.

A set of 60 threats gives a recall figure that could easily be ten points higher or
lower on another 60; the research note asks for intervals on every number. This script
scores each row once (rules only, or rules + model with ``--deep``), then resamples the
rows with replacement (``--resamples``, default 2,000, fixed seed) and prints, per
category, precision and recall with the 2.5th and 97.5th percentiles, and the false
flags per 1,000 ordinary messages the same way. It prints no message text.

Usage::

    uv run python bench/flag_intervals.py tests/data/flags/fresh11.jsonl [--deep]

(``fresh11.jsonl`` is the kept-back set, added by the lead; any other gold file works the
same way, and so do several joined with ``cat``.)
"""

from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent.parent))

from bench.eval_flags import _SCOPE, _kind, found_categories, load
from onward.analysis.flags import CATEGORIES

Scored = tuple[set[str], set[str], tuple[str, ...], bool]  # labels, found, scope, ordinary


def score(rows: list[dict[str, object]], *, deep: bool) -> list[Scored]:
    """Each row's labels and flagged categories, within the categories it is checked for."""
    found = found_categories(rows, deep=deep)
    return [
        (
            {str(x) for x in row.get("labels", [])},  # type: ignore[attr-defined]
            got,
            _SCOPE[_kind(row)],
            _kind(row) == "ordinary",
        )
        for row, got in zip(rows, found, strict=True)
    ]


def figures(scored: list[Scored]) -> dict[str, float]:
    """Precision and recall per category and false flags per 1,000 ordinary messages."""
    out: dict[str, float] = {}
    for category in CATEGORIES:
        tp = fp = fn = 0
        for labels, found, scope, _ordinary in scored:
            if category not in scope:
                continue
            expected, got = category in labels, category in found
            tp += expected and got
            fp += got and not expected
            fn += expected and not got
        if tp + fn:
            out[f"{category} recall"] = tp / (tp + fn)
        if tp + fp:
            out[f"{category} precision"] = tp / (tp + fp)
    ordinary = [found for _labels, found, _scope, is_ordinary in scored if is_ordinary]
    if ordinary:
        out["false flags per 1,000 ordinary"] = 1000 * sum(map(len, ordinary)) / len(ordinary)
    return out


def intervals(
    scored: list[Scored], *, resamples: int, seed: int = 1
) -> dict[str, tuple[float, float, float]]:
    """Each figure with its 95 % percentile bootstrap interval."""
    point = figures(scored)
    rng = random.Random(seed)
    draws: dict[str, list[float]] = {name: [] for name in point}
    for _ in range(resamples):
        sample = [scored[rng.randrange(len(scored))] for _ in scored]
        for name, value in figures(sample).items():
            if name in draws:
                draws[name].append(value)
    out: dict[str, tuple[float, float, float]] = {}
    for name, value in point.items():
        values = sorted(draws[name])
        low = values[int(0.025 * (len(values) - 1))]
        high = values[int(0.975 * (len(values) - 1))]
        out[name] = (value, low, high)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", type=Path)
    parser.add_argument("--deep", action="store_true", help="rules and the model")
    parser.add_argument("--resamples", type=int, default=2000)
    args = parser.parse_args(argv)
    scored = score(load(args.path), deep=args.deep)
    way = "rules + model" if args.deep else "rules only"
    print(f"### {args.path.name}, {way}: 95 % bootstrap intervals ({args.resamples} resamples)")
    print()
    print("| figure | value | 95 % interval |")
    print("|---|---|---|")
    for name, (value, low, high) in intervals(scored, resamples=args.resamples).items():
        digits = 2 if name.startswith("false") else 3
        print(f"| {name} | {value:.{digits}f} | {low:.{digits}f}–{high:.{digits}f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
