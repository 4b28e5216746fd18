"""Imported messages dated past 2038 or before 1901 are stored and found (migration 0011).

On PostgreSQL ``contacts.ts`` was a 32-bit ``integer`` and such a row could not be
inserted ("integer out of range"); ``contacts.seq`` could not pass 2³¹−1 either.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import Engine, text
from tests.conftest import PASSPHRASE, fast_settings

from onward.config import Settings
from onward.importers.base import ParseOptions
from onward.services import contacts as cs
from onward.services import imports, items, timeline
from onward.services import vault as vs
from onward.services.imports import run_import
from onward.services.timeline import TimelineQuery
from onward.store import contacts_repo
from onward.store.contacts_repo import ContactFilter

UTC_OPTIONS = ParseOptions(timezone="UTC")
# A phone whose clock ran 19 years ahead: two-digit years are read as 20yy ("1/2/40").
WHATSAPP = (
    "3/14/21, 8:00 AM - Messages and calls are end-to-end encrypted. No one outside of this "
    "chat, not even WhatsApp, can read or listen to them. Tap to learn more.\n"
    "3/14/21, 8:01 AM - Sam: Hi, are you home?\n"
    "3/14/21, 8:02 AM - Alex: Not yet\n"
    "1/2/40, 9:00 AM - Sam: Sent by a phone that thinks it is 2040\n"
)
# WhatsApp refuses years before 1970; a CSV timestamp may say any year.
CSV = (
    "Date,From,Message\n"
    "1900-06-01T12:00:00+00:00,Sam,Dated 1900\n"
    "1955-07-01T12:00:00+00:00,Sam,Dated 1955\n"
    "2021-03-15T10:00:00+00:00,Sam,Dated 2021\n"
)
WHEN = {
    "Sent by a phone that thinks it is 2040": datetime(2040, 1, 2, 9, 0, tzinfo=UTC),
    "Dated 2021": datetime(2021, 3, 15, 10, 0, tzinfo=UTC),
    "Not yet": datetime(2021, 3, 14, 8, 2, tzinfo=UTC),
    "Hi, are you home?": datetime(2021, 3, 14, 8, 1, tzinfo=UTC),
    "Dated 1955": datetime(1955, 7, 1, 12, 0, tzinfo=UTC),
    "Dated 1900": datetime(1900, 6, 1, 12, 0, tzinfo=UTC),
}
NEWEST_FIRST = list(WHEN)
ROWS = len(WHEN) + 1  # and WhatsApp's notice


@pytest.fixture
def vault(settings: Settings) -> Iterator[vs.Vault]:
    v, _ = vs.create_vault(settings, passphrase=PASSPHRASE)
    yield v
    v.lock()


def _import_both(vault: vs.Vault, folder: Path) -> None:
    folder.mkdir()
    chat = folder / "WhatsApp Chat with Sam.txt"
    chat.write_text(WHATSAPP, encoding="utf-8")
    sheet = folder / "messages.csv"
    sheet.write_text(CSV, encoding="utf-8")
    assert run_import(vault, chat, options=UTC_OPTIONS).added == 4
    assert run_import(vault, sheet, options=UTC_OPTIONS).added == 3


def _stored(vault: vs.Vault) -> dict[str, datetime]:
    """Text → time of every stored message, decrypted (WhatsApp's notice left out)."""
    with items.reading(vault) as conn:
        rows = contacts_repo.page(conn, vault_id=vault.vault_id, where=ContactFilter(), limit=99)
        ciphers = imports.ciphers_for(conn, vault, {r.import_id for r in rows if r.import_id})
    found = [cs.decrypt_row(vault, r, ciphers) for r in rows]
    assert len(found) == ROWS
    return {c.text: c.ts for c in found if c.kind != "system"}


def _texts(rows: list[timeline.Row]) -> list[str]:
    shown = ("".join(piece.text for piece in row.text) for row in rows)
    return [t for t in shown if t in WHEN]


def test_messages_past_2038_and_before_1901_are_stored_and_in_order(
    vault: vs.Vault, tmp_path: Path
) -> None:
    _import_both(vault, tmp_path / "exports")
    assert _stored(vault) == WHEN
    assert _texts(timeline.page(vault, TimelineQuery()).rows) == NEWEST_FIRST
    # One row a page: every cursor leads on, those with a time before 1970 too.
    shown, cursors = [], []
    page = timeline.page(vault, TimelineQuery(), limit=1)
    while True:
        shown += _texts(page.rows)
        if page.next_cursor is None:
            break
        cursors.append(page.next_cursor)
        page = timeline.page(vault, TimelineQuery(), cursor=page.next_cursor, limit=1)
    assert shown == NEWEST_FIRST and len(cursors) == ROWS - 1
    assert cursors[-1].startswith("-") and not cursors[0].startswith("-")


def test_far_date_filters_find_the_far_messages(vault: vs.Vault, tmp_path: Path) -> None:
    _import_both(vault, tmp_path / "exports")
    later = timeline.page(vault, timeline.make_query(start="2039-01-01"))
    assert _texts(later.rows) == ["Sent by a phone that thinks it is 2040"]
    earlier = timeline.page(vault, timeline.make_query(end="1901-12-12"))
    assert _texts(earlier.rows) == ["Dated 1900"]
    inside = timeline.page(vault, timeline.make_query(start="1901-12-13", end="2038-01-18"))
    assert _texts(inside.rows) == NEWEST_FIRST[1:-1]


@pytest.mark.pg
def test_row_numbers_pass_32_bits_on_postgresql(
    pg_url: str, superuser: Engine, tmp_path: Path
) -> None:
    vault, _ = vs.create_vault(fast_settings(tmp_path / "data", pg_url), passphrase=PASSPHRASE)
    try:
        with superuser.begin() as conn:
            conn.execute(
                text("SELECT setval(pg_get_serial_sequence('contacts', 'seq'), :n)"), {"n": 2**31}
            )
        _import_both(vault, tmp_path / "exports")
        with superuser.connect() as conn:
            seqs = conn.execute(text("SELECT seq FROM contacts")).scalars().all()
        assert len(seqs) == ROWS and min(seqs) > 2**31
        first = timeline.page(vault, TimelineQuery(), limit=2)
        assert first.next_cursor is not None and int(first.next_cursor.split(".")[1]) > 2**31
        rest = timeline.page(vault, TimelineQuery(), cursor=first.next_cursor)
        assert _texts(first.rows + rest.rows) == NEWEST_FIRST
    finally:
        vault.lock()
