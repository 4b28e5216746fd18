"""Flag quality on the kept-back set (when present) and the dev and training sets,
and the flag rate on generated chat, for `make bench` (wraps eval_flags.py).

The kept-back set comes first when it exists (fresh11.jsonl, session 13): it was written
by a separate writer and added by the lead after the session's changes; nobody has read
its errors, so its figures estimate quality on unseen text. Without it the tables start at
the dev sets. fresh7.jsonl to fresh9.jsonl were the kept-back sets of sessions 7 to 9
(measured once each; docs/flags.md) and are training sets since step 26. fresh10.jsonl,
session 12's, was measured once at step 26 and is neither (step 27 did not pass), so it is
not in these tables; docs/flags.md has its figures.

fresh3.jsonl, fresh4.jsonl, fresh5.jsonl and fresh6.jsonl were the kept-back sets of
sessions 3, 4, 5 and 6 (measured once at e37b0c1, c55670c, bda5a7d and 5cfecd8, the tables
in docs/flags.md); since steps 11, 13, 15 and 17 they are dev and training sets like gold,
heldout, fresh, fresh2, extra, extra2 and extra3
(tests/data/flags/README.md says what was tuned on what). Only the first clean figures
of a set estimate quality on unseen text.

Every set is measured twice: rules only (``detect_flags``, the default fast path) and rules
plus the sentence-embedding model (``analysis.model_flags``, the second pass behind
``onward check --deep``). The model was trained on the dev and training sets, never the
kept-back set (see ``bench/train_flag_heads.py``), so its figures on them are training figures; its
leave-one-set-out figures are in ``docs/flags.md``.

The last tables count flags on the user texts of the shared WhatsApp generator
(../shared/bench/gen_whatsapp.py). Its "messages" are random strings of breakup words
("please", "answer", "I need you", "sorry sorry", "come over"), so a flag there is not
always false: read it as an upper bound on noise from word soup, not as a false-flag rate.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE.parent))

from bench.bench_flags import GENERATOR, load_generator, messages  # noqa: E402
from bench.flag_sets import DEV_SETS, KEPT_BACK  # noqa: E402
from onward.analysis.flags import PARTNER_CATEGORIES, detect_flags  # noqa: E402

DATA = HERE.parent / "tests" / "data" / "flags"
SETS = (*KEPT_BACK, *DEV_SETS)


def generated_chat_table(n: int, seed: int) -> str:
    """Flags per 1,000 generated messages, by rule, over the partner categories."""
    generator = load_generator(GENERATOR)
    texts = [t for v in ("android", "ios") for t in messages(generator, n, v, seed)]
    rules: Counter[str] = Counter()
    flagged = 0
    for text in texts:
        found = detect_flags(text, categories=PARTNER_CATEGORIES)
        flagged += bool(found)
        rules.update(f.rule_id for f in found)
    total = sum(rules.values())
    lines = [
        "### Flags on generated chat (partner categories)",
        "",
        f"- messages: {len(texts):,}; flags: {total} on {flagged} messages "
        f"({1000 * total / len(texts):.2f} per 1,000)",
        "",
        "| rule | flags |",
        "|---|---:|",
        *(f"| {rule} | {count} |" for rule, count in rules.most_common()),
    ]
    return "\n".join(lines) + "\n"


def model_generated_chat_table(n: int, seed: int) -> str:
    """The model's own flags (beyond the rules) on ~n generated messages, and its speed."""
    from bench.embed_cache import embed_cached
    from onward.analysis import model_flags

    generator = load_generator(GENERATOR)
    texts = [t for v in ("android", "ios") for t in messages(generator, n // 2, v, seed)][:n]
    vectors = embed_cached(texts, progress=False)
    extra = model_flags.model_flags(texts, categories=PARTNER_CATEGORIES, vectors=vectors)
    by_category: Counter[str] = Counter(f.category for fs in extra for f in fs)
    total = sum(by_category.values())
    sample = texts[:200]
    model_flags.embed(sample[:8])  # load once before timing
    start_cpu, start_wall = time.process_time(), time.perf_counter()
    model_flags.model_flags(sample, categories=PARTNER_CATEGORIES)
    cpu, wall = time.process_time() - start_cpu, time.perf_counter() - start_wall
    lines = [
        "### Model (L2) on generated chat: flags beyond the rules, and speed",
        "",
        f"- messages: {len(texts):,}; model flags: {total} on "
        f"{sum(bool(fs) for fs in extra)} messages ({1000 * total / len(texts):.2f} per 1,000)",
        f"- speed on {len(sample)} generated messages (embedding + heads + rules): "
        f"{len(sample) / cpu:.0f} messages per CPU-second, {len(sample) / wall:.0f} per "
        f"wall-second (load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores)",
        "",
        "| category | model flags |",
        "|---|---:|",
        *(f"| {c} | {k} |" for c, k in by_category.most_common()),
    ]
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, help="also write the tables to this file")
    parser.add_argument("--n", type=int, default=50_000, help="generated messages per variant")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--sets", nargs="+", default=SETS, choices=SETS)
    parser.add_argument("--model-n", type=int, default=2_000, help="generated messages, model")
    parser.add_argument("--no-model", action="store_true", help="rules only")
    args = parser.parse_args()
    parts = ["## Flag quality (precision, recall, false flags)\n", __doc__.split("\n\n")[1], ""]
    layers = [[]] if args.no_model else [[], ["--deep"]]
    for name in args.sets:
        data = DATA / f"{name}.jsonl"
        if not data.exists():
            parts.append(f"({name}.jsonl is not there yet: skipped)\n")
            continue
        for extra in layers:
            result = subprocess.run(
                [sys.executable, str(HERE / "eval_flags.py"), str(data), *extra],
                capture_output=True,
                text=True,
                check=True,
            )
            parts.append(result.stdout)
    parts.append(generated_chat_table(args.n, args.seed))
    if not args.no_model:
        parts.append(model_generated_chat_table(args.model_n, args.seed))
    text = "\n".join(parts)
    print(text)
    if args.out:
        args.out.write_text(text)


if __name__ == "__main__":
    main()
