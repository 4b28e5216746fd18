"""The stored chain: appends, verification, tampering in SQL, clock flags, anchors (R26-R28)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select, update
from tests.conftest import PASSPHRASE

from onward.config import Settings
from onward.evidence.chain import GENESIS, canonical, link_hash, short_code
from onward.services import chain_store
from onward.services import vault as vs
from onward.store.tables import chain_links

T0 = datetime(2026, 3, 1, 9, tzinfo=UTC)


@pytest.fixture
def vault(settings: Settings) -> Iterator[vs.Vault]:
    v, _ = vs.create_vault(settings, passphrase=PASSPHRASE)
    yield v
    v.lock()


def _append(vault: vs.Vault, n: int, *, start: datetime = T0) -> None:
    for i in range(n):
        with vault.engine.begin() as conn:
            event = {"type": "create", "record": "test", "n": i}
            chain_store.append(conn, vault, event, now=start + timedelta(minutes=i))


def test_chain_store_appends_and_verifies(vault: vs.Vault) -> None:
    assert chain_store.head(vault) == (GENESIS, short_code(GENESIS), 0)
    _append(vault, 4)
    links = chain_store.read_chain(vault)
    assert [x.seq for x in links] == [1, 2, 3, 4]
    assert links[0].prev == GENESIS and links[1].prev == links[0].hash
    assert all(len(x.event["salt"]) == 32 and "clock" not in x.event for x in links)
    assert links[2].event["at"] == (T0 + timedelta(minutes=2)).isoformat(timespec="microseconds")
    check = chain_store.verify_vault_chain(vault)
    assert check.ok and check.length == 4 and check.head == links[-1].hash
    head = chain_store.head(vault)
    assert head == (links[-1].hash, short_code(links[-1].hash), 4)


def test_chain_store_body_is_encrypted(vault: vs.Vault) -> None:
    with vault.engine.begin() as conn:
        chain_store.append(conn, vault, {"type": "create", "note": "SENTINEL-chain"}, now=T0)
    with vault.engine.connect() as conn:
        body = conn.execute(select(chain_links.c.body)).scalar_one()
    assert b"SENTINEL" not in body


def test_chain_store_refuses_unknown_event_types(vault: vs.Vault) -> None:
    with vault.engine.begin() as conn, pytest.raises(ValueError, match="unknown"):
        chain_store.append(conn, vault, {"type": "rewrite"})


def _rows(vault: vs.Vault) -> list[tuple[int, int, str, bytes]]:
    with vault.engine.connect() as conn:
        query = select(chain_links.c.id, chain_links.c.seq, chain_links.c.hash, chain_links.c.body)
        rows = conn.execute(query.order_by(chain_links.c.seq)).all()
        return [(r[0], r[1], r[2], r[3]) for r in rows]


def test_chain_store_edited_body_is_named(vault: vs.Vault) -> None:
    _append(vault, 5)
    row_id, _, _, body = _rows(vault)[2]
    flipped = body[:-1] + bytes([body[-1] ^ 1])
    with vault.engine.begin() as conn:
        conn.execute(update(chain_links).where(chain_links.c.id == row_id).values(body=flipped))
    check = chain_store.verify_vault_chain(vault)
    assert not check.ok and check.first_bad == 3 and check.length == 2


def test_chain_store_deleted_link_is_named(vault: vs.Vault) -> None:
    _append(vault, 5)
    row_id = _rows(vault)[1][0]
    with vault.engine.begin() as conn:
        conn.execute(chain_links.delete().where(chain_links.c.id == row_id))
    check = chain_store.verify_vault_chain(vault)
    assert not check.ok and check.first_bad == 2
    assert check.reason == "sequence numbers are not consecutive"


def test_chain_store_reordered_sequence_is_named(vault: vs.Vault) -> None:
    _append(vault, 5)
    rows = _rows(vault)
    (a_id, a_seq, *_), (b_id, b_seq, *_) = rows[1], rows[3]
    with vault.engine.begin() as conn:  # swap seq 2 and 4 through a free number
        conn.execute(update(chain_links).where(chain_links.c.id == a_id).values(seq=-1))
        conn.execute(update(chain_links).where(chain_links.c.id == b_id).values(seq=a_seq))
        conn.execute(update(chain_links).where(chain_links.c.id == a_id).values(seq=b_seq))
    check = chain_store.verify_vault_chain(vault)
    assert not check.ok and check.first_bad == 2


def test_chain_store_changed_hash_column_is_named(vault: vs.Vault) -> None:
    _append(vault, 3)
    row_id = _rows(vault)[0][0]
    with vault.engine.begin() as conn:
        conn.execute(update(chain_links).where(chain_links.c.id == row_id).values(hash="ab" * 32))
    check = chain_store.verify_vault_chain(vault)
    assert not check.ok and check.first_bad == 1


def test_chain_store_flags_a_clock_that_went_back_and_still_verifies(vault: vs.Vault) -> None:
    _append(vault, 2)
    with vault.engine.begin() as conn:
        assert chain_store.clock_check(conn, vault, now=T0 - timedelta(days=1)) == "clock_back"
        link = chain_store.append(conn, vault, {"type": "create"}, now=T0 - timedelta(days=1))
    assert link.event["clock"] == "clock_back"
    with vault.engine.begin() as conn:  # moving on from the earlier time is not flagged again
        later = chain_store.append(conn, vault, {"type": "create"}, now=T0 - timedelta(hours=23))
    assert "clock" not in later.event
    links = chain_store.read_chain(vault)
    assert [x.seq for x in links] == [1, 2, 3, 4]  # kept in the order written, not re-sorted
    assert chain_store.verify_vault_chain(vault).ok


def test_chain_store_anchor_defeats_a_forger_who_rehashes(vault: vs.Vault) -> None:
    """R27: rewrite an event and recompute every later hash: the written-down code is gone."""
    _append(vault, 3)
    anchor = chain_store.record_anchor(vault, note="sent", now=T0 + timedelta(hours=1))
    assert anchor.event["head"] == chain_store.read_chain(vault)[2].hash
    code = anchor.event["code"]
    _append(vault, 2, start=T0 + timedelta(hours=2))
    assert chain_store.verify_vault_chain(vault, code=code).ok
    assert chain_store.verify_vault_chain(vault, code=code.lower().replace("-", " ")).ok
    assert [a.seq for a in chain_store.anchors(chain_store.read_chain(vault))] == [4]

    # The forger has the key: they change event 2 and re-encrypt and re-hash everything after.
    links = chain_store.read_chain(vault)
    prev, forged = GENESIS, []
    for link in links:
        event = dict(link.event, n=99) if link.seq == 2 else link.event
        digest = link_hash(prev, event)
        forged.append((link.seq, prev, digest, event))
        prev = digest
    with vault.engine.begin() as conn:
        for seq, prev_hash, digest, event in forged:
            aad = chain_store._aad(vault.vault_id, seq)
            conn.execute(
                update(chain_links)
                .where(chain_links.c.vault_id == vault.vault_id, chain_links.c.seq == seq)
                .values(
                    hash=digest, prev=prev_hash, body=vault.cipher.encrypt(canonical(event), aad)
                )
            )
    assert chain_store.verify_vault_chain(vault).ok  # consistent on its own…
    check = chain_store.verify_vault_chain(vault, code=code)
    assert not check.ok and "code" in (check.reason or "")  # …but not with the kept code


def test_chain_store_events_are_json_objects(vault: vs.Vault) -> None:
    with vault.engine.begin() as conn:
        chain_store.append(conn, vault, {"type": "import", "file": "chat.txt"}, now=T0)
    body = _rows(vault)[0][3]
    raw = vault.cipher.decrypt(body, chain_store._aad(vault.vault_id, 1))
    assert json.loads(raw)["file"] == "chat.txt"
