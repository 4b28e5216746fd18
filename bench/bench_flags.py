"""Measure how many messages per second ``detect_flags`` checks on one core.

The messages are the user texts of the project's synthetic WhatsApp generator
(``../shared/bench/gen_whatsapp.py``): short chat lines in six languages with emoji, links
and the vocabulary of a breakup ("answer the phone", "I'm outside", "miss you"), so most of
them reach the rules. Each figure is the best of ``--repeat`` runs (the least disturbed by
other processes) and uses CPU time of this process, so a busy machine inflates it less.
The result is a Markdown table on stdout.

Usage::

    uv run python bench/bench_flags.py [--n 50000] [--repeat 5]
"""

from __future__ import annotations

import argparse
import importlib.util
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from types import ModuleType

from onward.analysis.flags import CATEGORIES, PARTNER_CATEGORIES, check_draft, detect_flags

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as ``python bench/<name>.py``
    sys.path.insert(0, str(ROOT))
from bench import shared_generator  # noqa: E402

GENERATOR = shared_generator()
TARGET_PER_S = 100_000


def load_generator(path: Path) -> ModuleType:
    """Import the shared generator from its file (it is not a package)."""
    spec = importlib.util.spec_from_file_location("gen_whatsapp", path)
    if spec is None or spec.loader is None:
        raise SystemExit(f"cannot load the generator at {path}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def messages(generator: ModuleType, n: int, variant: str, seed: int) -> list[str]:
    """The texts people typed (no media, system or call lines)."""
    return [t["text"] for _, t in generator.generate(n, variant, seed) if t["kind"] == "user"]


def best_rate(run: Callable[[Sequence[str]], int], texts: Sequence[str], repeat: int) -> float:
    """Messages per CPU-second, best of ``repeat`` runs."""
    best = float("inf")
    for _ in range(repeat):
        start = time.process_time()
        run(texts)
        best = min(best, time.process_time() - start)
    return len(texts) / best if best > 0 else float("inf")


def _all(texts: Sequence[str]) -> int:
    return sum(len(detect_flags(t)) for t in texts)


def _partner(texts: Sequence[str]) -> int:
    return sum(len(detect_flags(t, categories=PARTNER_CATEGORIES)) for t in texts)


def _drafts(texts: Sequence[str]) -> int:
    return sum(len(check_draft(t)) for t in texts)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--n", type=int, default=50_000, help="messages to generate per variant")
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--generator", type=Path, default=GENERATOR)
    args = ap.parse_args(argv)
    generator = load_generator(args.generator)
    detect_flags("warm up the prefilter")  # builds the rule index once
    rows = []
    for variant in ("android", "ios"):
        texts = messages(generator, args.n, variant, args.seed)
        flagged = sum(bool(detect_flags(t)) for t in texts)
        for label, run in (
            ("detect_flags (all categories)", _all),
            ("detect_flags (partner categories)", _partner),
            ("check_draft", _drafts),
        ):
            rate = best_rate(run, texts, args.repeat)
            rows.append((variant, label, len(texts), flagged, rate))
    sys.stdout.write(
        f"### Flag speed, one core (CPU time, best of {args.repeat}; "
        f"{len(CATEGORIES)} categories)\n\n"
        "| generator variant | call | messages | messages with a flag | messages/s | "
        f"≥ {TARGET_PER_S:,}/s |\n|---|---|---:|---:|---:|---|\n"
    )
    for variant, label, n, flagged, rate in rows:
        ok = "yes" if rate >= TARGET_PER_S else "**no**"
        sys.stdout.write(f"| {variant} | {label} | {n:,} | {flagged:,} | {rate:,.0f} | {ok} |\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
