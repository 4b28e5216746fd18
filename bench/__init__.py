"""Benchmarks. ``make bench`` runs them all and writes docs/benchmarks.md.

A benchmark module reports :class:`Section` objects: one table of measured
figures, each with the target it is held to and whether it met it.
``bench.run_all`` renders them, together with the Markdown that sibling
benchmark scripts print, into one document.
"""

from __future__ import annotations

import math
import os
from dataclasses import dataclass, field
from pathlib import Path


def shared_generator() -> Path:
    """The shared WhatsApp generator (``../shared/bench/gen_whatsapp.py``).

    ``ONWARD_GENERATOR`` names it outright; otherwise the first ``shared/bench`` found
    beside the repository or beside any folder above it, so a git worktree of the
    repository (``/work/wt/NAME``) finds it as the main clone does.
    """
    named = os.environ.get("ONWARD_GENERATOR")
    if named:
        return Path(named)
    here = Path(__file__).resolve().parent.parent
    for folder in (here, *here.parents):
        candidate = folder.parent / "shared" / "bench" / "gen_whatsapp.py"
        if candidate.is_file():
            return candidate
    return here.parent / "shared" / "bench" / "gen_whatsapp.py"  # named in the error


def cpu_ticks() -> tuple[int, int]:
    """(steal, total) CPU ticks since boot from /proc/stat; (0, 0) where there is none.

    Steal is time a virtual machine's CPUs were ready to run but the host ran another
    guest: a noisy neighbour. Latency figures measured while it is high are not this
    code's (session 10's hosted run lost 8-12 % this way and missed its targets)."""
    try:
        with open("/proc/stat") as fh:
            fields = fh.readline().split()
    except OSError:
        return 0, 0
    if not fields or fields[0] != "cpu" or len(fields) < 9:
        return 0, 0
    ticks = [int(x) for x in fields[1:9]]  # user nice system idle iowait irq softirq steal
    return ticks[7], sum(ticks)


def steal_share(before: tuple[int, int], after: tuple[int, int]) -> str:
    """The share of CPU time stolen between two ``cpu_ticks`` readings, as "n.n %"."""
    total = after[1] - before[1]
    if total <= 0:
        return "unknown"
    return f"{100 * (after[0] - before[0]) / total:.1f} %"


@dataclass(frozen=True, slots=True)
class Figure:
    """One measured number: what, how much, the target, and whether it was met."""

    metric: str
    value: str
    target: str = ""
    passed: bool | None = None  # None: reported for context, no target

    @property
    def verdict(self) -> str:
        if self.passed is None:
            return ""
        return "pass" if self.passed else "**FAIL**"


@dataclass(slots=True)
class Section:
    """One benchmark's table, with notes on method and on anything that missed."""

    title: str
    figures: list[Figure] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def add(self, metric: str, value: str, target: str = "", passed: bool | None = None) -> None:
        self.figures.append(Figure(metric, value, target, passed))

    @property
    def missed(self) -> list[Figure]:
        return [f for f in self.figures if f.passed is False]

    def to_markdown(self) -> str:
        lines = [
            f"## {self.title}",
            "",
            "| Metric | Value | Target | Result |",
            "|---|---|---|---|",
        ]
        for f in self.figures:
            lines.append(f"| {f.metric} | {f.value} | {f.target} | {f.verdict} |")
        if self.notes:
            lines.append("")
            lines.extend(f"- {note}" for note in self.notes)
        return "\n".join(lines) + "\n"


def percentile(values: list[float], pct: float) -> float:
    """Nearest-rank percentile (pct in 0..100) of a non-empty list."""
    ordered = sorted(values)
    rank = max(1, math.ceil(pct / 100 * len(ordered)))
    return ordered[min(rank, len(ordered)) - 1]
