"""Measure the second check (model flags on imported messages) end to end on SQLCipher.

Imports a synthetic WhatsApp chat of ``--n`` messages from the other person (varied
everyday lines with a few the rules miss), then times ``second_check.run`` over it: decrypt,
embed, score, re-seal, save. Wall time and process CPU time; the result is one Markdown line.

Usage::

    uv run python bench/bench_second_check.py [--n 500] [--batch 64]
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from onward.config import Settings
from onward.importers.base import ParseOptions
from onward.services import second_check
from onward.services import vault as vs
from onward.services.imports import run_import
from onward.store.crypto import FLOOR_KDF

LINES = (
    "did you remember to buy milk",
    "see you at the game on saturday",
    "the train was late again today",
    "happy birthday to your mum, hope she likes the flowers",
    "can you send me the photos from the trip",
    "everyone would be better off if I just disappeared",
    "I've written the letters. Goodbye.",
    "are you coming to dinner on sunday or not",
)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=500)
    parser.add_argument("--batch", type=int, default=second_check.BATCH)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(
            data_dir=Path(tmp) / "data",
            kdf_memory_kib=FLOOR_KDF.memory_kib,
            kdf_time_cost=FLOOR_KDF.time_cost,
            kdf_parallelism=FLOOR_KDF.parallelism,
        )
        vault, _ = vs.create_vault(settings, passphrase="bench bench bench")
        export = Path(tmp) / "WhatsApp Chat with Sam.txt"
        lines = []
        for i in range(args.n):
            day, minute = 13 + i // 1440, i % 1440  # a day above 12: dates read day first
            text = f"{LINES[i % len(LINES)]} ({i})"
            lines.append(f"{day:02d}/03/2021, {minute // 60:02d}:{minute % 60:02d} - Sam: {text}")
        lines.append("28/03/2021, 23:59 - Alex: ok")  # so both names are in the export
        export.write_text("\n".join(lines) + "\n", encoding="utf-8")
        run_import(vault, export, options=ParseOptions(timezone="UTC"), me="Alex", partner="Sam")
        wall, cpu = time.perf_counter(), time.process_time()
        summary = second_check.run(vault, batch=args.batch)
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        vault.lock()
    print(
        f"| {summary.checked:,} messages | batch {args.batch} | {wall:.1f} s wall | "
        f"{summary.checked / wall:.1f} msg/s wall | {summary.checked / cpu:.1f} msg/CPU-s | "
        f"{summary.flagged} flagged |"
    )


if __name__ == "__main__":
    main()
