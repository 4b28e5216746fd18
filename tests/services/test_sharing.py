"""Sharing with an advocate (R44) on real PostgreSQL: sealed to her key, read-only,
revocable at once, every opening logged for the client, scoped to both sides (R37)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import Engine, text
from sqlalchemy.exc import DBAPIError
from tests.conftest import PASSPHRASE

from onward.config import Settings
from onward.errors import IntegrityError, InvalidInputError, NotFoundError
from onward.services import accounts, chain_store, evidence_log, plans_store, sharing
from onward.services.accounts import Account
from onward.services.evidence_log import EntryInput
from onward.services.vault import Vault

pytestmark = pytest.mark.pg
SENTINEL = "zq-shared-4410"
NOW = datetime.now(UTC)


@pytest.fixture
def people(hosted: Settings) -> Iterator[dict[str, tuple[Account, Vault]]]:
    found: dict[str, tuple[Account, Vault]] = {}
    for name, role in (("client", "client"), ("other", "client"), ("adv", "advocate"),
                       ("adv2", "advocate")):  # fmt: skip
        code = accounts.create_invitation(hosted, role=role)
        account, vault, _ = accounts.sign_up(
            hosted, name=name, passphrase=PASSPHRASE, invitation=code
        )
        found[name] = (account, vault)
    for name in ("adv", "adv2"):
        sharing.ensure_advocate_keys(hosted, account=found[name][0], vault=found[name][1])
    yield found
    for _, vault in found.values():
        vault.lock()


def _share(
    settings: Settings,
    people: dict[str, tuple[Account, Vault]],
    days: int = 7,
    *,
    accept: bool = True,
) -> str:
    share_id = sharing.create_share(
        settings,
        vault=people["client"][1],
        advocate_code=people["adv"][0].id,
        label="for the court date",
        packet={"note": SENTINEL},
        until=NOW + timedelta(days=days),
        now=NOW,
    )
    if accept:
        sharing.accept_share(settings, account=people["adv"][0], share_id=share_id, now=NOW)
    return share_id


def test_sharing_advocate_reads_and_the_client_sees_it(
    hosted: Settings, people: dict[str, tuple[Account, Vault]]
) -> None:
    share_id = _share(hosted, people)
    adv, adv_vault = people["adv"]
    assert [s.id for s in sharing.shared_with(hosted, account=adv, now=NOW)] == [share_id]
    doc = sharing.open_share(hosted, account=adv, vault=adv_vault, share_id=share_id, now=NOW)
    assert doc == {"note": SENTINEL}
    [summary] = sharing.list_shares(hosted, vault=people["client"][1], now=NOW)
    assert summary.label == "for the court date"
    assert summary.recipient == sharing.advocate_code(adv)
    assert summary.opened_at == [NOW]
    assert [a.what for a in summary.accesses] == ["view", "accept"]  # newest first
    assert summary.state == "accepted"
    assert sharing.share_count(hosted) == 1


def test_sharing_nobody_else_can_open_or_revoke(
    hosted: Settings, people: dict[str, tuple[Account, Vault]]
) -> None:
    share_id = _share(hosted, people)
    for name in ("adv2", "other", "client"):
        account, vault = people[name]
        with pytest.raises(NotFoundError):
            sharing.open_share(hosted, account=account, vault=vault, share_id=share_id, now=NOW)
    with pytest.raises(NotFoundError):
        sharing.revoke_share(hosted, vault=people["other"][1], share_id=share_id)
    assert sharing.list_shares(hosted, vault=people["other"][1]) == []
    assert sharing.shared_with(hosted, account=people["adv2"][0], now=NOW) == []
    # The advocate's private key opens only under her own DEK.
    adv = people["adv"][0]
    with pytest.raises(IntegrityError):
        sharing.open_share(hosted, account=adv, vault=people["adv2"][1], share_id=share_id)


def test_sharing_revocation_is_immediate_and_drops_the_copy(
    hosted: Settings, people: dict[str, tuple[Account, Vault]], superuser: Engine
) -> None:
    share_id = _share(hosted, people)
    sharing.revoke_share(hosted, vault=people["client"][1], share_id=share_id)
    adv, adv_vault = people["adv"]
    with pytest.raises(NotFoundError):
        sharing.open_share(hosted, account=adv, vault=adv_vault, share_id=share_id, now=NOW)
    engine = superuser
    with engine.connect() as conn:
        body = conn.execute(text("SELECT body FROM shares")).scalar_one()
    assert bytes(body) == b""
    assert sharing.list_shares(hosted, vault=people["client"][1])[0].revoked
    # Share and revocation are both on the client's chain, linked by the share id.
    events = [link.event for link in chain_store.read_chain(people["client"][1])]
    assert [(e["type"], e.get("share")) for e in events] == [
        ("export", share_id),
        ("revoke", share_id),
    ]


def test_sharing_expiry_and_bad_input(
    hosted: Settings, people: dict[str, tuple[Account, Vault]], superuser: Engine
) -> None:
    share_id = _share(hosted, people, days=1)
    adv, adv_vault = people["adv"]
    later = NOW + timedelta(days=2)
    with pytest.raises(NotFoundError):
        sharing.open_share(hosted, account=adv, vault=adv_vault, share_id=share_id, now=later)
    # Expired: the sealed copy is deleted the next time anyone lists shares.
    assert sharing.shared_with(hosted, account=adv, now=later) == []
    engine = superuser
    with engine.connect() as conn:
        assert bytes(conn.execute(text("SELECT body FROM shares")).scalar_one()) == b""
    with pytest.raises(NotFoundError):  # a client is not an advocate
        sharing.create_share(
            hosted,
            vault=people["client"][1],
            advocate_code=people["other"][0].id,
            label="",
            packet={"note": "x"},
            until=later,
        )
    with pytest.raises(InvalidInputError):  # an end date in the past
        sharing.create_share(
            hosted,
            vault=people["client"][1],
            advocate_code=adv.id,
            label="",
            packet={"note": "x"},
            until=NOW - timedelta(days=1),
        )
    with pytest.raises(InvalidInputError):  # nothing chosen
        sharing.build_packet(people["client"][1], plan=False, report=False, entry_ids=[])
    with pytest.raises(InvalidInputError):
        sharing.ensure_advocate_keys(hosted, account=people["client"][0], vault=people["client"][1])


def test_sharing_database_holds_no_shared_content(
    hosted: Settings, people: dict[str, tuple[Account, Vault]], superuser: Engine
) -> None:
    _share(hosted, people)
    engine = superuser
    with engine.connect() as conn:
        rows = conn.execute(text("SELECT body, label FROM shares")).all()
    dump = b"".join(bytes(b) + bytes(label) for b, label in rows)
    assert SENTINEL.encode() not in dump
    assert b"court" not in dump


def test_sharing_packet_with_plan_report_and_chosen_entries(
    hosted: Settings, people: dict[str, tuple[Account, Vault]], superuser: Engine
) -> None:
    client, vault = people["client"]
    plans_store.save_plan(vault, plans_store.SAFETY, {"safe_places": [SENTINEL + " library"]})
    kept = evidence_log.add_entry(vault, EntryInput(NOW, "phone", "Called 14 times " + SENTINEL))
    evidence_log.add_entry(vault, EntryInput(NOW, "sms", "not chosen zq-other-9921"))
    packet = sharing.build_packet(
        vault, plan=True, report=True, entry_ids=[kept.entry_id], note="hello", now=NOW
    )
    assert sharing.parts_of(packet) == ["plan", "report", "log"]
    share_id = sharing.create_share(
        hosted,
        vault=vault,
        advocate_code=sharing.advocate_code(people["adv"][0]).upper(),  # as typed
        label="",
        packet=packet,
        until=NOW + timedelta(days=7),
        now=NOW,
    )
    adv, adv_vault = people["adv"]
    sharing.accept_share(hosted, account=adv, share_id=share_id, now=NOW)
    doc = sharing.open_share(hosted, account=adv, vault=adv_vault, share_id=share_id, now=NOW)
    assert SENTINEL + " library" in doc["plan"]
    assert [e["entry"] for e in doc["entries"]] == [kept.entry_id]
    assert "zq-other-9921" not in str(doc)
    pdf = sharing.report_pdf(doc)
    assert pdf is not None and pdf.startswith(b"%PDF")
    later = NOW + timedelta(minutes=1)
    sharing.open_share(
        hosted, account=adv, vault=adv_vault, share_id=share_id, what="report", now=later
    )
    [summary] = sharing.list_shares(hosted, vault=vault, now=later)
    assert [(a.what, a.at) for a in summary.accesses][:2] == [("report", later), ("view", NOW)]
    assert {a.what for a in summary.accesses[2:]} == {"accept"}
    # The hand-over is on her chain, with the hash of exactly what left.
    events = [link.event for link in chain_store.read_chain(vault)]
    shared = [e for e in events if e["type"] == "export" and e["what"] == "share"]
    assert len(shared) == 1 and shared[0]["scope"]["parts"] == ["plan", "report", "log"]
    # Neither the plan, the entries nor the report are readable in the database.
    engine = superuser
    with engine.connect() as conn:
        body = bytes(conn.execute(text("SELECT body FROM shares")).scalar_one())
    assert SENTINEL.encode() not in body and b"%PDF" not in body
    assert client.role == "client"


def test_sharing_unknown_entry_and_missing_report_are_refused(
    hosted: Settings, people: dict[str, tuple[Account, Vault]]
) -> None:
    vault = people["client"][1]
    with pytest.raises(NotFoundError):
        sharing.build_packet(vault, plan=False, report=False, entry_ids=["0" * 32])
    with pytest.raises(NotFoundError):  # no plan made yet
        sharing.build_packet(vault, plan=True, report=False, entry_ids=[])
    share_id = _share(hosted, people)
    adv, adv_vault = people["adv"]
    with pytest.raises(NotFoundError):  # this packet has no report: nothing logged
        sharing.open_share(
            hosted, account=adv, vault=adv_vault, share_id=share_id, what="report", now=NOW
        )
    assert sharing.list_shares(hosted, vault=vault, now=NOW)[0].opened_at == []


def test_sharing_a_new_share_is_inactive_until_accepted(
    hosted: Settings, people: dict[str, tuple[Account, Vault]]
) -> None:
    """R45: a trusted-contact link is inactive until accepted."""
    share_id = _share(hosted, people, accept=False)
    adv, adv_vault = people["adv"]
    vault = people["client"][1]
    [incoming] = sharing.shared_with(hosted, account=adv, now=NOW)
    assert (incoming.id, incoming.state, incoming.pending) == (share_id, "pending", True)
    assert incoming.reference == share_id[:4] + "-" + share_id[4:8]
    for what in sharing.ACCESS_KINDS:  # nothing opens it, and nothing is logged
        with pytest.raises(NotFoundError):
            sharing.open_share(
                hosted, account=adv, vault=adv_vault, share_id=share_id, what=what, now=NOW
            )
    [summary] = sharing.list_shares(hosted, vault=vault, now=NOW)
    assert (summary.state, summary.accesses, summary.live(NOW)) == ("pending", [], True)
    # Another advocate, a client and the owner herself cannot accept it: 404.
    for name in ("adv2", "other", "client"):
        for decide in (sharing.accept_share, sharing.decline_share):
            with pytest.raises(NotFoundError):
                decide(hosted, account=people[name][0], share_id=share_id, now=NOW)
    assert sharing.list_shares(hosted, vault=vault, now=NOW)[0].state == "pending"
    later = NOW + timedelta(minutes=5)
    sharing.accept_share(hosted, account=adv, share_id=share_id, now=later)
    sharing.accept_share(hosted, account=adv, share_id=share_id, now=later)  # a second click
    with pytest.raises(NotFoundError):  # accepted: no longer to be declined
        sharing.decline_share(hosted, account=adv, share_id=share_id, now=later)
    doc = sharing.open_share(hosted, account=adv, vault=adv_vault, share_id=share_id, now=later)
    assert doc == {"note": SENTINEL}
    [summary] = sharing.list_shares(hosted, vault=vault, now=later)
    assert summary.state == "accepted"
    assert [(a.what, a.at) for a in summary.accesses] == [("view", later), ("accept", later)]
    # A pending share can still be revoked by the client, and then nobody accepts it.
    second = _share(hosted, people, accept=False)
    sharing.revoke_share(hosted, vault=vault, share_id=second)
    with pytest.raises(NotFoundError):
        sharing.accept_share(hosted, account=adv, share_id=second, now=NOW)
    # An expired pending share cannot be accepted either.
    third = _share(hosted, people, days=1, accept=False)
    with pytest.raises(NotFoundError):
        sharing.accept_share(hosted, account=adv, share_id=third, now=NOW + timedelta(days=2))


def test_sharing_decline_deletes_the_copy_and_is_logged(
    hosted: Settings, people: dict[str, tuple[Account, Vault]], superuser: Engine
) -> None:
    share_id = _share(hosted, people, accept=False)
    adv, adv_vault = people["adv"]
    sharing.decline_share(hosted, account=adv, share_id=share_id, now=NOW)
    sharing.decline_share(hosted, account=adv, share_id=share_id, now=NOW)  # a second click
    engine = superuser
    with engine.connect() as conn:
        body, state = conn.execute(text("SELECT body, state FROM shares")).one()
    assert (bytes(body), state) == (b"", "declined")
    with pytest.raises(NotFoundError):
        sharing.accept_share(hosted, account=adv, share_id=share_id, now=NOW)
    with pytest.raises(NotFoundError):
        sharing.open_share(hosted, account=adv, vault=adv_vault, share_id=share_id, now=NOW)
    assert sharing.shared_with(hosted, account=adv, now=NOW) == []
    [summary] = sharing.list_shares(hosted, vault=people["client"][1], now=NOW)
    assert summary.state == "declined" and not summary.live(NOW)
    assert [a.what for a in summary.accesses] == ["decline"]


def test_sharing_revoking_twice_is_one_event_and_the_same_answer(
    hosted: Settings, people: dict[str, tuple[Account, Vault]]
) -> None:
    share_id = _share(hosted, people)
    vault = people["client"][1]
    sharing.revoke_share(hosted, vault=vault, share_id=share_id, now=NOW)
    first = sharing.get_share(hosted, vault=vault, share_id=share_id, now=NOW)
    sharing.revoke_share(hosted, vault=vault, share_id=share_id, now=NOW)  # no error
    assert sharing.get_share(hosted, vault=vault, share_id=share_id, now=NOW) == first
    events = [link.event for link in chain_store.read_chain(vault)]
    assert [e["type"] for e in events].count("revoke") == 1
    with pytest.raises(NotFoundError):  # still not another client's to revoke
        sharing.revoke_share(hosted, vault=people["other"][1], share_id=share_id)


def test_sharing_an_advocate_can_answer_but_not_rewrite_a_share(
    hosted: Settings, people: dict[str, tuple[Account, Vault]]
) -> None:
    """Row security lets the recipient update her shares; the guard trigger limits that
    to answering and dropping the copy, so she cannot revive, extend or relabel one."""
    share_id = _share(hosted, people, accept=False)
    sharing.revoke_share(hosted, vault=people["client"][1], share_id=share_id)
    engine = accounts.account_engine(hosted, people["adv"][0])
    for change in ("revoked = 0", "expires = expires + interval '1 year'", "label = 'x'::bytea"):
        refused = pytest.raises(DBAPIError, match="only the client may change this share")
        with refused, engine.begin() as conn:
            conn.execute(text(f"UPDATE shares SET {change} WHERE id = :i"), {"i": share_id})
    with engine.begin() as conn:  # emptying the copy is allowed (it is already empty)
        changed = conn.execute(
            text("UPDATE shares SET body = ''::bytea WHERE id = :i"), {"i": share_id}
        )
        assert changed.rowcount == 1
    other = accounts.account_engine(hosted, people["adv2"][0])
    with other.begin() as conn:  # not her share: row security hides it
        gone = conn.execute(
            text("UPDATE shares SET body = ''::bytea WHERE id = :i"), {"i": share_id}
        )
        assert gone.rowcount == 0
