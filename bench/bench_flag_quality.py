"""Flag quality on the four labelled sets, and the flag rate on generated chat, for
`make bench` (wraps eval_flags.py).

gold.jsonl is the development set the rules were tuned on; heldout.jsonl was written
apart, measured once clean, then used for tuning; fresh.jsonl was written after that,
measured once, then used as a dev set for issue #4; fresh2.jsonl was written and committed
before the issue #4 changes and measured once after them (see tests/data/flags/README.md).
Only the first clean figures of a set estimate quality on unseen text.

The last table counts flags on the user texts of the shared WhatsApp generator
(../shared/bench/gen_whatsapp.py). Its "messages" are random strings of breakup words
("please", "answer", "I need you", "sorry sorry", "come over"), so a flag there is not
always false: read it as an upper bound on noise from word soup, not as a false-flag rate.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from collections import Counter
from pathlib import Path

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE.parent))

from bench.bench_flags import GENERATOR, load_generator, messages  # noqa: E402
from onward.analysis.flags import PARTNER_CATEGORIES, detect_flags  # noqa: E402

SETS = ("gold", "heldout", "fresh", "fresh2")


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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, help="also write the tables to this file")
    parser.add_argument("--n", type=int, default=50_000, help="generated messages per variant")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--sets", nargs="+", default=SETS, choices=SETS)
    args = parser.parse_args()
    parts = ["## Flag quality (precision, recall, false flags)\n", __doc__.split("\n\n")[1], ""]
    for name in args.sets:
        data = HERE.parent / "tests" / "data" / "flags" / f"{name}.jsonl"
        result = subprocess.run(
            [sys.executable, str(HERE / "eval_flags.py"), str(data)],
            capture_output=True,
            text=True,
            check=True,
        )
        parts.append(result.stdout)
    parts.append(generated_chat_table(args.n, args.seed))
    text = "\n".join(parts)
    print(text)
    if args.out:
        args.out.write_text(text)


if __name__ == "__main__":
    main()
