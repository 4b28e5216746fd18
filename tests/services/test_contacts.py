"""The contact timeline core: encrypted rows, dedupe, filters, dismissed flags."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from tests.conftest import PASSPHRASE

from onward.config import Settings
from onward.services import contacts as cs
from onward.services import vault as vs
from onward.store.contacts_repo import ContactFilter
from onward.store.crypto import BatchCipher, SecretKey

T0 = datetime(2026, 3, 1, 9, tzinfo=UTC)


@pytest.fixture
def vault(settings: Settings):  # type: ignore[no-untyped-def]
    v, _ = vs.create_vault(settings, passphrase=PASSPHRASE)
    yield v
    v.lock()


def _row(vault: vs.Vault, keys: cs.Keys, cipher: BatchCipher | None, i: int, cats: list[str]):  # type: ignore[no-untyped-def]
    text = f"SENTINEL-contact {i}"
    return cs.make_row(
        vault,
        cipher,
        import_id="i" * 32 if cipher else None,
        conv_id="c" * 32,
        ts=T0 + timedelta(minutes=i),
        channel="whatsapp",
        kind="text",
        role=cs.ROLE_PARTNER,
        sender_key=keys.sender("c" * 32, "Alex"),
        flags=cs.bits_for(cats),
        dedupe=keys.dedupe("c" * 32, i, "Alex", text),
        body={"text": text, "sender": "Alex", "flags": [{"category": c} for c in cats]},
    )


def test_contacts_insert_dedupe_filter_and_decrypt(vault: vs.Vault) -> None:
    keys = cs.Keys(vault)
    batch = BatchCipher(SecretKey.generate())
    rows = [_row(vault, keys, batch, i, ["threat"] if i % 3 == 0 else []) for i in range(9)]
    rows.append(_row(vault, keys, None, 100, ["monitoring"]))
    with vault.engine.begin() as conn:
        assert cs.contacts_repo.insert_many(conn, rows) == 10
        again = [_row(vault, keys, batch, i, []) for i in range(3)]  # same dedupe keys
        assert cs.contacts_repo.insert_many(conn, again) == 0
    with vault.engine.connect() as conn:
        everything = cs.contacts_repo.page(
            conn, vault_id=vault.vault_id, where=ContactFilter(), limit=100
        )
        threats = cs.contacts_repo.page(
            conn,
            vault_id=vault.vault_id,
            where=ContactFilter(categories=cs.bits_for(["threat"])),
            limit=100,
        )
        window = cs.contacts_repo.count(
            conn,
            vault_id=vault.vault_id,
            where=ContactFilter(
                start_ts=int((T0 + timedelta(minutes=2)).timestamp()),
                end_ts=int((T0 + timedelta(minutes=5)).timestamp()),
            ),
        )
    assert len(everything) == 10 and window == 3
    assert [r.ts for r in everything] == sorted(r.ts for r in everything)
    decoded = [cs.decrypt_row(vault, r, {"i" * 32: batch}) for r in threats]
    assert [c.text for c in decoded] == [f"SENTINEL-contact {i}" for i in (0, 3, 6)]
    with vault.engine.begin() as conn:
        cs.contacts_repo.set_dismissed(
            conn, vault_id=vault.vault_id, contact_id=threats[0].id, bits=cs.bits_for(["threat"])
        )
        left = cs.contacts_repo.count(
            conn, vault_id=vault.vault_id, where=ContactFilter(categories=cs.bits_for(["threat"]))
        )
        kept = cs.contacts_repo.count(
            conn,
            vault_id=vault.vault_id,
            where=ContactFilter(categories=cs.bits_for(["threat"]), include_dismissed=True),
        )
    assert (left, kept) == (2, 3)


def test_contact_body_cannot_move_to_another_row(vault: vs.Vault) -> None:
    keys = cs.Keys(vault)
    batch = BatchCipher(SecretKey.generate())
    a, b = _row(vault, keys, batch, 1, []), _row(vault, keys, batch, 2, [])
    a["body"], b["body"] = b["body"], a["body"]
    with vault.engine.begin() as conn:
        cs.contacts_repo.insert_many(conn, [a])
    with vault.engine.connect() as conn:
        row = cs.contacts_repo.page(conn, vault_id=vault.vault_id, where=ContactFilter(), limit=1)
    from onward.errors import IntegrityError

    with pytest.raises(IntegrityError):
        cs.decrypt_row(vault, row[0], {"i" * 32: batch})


def test_category_bits_round_trip() -> None:
    assert cs.categories_of(cs.bits_for(["threat", "begging"])) == ["threat", "begging"]
    assert len(set(cs.CATEGORY_BITS.values())) == 11
    # stored bit positions must never move
    assert list(cs.CATEGORY_BITS)[:11] == [
        "threat",
        "self_harm_pressure",
        "refuses_breakup",
        "monitoring",
        "control",
        "insult",
        "guilt_trip",
        "jealousy",
        "pressure_to_meet",
        "hoovering",
        "begging",
    ]
