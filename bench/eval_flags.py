"""Evaluate the warning-pattern flags on a labelled gold file and print a Markdown table.

Each line of the file is a JSON object: ``text``, ``labels`` (category names), optional
``note`` (``"ordinary"`` marks everyday chat used for the false-flag rate) and optional
``sender`` (``"me"`` marks the person's own draft, checked with ``check_draft``; anything
else is the partner's message, checked with ``detect_flags`` over the partner categories).
Ordinary messages are checked for every category, so any flag on them is a false flag.

Usage::

    uv run python bench/eval_flags.py tests/data/flags/gold.jsonl [--deep] [--errors]
"""

from __future__ import annotations

import argparse
import functools
import json
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent.parent))

from onward.analysis.flags import (
    CATEGORIES,
    DRAFT_CATEGORIES,
    PARTNER_CATEGORIES,
    URGENT_CATEGORIES,
    check_draft,
    detect_flags,
)
from onward.model import Flag

SUBTLE = ("guilt_trip", "jealousy", "hoovering")
EXPLICIT = ("refuses_breakup", "monitoring", "control", "pressure_to_meet")
MAX_FALSE_PER_1000 = 5.0
MAX_URGENT_FALSE_PER_1000 = 1.0


@dataclass
class Counts:
    """Confusion counts for one category."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def positives(self) -> int:
        return self.tp + self.fn

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / self.positives if self.positives else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class Report:
    """Everything the table shows, plus the rows the rules got wrong."""

    counts: dict[str, Counts] = field(default_factory=lambda: {c: Counts() for c in CATEGORIES})
    ordinary: int = 0
    ordinary_flags: int = 0
    ordinary_urgent_flags: int = 0
    ordinary_flagged_messages: int = 0
    hard: int = 0
    hard_flags: int = 0
    rows: int = 0
    errors: list[tuple[str, str, list[str], list[str]]] = field(default_factory=list)

    @property
    def false_per_1000(self) -> float:
        return 1000 * self.ordinary_flags / self.ordinary if self.ordinary else 0.0

    @property
    def hard_false_per_1000(self) -> float:
        return 1000 * self.hard_flags / self.hard if self.hard else 0.0

    @property
    def urgent_false_per_1000(self) -> float:
        return 1000 * self.ordinary_urgent_flags / self.ordinary if self.ordinary else 0.0

    @property
    def subtle_macro_f1(self) -> float:
        return sum(self.counts[c].f1 for c in SUBTLE) / len(SUBTLE)

    def target_met(self, category: str) -> bool | None:
        """Whether a category meets its target (None: report only)."""
        c = self.counts[category]
        if category in URGENT_CATEGORIES:
            return c.recall >= 0.90 and c.precision >= 0.70
        if category in EXPLICIT:
            return c.precision >= 0.85 and c.recall >= 0.75
        if category == "insult":
            return c.f1 >= 0.75
        if category in SUBTLE:
            return self.subtle_macro_f1 >= 0.65
        return None

    def all_targets_met(self) -> bool:
        return all(self.target_met(c) is not False for c in CATEGORIES) and (
            self.false_per_1000 <= MAX_FALSE_PER_1000
        )


def load(path: Path) -> list[dict[str, object]]:
    """The rows of a JSON Lines gold file."""
    with path.open(encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def _kind(row: dict[str, object]) -> str:
    if row.get("note") == "ordinary":
        return "ordinary"
    return "draft" if row.get("sender") == "me" else "partner"


_SCOPE: dict[str, tuple[str, ...]] = {
    "ordinary": CATEGORIES,
    "draft": DRAFT_CATEGORIES,
    "partner": PARTNER_CATEGORIES,
}


def found_categories(rows: list[dict[str, object]], *, deep: bool = False) -> list[set[str]]:
    """The categories flagged in each row: rules only, or rules plus the model (``deep``).

    Ordinary rows are checked over every category, drafts with ``check_draft`` over the
    draft categories, the partner's messages over the partner categories.
    """
    flags: list[list[Flag]] = []
    for row in rows:
        text, kind = str(row["text"]), _kind(row)
        if kind == "draft":
            flags.append(list(check_draft(text)))
        else:
            flags.append(detect_flags(text, categories=_SCOPE[kind]))
    if deep:
        from bench.embed_cache import embed_cached
        from onward.analysis.model_flags import model_flags

        vectors = embed_cached([str(r["text"]) for r in rows])
        for kind, scope in _SCOPE.items():
            idx = [i for i, r in enumerate(rows) if _kind(r) == kind]
            if not idx:
                continue
            extra = model_flags(
                [str(rows[i]["text"]) for i in idx],
                categories=scope,
                draft=kind == "draft",
                rule_flags=[flags[i] for i in idx],
                vectors=vectors[idx],
            )
            for i, more in zip(idx, extra, strict=True):
                flags[i] += more
    return [{f.category for f in fs} for fs in flags]


def use_heads(directory: Path) -> None:
    """Score with the heads in ``directory`` from now on (comparing a candidate)."""
    from onward.analysis import model_flags

    shipped = model_flags.load_heads
    model_flags.load_heads = functools.cache(lambda: shipped(directory))  # type: ignore[assignment]


def evaluate(rows: Iterable[dict[str, object]], *, deep: bool = False) -> Report:
    """Run the detectors over labelled rows and count hits and misses per category."""
    report = Report()
    rows = list(rows)
    for row, found in zip(rows, found_categories(rows, deep=deep), strict=True):
        report.rows += 1
        text = str(row["text"])
        labels = {str(x) for x in row.get("labels", [])}  # type: ignore[attr-defined]
        scope = _SCOPE[_kind(row)]
        if _kind(row) == "ordinary":
            report.ordinary += 1
            report.ordinary_flags += len(found)
            report.ordinary_urgent_flags += len(found & set(URGENT_CATEGORIES))
            report.ordinary_flagged_messages += bool(found)
        if str(row.get("note", "")).startswith("hard:"):
            report.hard += 1
            report.hard_flags += len((found - labels) & set(scope))
        for category in scope:
            c = report.counts[category]
            expected, got = category in labels, category in found
            c.tp += expected and got
            c.fp += got and not expected
            c.fn += expected and not got
        if found & set(scope) != labels & set(scope):
            missed = sorted((labels - found) & set(scope))
            extra = sorted((found - labels) & set(scope))
            report.errors.append((str(row.get("sender", "partner")), text, missed, extra))
    return report


def _target_text(category: str) -> str:
    if category in URGENT_CATEGORIES:
        return "R ≥ 0.90 at P ≥ 0.70"
    if category in EXPLICIT:
        return "P ≥ 0.85, R ≥ 0.75"
    if category == "insult":
        return "F1 ≥ 0.75"
    if category in SUBTLE:
        return "macro-F1 ≥ 0.65 (3 subtle)"
    return "report only (drafts)"


def render(report: Report, title: str) -> str:
    """The report as a Markdown table plus summary lines."""
    mark = {True: "yes", False: "**NO**", None: "–"}
    lines = [
        f"### {title}",
        "",
        "| category | positives | TP | FP | FN | precision | recall | F1 | target | met |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---|---|",
    ]
    for cat in CATEGORIES:
        c = report.counts[cat]
        lines.append(
            f"| {cat} | {c.positives} | {c.tp} | {c.fp} | {c.fn} | {c.precision:.3f} | "
            f"{c.recall:.3f} | {c.f1:.3f} | {_target_text(cat)} | {mark[report.target_met(cat)]} |"
        )
    ok_false = report.false_per_1000 <= MAX_FALSE_PER_1000
    ok_urgent = report.urgent_false_per_1000 <= MAX_URGENT_FALSE_PER_1000
    lines += [
        "",
        f"- rows: {report.rows}; ordinary messages: {report.ordinary}",
        f"- subtle macro-F1 (guilt_trip, jealousy, hoovering): {report.subtle_macro_f1:.3f}",
        f"- false flags per 1,000 ordinary messages: {report.false_per_1000:.2f} "
        f"({report.ordinary_flags} flags, any category, on {report.ordinary_flagged_messages} "
        f"of the {report.ordinary:,} ordinary messages; target ≤ {MAX_FALSE_PER_1000:g}: "
        f"{mark[ok_false]})",
        f"- false flags per 1,000 hard negatives (idioms, negations, reported speech, "
        f"logistics; no target): {report.hard_false_per_1000:.1f} ({report.hard_flags} on "
        f"{report.hard:,})",
        f"- urgent-tier false flags per 1,000 ordinary messages: "
        f"{report.urgent_false_per_1000:.2f} (target ≤ {MAX_URGENT_FALSE_PER_1000:g}: "
        f"{mark[ok_urgent]})",
    ]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("gold", type=Path, help="JSON Lines gold file")
    ap.add_argument("--out", type=Path, help="also write the table to this file")
    ap.add_argument("--errors", action="store_true", help="list the rows the rules got wrong")
    ap.add_argument(
        "--deep", action="store_true", help="rules plus the sentence-embedding model (L2)"
    )
    ap.add_argument(
        "--heads",
        type=Path,
        help="with --deep: score with the heads in this folder (flag_heads.json and .npz, "
        "as bench/train_flag_heads.py --out writes them) instead of the shipped ones",
    )
    args = ap.parse_args(argv)
    if args.heads:
        use_heads(args.heads)
    report = evaluate(load(args.gold), deep=args.deep)
    layer = "rules + model" if args.deep else "rules only"
    table = render(report, f"Flags on `{args.gold.name}` ({layer})")
    sys.stdout.write(table)
    if args.out:
        args.out.write_text(table, encoding="utf-8")
    if args.errors:
        for sender, text, missed, extra in report.errors:
            sys.stdout.write(f"[{sender}] missed={missed} extra={extra} :: {text!r}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
