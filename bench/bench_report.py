"""Report benchmark: the PDF for 1,000 log entries and 5,000 flagged messages.

Target (issue 4): the PDF in under 15 s. Builds a real vault in a temporary folder
(SQLCipher, WAL, synchronous=FULL, the floor KDF so set-up is quick), logs the entries
through ``services.evidence_log`` (each its own transaction with a chain link and a
timeline row), stores the messages as one import the way ``services.imports`` does
(batch key wrapped by the vault key), then times what ``onward report`` does:
read and decrypt everything (``report_data.gather``), build the context, lay out the PDF.

Usage::

    uv run python bench/bench_report.py [--quick] [--out FILE]

Prints a Markdown table (``--out`` also writes it to FILE). ``--quick``: 100 entries and
500 messages (the 15 s target is for the full size; quick runs report it for context).
"""

from __future__ import annotations

import argparse
import base64
import io
import json
import random
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from pypdf import PdfReader

from onward.config import Settings
from onward.report.render import render_pdf
from onward.services import contacts, evidence_log, reports
from onward.services.evidence_log import EntryInput
from onward.services.report_data import ReportOptions, gather
from onward.services.vault import Vault, create_vault
from onward.store import contacts_repo, crypto
from onward.store.crypto import BatchCipher, SecretKey, record_aad
from onward.store.ids import new_id
from onward.store.tables import imports

TARGET_S = 15.0
SEED = 4
T0 = datetime(2025, 9, 1, 8, tzinfo=UTC)
PASSPHRASE = "violet harbour lantern"
WORDS = tuple(
    " ".join(
        (
            "he came to the door again and would not leave rang the bell eleven times",
            "shouted through the letterbox called from a withheld number texted you will",
            "regret this I know where you are I saw your car at your sister's",
            "café Straße niño слова 😔 my neighbour heard it the police said to keep a",
            "record kids were asleep",
        )
    ).split(" ")
)
CHANNELS = evidence_log.CHANNELS
CATEGORIES = list(contacts.CATEGORY_BITS)


def _text(rng: random.Random, low: int, high: int) -> str:
    target, words, size = rng.randint(low, high), [], 0
    while size < target:
        words.append(rng.choice(WORDS))
        size += len(words[-1]) + 1
    return " ".join(words)


def _flags(categories: list[str]) -> list[dict[str, object]]:
    return [{"category": c, "reason": "", "span": None} for c in categories]


def seed_entries(vault: Vault, count: int, rng: random.Random) -> None:
    for i in range(count):
        when = T0 + timedelta(minutes=53 * i)
        data = EntryInput(
            when,
            rng.choice(CHANNELS),
            _text(rng, 200, 800),
            where=rng.choice(("", "home", "work", "outside the school")),
            witnesses=rng.choice(("", "neighbour", "my sister")),
        )
        evidence_log.add_entry(vault, data, now=when + timedelta(minutes=5))


def seed_messages(vault: Vault, count: int, rng: random.Random) -> None:
    """One import with ``count`` flagged messages, stored as services.imports stores them."""
    key, import_id = SecretKey.generate(), new_id()
    aad = record_aad(vault.vault_id, "imports", import_id, "key")
    doc = {
        "file_name": "WhatsApp Chat.txt",
        "sha256": "b" * 64,
        "parser": "whatsapp.text_export",
        "parser_version": "bench",
        "imported_at": T0.isoformat(),
        "counts": {"messages": count},
        "participants": ["Alex"],
        "wrapped_key": base64.b64encode(crypto.wrap_key(vault.dek, key, aad)).decode(),
    }
    body_aad = record_aad(vault.vault_id, "imports", import_id, "body")
    batch, keys = BatchCipher(key), contacts.Keys(vault)
    rows = []
    for i in range(count):
        cats = rng.sample(CATEGORIES, rng.randint(1, 2))
        text = _text(rng, 20, 300)
        rows.append(
            contacts.make_row(
                vault,
                batch,
                import_id=import_id,
                conv_id="c" * 32,
                ts=T0 + timedelta(minutes=11 * i),
                channel="whatsapp",
                kind="text",
                role=contacts.ROLE_PARTNER,
                sender_key=keys.sender("c" * 32, "Alex"),
                flags=contacts.bits_for(cats),
                dedupe=keys.dedupe(import_id, i),
                body={"text": text, "sender": "Alex", "ref": i + 1, "flags": _flags(cats)},
            )
        )
    with vault.engine.begin() as conn:
        conn.execute(
            imports.insert().values(
                id=import_id,
                vault_id=vault.vault_id,
                file_sha256="b" * 64,
                body=vault.cipher.encrypt(json.dumps(doc).encode(), body_aad),
            )
        )
        for start in range(0, len(rows), 1000):
            contacts_repo.insert_many(conn, rows[start : start + 1000])


def measure(entries: int, messages: int) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(
            data_dir=Path(tmp) / "data",
            kdf_memory_kib=crypto.FLOOR_KDF.memory_kib,
            kdf_time_cost=crypto.FLOOR_KDF.time_cost,
            kdf_parallelism=crypto.FLOOR_KDF.parallelism,
        )
        vault, _ = create_vault(settings, passphrase=PASSPHRASE)
        try:
            rng = random.Random(SEED)
            t = time.perf_counter()
            seed_entries(vault, entries, rng)
            seed_messages(vault, messages, rng)
            seeded = time.perf_counter() - t
            t0 = time.perf_counter()
            data = gather(vault, ReportOptions())
            t1 = time.perf_counter()
            ctx = reports.build_context(data)
            t2 = time.perf_counter()
            pdf = render_pdf(ctx)
            t3 = time.perf_counter()
        finally:
            vault.lock()
    if (len(ctx.entries), len(ctx.messages)) != (entries, messages):
        raise RuntimeError("the report did not hold everything that was seeded")
    return {
        "seed": seeded,
        "gather": t1 - t0,
        "build": t2 - t1,
        "render": t3 - t2,
        "total": t3 - t0,
        "pages": float(len(PdfReader(io.BytesIO(pdf)).pages)),
        "bytes": float(len(pdf)),
    }


def markdown(entries: int, messages: int, m: dict[str, float], *, quick: bool) -> str:
    passed = m["total"] < TARGET_S
    verdict = "(full size only)" if quick else ("pass" if passed else "**FAIL**")
    return "\n".join(
        [
            "## Report PDF (log entries and flagged messages)",
            "",
            "| Entries | Flagged messages | Pages | PDF size | Read and decrypt | Build | "
            "Lay out PDF | Total | Target | Result |",
            "|---|---|---|---|---|---|---|---|---|---|",
            f"| {entries:,} | {messages:,} | {int(m['pages']):,} | {m['bytes'] / 1e6:.1f} MB | "
            f"{m['gather']:.1f} s | {m['build']:.2f} s | {m['render']:.1f} s | "
            f"{m['total']:.1f} s | < {TARGET_S:.0f} s | {verdict} |",
            "",
            f"- SQLite (SQLCipher) vault; the time to log the entries and store the messages "
            f"({m['seed']:.0f} s) is not counted. Fonts: DejaVu Sans when installed.",
            "",
        ]
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else "")
    parser.add_argument("--quick", action="store_true", help="100 entries, 500 messages")
    parser.add_argument("--out", type=Path, help="also write the Markdown here")
    args = parser.parse_args(argv)
    entries, messages = (100, 500) if args.quick else (1000, 5000)
    text = markdown(entries, messages, measure(entries, messages), quick=args.quick)
    sys.stdout.write(text)
    if args.out:
        args.out.write_text(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
