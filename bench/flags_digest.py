"""A digest of the rule engine's flags on the gold sets and on generated variants of them.

``tests/analysis/test_flags_engine_equivalence.py`` checks that the engine still gives
exactly these flags (category, reason, span, rule id, score, and for drafts the
suggestion, in the order returned) on every row, so a change meant only to make the
engine faster cannot change a single flag unnoticed.

Regenerate the digest only when the rules change on purpose (a rule added, a pattern or a
guard tuned), with the rule set at hand::

    uv run python -m bench.flags_digest --write

The rows are every row of ``tests/data/flags/*.jsonl`` except the kept-back
``fresh11.jsonl``, and ``fresh7.jsonl`` to ``fresh10.jsonl`` and ``extra5.jsonl`` (never
read here: kept back or written after the digest was written, they stay out so the
digest stays the one the engine wrote before it was made faster). ``fresh4.jsonl``,
``fresh5.jsonl`` and ``fresh6.jsonl``, dev sets since steps 13, 15 and 17, are in, and so
is the training set ``extra4.jsonl`` since step 19. The second annotator's labels (no
text) are not messages and are skipped. To the rows are added ``GENERATED`` messages
made from them by seeded mutations (case, letter runs, SMS spellings, curly quotes,
laughter, negation, reported speech, characters that lower-case to two, joined and cut
messages).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import sys
from collections.abc import Iterator
from pathlib import Path

from bench.flag_sets import KEPT_BACK
from onward.analysis.flags import PARTNER_CATEGORIES, check_draft, detect_flags
from onward.model import Flag

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data" / "flags"
DIGEST = ROOT / "tests" / "data" / "flags_engine_digest.json"
# see tests/data/flags/README.md: no file named after the kept-back set is read here
NOT_MESSAGES = "second_annotator.jsonl"  # labels only
# kept back, or written, after the digest was written
OUT_OF_DIGEST = tuple(f"{n}.jsonl" for n in ("fresh7", "fresh8", "fresh9", "fresh10", "extra5"))
GENERATED = 4000
SEED = 4
# A narrow request, so the per-category filtering and the self-harm/guilt rule are covered.
SOME = ("guilt_trip", "insult", "threat", "monitoring")
HEX = 16  # hex digits kept of each row's SHA-256
NONE = "-"  # the digest of a row without any flag


def corpora() -> dict[str, list[str]]:
    """The texts, by corpus name: each gold file, then the generated set."""
    out: dict[str, list[str]] = {}
    for path in sorted(DATA.glob("*.jsonl")):
        if path.name.startswith((*KEPT_BACK, *OUT_OF_DIGEST)) or path.name == NOT_MESSAGES:
            continue
        with path.open(encoding="utf-8") as f:
            out[path.name] = [json.loads(line)["text"] for line in f if line.strip()]
    base = [t for texts in out.values() for t in texts]
    out["generated"] = list(generate(base, GENERATED, SEED))
    return out


_FILLER = (
    "ok",
    "hey",
    "lol",
    "haha",
    "😂",
    "pls",
    "u",
    "ur",
    "tbh",
    "idk",
    "my mum said",
    "he told me",
    "I would never",
    "i'm not going to",
    "👍🏽",
    "…",
    "see you at the station",
    "answer the phone",
    "I'm outside",
    "miss you",
)
_SWAPS = (
    ("you", "u"),
    ("your", "ur"),
    ("please", "pls"),
    ("'", "\u2019"),
    (" ", "\u00a0"),
    ("i", "İ"),
    ("e", "eee"),
    ("o", "ooo"),
    ("l", "lll"),
    ("are", "r"),
    ("see", "c"),
    (".", "!!!"),
    (" ", "  "),
    ("'", ""),
    ("do not", "don't"),
)


def generate(base: list[str], n: int, seed: int) -> Iterator[str]:
    """``n`` deterministic variants of texts from ``base``."""
    rnd = random.Random(seed)
    for _ in range(n):
        words = rnd.choice(base).split(" ")
        if rnd.random() < 0.5:  # a piece of the message
            a = rnd.randrange(len(words))
            words = words[a : a + rnd.randint(1, 12)]
        text = " ".join(words)
        if rnd.random() < 0.3:  # joined with another message
            text += rnd.choice((". ", " ", "\n", ", ", "? ")) + rnd.choice(base)
        for _ in range(rnd.randint(0, 3)):
            old, new = rnd.choice(_SWAPS)
            pos = text.find(old, rnd.randrange(len(text) + 1))
            if pos != -1:
                text = text[:pos] + new + text[pos + len(old) :]
        if rnd.random() < 0.3:
            filler = rnd.choice(_FILLER)
            text = filler + " " + text if rnd.random() < 0.5 else text + " " + filler
        roll = rnd.random()
        if roll < 0.1:
            text = text.upper()
        elif roll < 0.2:
            text = text.lower()
        elif roll < 0.25:
            text = text.title()
        yield text


def _row(flags: list[Flag]) -> list[object]:
    return [
        [
            f.category,
            f.reason,
            None if f.span is None else [f.span.start, f.span.end],
            f.rule_id,
            f.score,
            getattr(f, "suggestion", None),
        ]
        for f in flags
    ]


def row_digest(text: str) -> tuple[str, int]:
    """The digest of everything the engine says about ``text`` (the first ``HEX`` hex
    digits of the SHA-256 of its flags as JSON, or ``NONE``), and how many flags."""
    found = [
        detect_flags(text),
        detect_flags(text, categories=PARTNER_CATEGORIES),
        detect_flags(text, categories=SOME),
        check_draft(text),
    ]
    n = sum(map(len, found))
    if not n:
        return NONE, 0
    raw = json.dumps([_row(flags) for flags in found], ensure_ascii=False)
    return hashlib.sha256(raw.encode()).hexdigest()[:HEX], n


def digest() -> dict[str, object]:
    """The digest document: per corpus, each row's digest and the number of flags."""
    rows: dict[str, list[str]] = {}
    counts: dict[str, int] = {}
    for name, texts in corpora().items():
        found = [row_digest(t) for t in texts]
        rows[name] = [d for d, _ in found]
        counts[name] = sum(n for _, n in found)
    return {
        "about": "Written by `uv run python -m bench.flags_digest --write`; see that module.",
        "flags": counts,
        "rows": rows,
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--write", action="store_true", help=f"write {DIGEST.relative_to(ROOT)}")
    args = ap.parse_args(argv)
    doc = digest()
    if args.write:
        DIGEST.write_text(json.dumps(doc, indent=0) + "\n", encoding="utf-8")
        sys.stdout.write(f"wrote {DIGEST.relative_to(ROOT)}: {doc['flags']}\n")
    else:
        sys.stdout.write(json.dumps(doc["flags"]) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
