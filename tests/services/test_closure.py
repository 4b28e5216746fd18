"""Closure: the evidence-first checklist, letters that burn for good (R23), and lessons."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text
from tests.conftest import PASSPHRASE

from onward.config import Settings
from onward.errors import InvalidInputError, NotFoundError
from onward.services import closure
from onward.services import vault as vs
from onward.store.crypto import _WRAPPED_KEY_BYTES

SENTINEL = "SENTINEL-letter-7f3a"


@pytest.fixture
def vault(settings: Settings) -> Iterator[vs.Vault]:
    v, _ = vs.create_vault(settings, passphrase=PASSPHRASE)
    yield v
    v.lock()


def _body(vault: vs.Vault, item_id: str) -> bytes | None:
    with vault.engine.connect() as conn:
        row = conn.execute(text("SELECT body FROM items WHERE id = :i"), {"i": item_id}).first()
    return bytes(row[0]) if row else None


def _rows_holding(vault: vs.Vault, needle: bytes) -> int:
    query = "SELECT count(*) FROM items WHERE position(:n in body) > 0"
    if not vault.backend.is_postgres:
        query = "SELECT count(*) FROM items WHERE instr(body, :n) > 0"
    with vault.engine.connect() as conn:
        return int(conn.execute(text(query), {"n": needle}).scalar_one())


def test_closure_burned_letter_is_gone_with_its_key(vault: vs.Vault, settings: Settings) -> None:
    keep = closure.write_letter(vault, text="a letter to keep")
    letter = closure.write_letter(vault, text=f"Dear you, {SENTINEL}")
    assert [x.id for x in closure.letters(vault)] == [letter.id, keep.id]
    body = _body(vault, letter.id)
    assert body is not None and SENTINEL.encode() not in body
    wrapped_key = body[:_WRAPPED_KEY_BYTES]
    assert _rows_holding(vault, wrapped_key) == 1

    closure.burn_letter(vault, letter_id=letter.id)

    assert _body(vault, letter.id) is None
    assert _rows_holding(vault, wrapped_key) == 0  # the record key exists nowhere
    assert _rows_holding(vault, body[_WRAPPED_KEY_BYTES:][:64]) == 0
    with pytest.raises(NotFoundError):
        closure.get_letter(vault, letter_id=letter.id)
    assert [x.id for x in closure.letters(vault)] == [keep.id]
    if not vault.backend.is_postgres:
        wal = Path(settings.data_dir) / "store.db-wal"
        assert not wal.exists() or wal.stat().st_size == 0  # checkpoint(TRUNCATE) ran
        for path in Path(settings.data_dir).iterdir():
            if path.is_file():
                data = path.read_bytes()
                assert wrapped_key not in data and SENTINEL.encode() not in data, path.name


def test_closure_burning_twice_or_unknown_is_not_found(vault: vs.Vault) -> None:
    letter = closure.write_letter(vault, text="x")
    closure.burn_letter(vault, letter_id=letter.id)
    with pytest.raises(NotFoundError):
        closure.burn_letter(vault, letter_id=letter.id)
    with pytest.raises(InvalidInputError):
        closure.write_letter(vault, text="   ")


def test_closure_delete_needs_a_saved_copy_first_unless_no_harassment(vault: vs.Vault) -> None:
    assert closure.load_tidy(vault).delete_blocked("whatsapp")
    with pytest.raises(InvalidInputError, match="Save a copy"):
        closure.update_tidy(vault, harassment="yes", done={"whatsapp": ["mute", "delete"]})
    with pytest.raises(InvalidInputError):
        closure.update_tidy(vault, harassment="", done={"telegram": ["delete"]})
    tidy = closure.update_tidy(vault, harassment="yes", done={"whatsapp": ["save", "delete"]})
    assert tidy.done["whatsapp"] == ("save", "delete") and not tidy.delete_blocked("whatsapp")
    tidy = closure.update_tidy(vault, harassment="no", done={"instagram": ["delete", "bogus"]})
    assert tidy.done == {"instagram": ("delete",)}
    assert "WhatsApp" in tidy.steps_html and "evidence" in tidy.evidence_html.lower()


def test_closure_learned_round_trip(vault: vs.Vault) -> None:
    empty = closure.load_learned(vault)
    assert len(empty.answers) == len(empty.prompts) and not any(empty.answers)
    saved = closure.save_learned(
        vault, answers=["I ignored my gut", "", "Saying no"], patterns="Rushing in\n\nGoing quiet"
    )
    assert saved.answers[0] == "I ignored my gut" and saved.answers[2] == "Saying no"
    assert saved.patterns == ("Rushing in", "Going quiet")
    assert closure.load_learned(vault) == saved
