"""Agreement between the gold sets' labels and a second annotator's (Cohen's kappa).

``tests/data/flags/second_annotator.jsonl`` holds, for 13,679 messages (all of
``fresh4.jsonl`` and 300 random rows each of ``gold.jsonl`` and ``extra.jsonl`` from session 4;
all of ``fresh5.jsonl`` to ``fresh10.jsonl``, each while it was the kept-back set, from
sessions 5 to 13), the labels a second annotator gave
them, working from the annotation guidelines alone, without seeing the first labels, any
rule, model or other set. Each line names the set and the row (1-based) it labels. This
script prints, per set and category, how often each annotator used the label, how often
both did, and Cohen's kappa.

Usage::

    uv run python bench/annotator_agreement.py
"""

from __future__ import annotations

import json
import sys
from collections import defaultdict
from pathlib import Path

from onward.analysis.flags import CATEGORIES

DATA = Path(__file__).resolve().parents[1] / "tests" / "data" / "flags"


def kappa(pairs: list[tuple[bool, bool]]) -> float:
    """Cohen's kappa of two yes/no annotations of the same items."""
    n = len(pairs)
    observed = sum(a == b for a, b in pairs) / n
    first = sum(a for a, _ in pairs) / n
    second = sum(b for _, b in pairs) / n
    chance = first * second + (1 - first) * (1 - second)
    return (observed - chance) / (1 - chance) if chance < 1 else 1.0


def pairs_by_set() -> dict[str, list[tuple[set[str], set[str]]]]:
    """(first labels, second labels) of every doubly labelled message, by set."""
    sets: dict[str, list[dict[str, object]]] = {}
    found: dict[str, list[tuple[set[str], set[str]]]] = defaultdict(list)
    for line in (DATA / "second_annotator.jsonl").read_text(encoding="utf-8").splitlines():
        entry = json.loads(line)
        name = str(entry["set"])
        if name not in sets:
            text = (DATA / f"{name}.jsonl").read_text(encoding="utf-8")
            sets[name] = [json.loads(row) for row in text.splitlines() if row.strip()]
        row = sets[name][int(entry["row"]) - 1]
        found[name].append((set(row["labels"]), set(entry["labels"])))  # type: ignore[arg-type]
    return dict(found)


def render(found: dict[str, list[tuple[set[str], set[str]]]]) -> str:
    names = sorted(found)
    everything = [pair for name in names for pair in found[name]]
    lines = [
        "| category | "
        + " | ".join(f"{n} ({len(found[n])})" for n in names)
        + f" | all ({len(everything)}) |",
        "|---" * (len(names) + 2) + "|",
    ]
    for category in CATEGORIES:
        cells = []
        for pairs in [*(found[n] for n in names), everything]:
            yes = [(category in a, category in b) for a, b in pairs]
            first = sum(a for a, _ in yes)
            second = sum(b for _, b in yes)
            both = sum(a and b for a, b in yes)
            cells.append(f"κ {kappa(yes):.2f} ({first}/{second}/{both})")
        lines.append(f"| {category} | " + " | ".join(cells) + " |")
    lines.append("")
    lines.append("Cells: κ (first annotator's count / second's / both).")
    return "\n".join(lines)


def main() -> int:
    print(render(pairs_by_set()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
