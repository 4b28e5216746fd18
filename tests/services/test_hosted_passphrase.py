"""Hosted passphrase change and recovery (R15, R16, R17, R40, R42, R51) on real
PostgreSQL. Hosted mode runs only on PostgreSQL, so there is no SQLite variant."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import text
from tests.conftest import PASSPHRASE, fast_settings

from onward.config import Settings
from onward.errors import TooManyAttemptsError, WeakPassphraseError, WrongPassphraseError
from onward.services import accounts, hosted_sessions, items
from onward.services.accounts import Account
from onward.store import db

pytestmark = pytest.mark.pg

T0 = datetime(2026, 11, 22, 9, 0, tzinfo=UTC)
NEW = "copper meadow whistle dune"


@pytest.fixture
def hosted(pg_url: str, tmp_path: Path) -> Settings:
    return fast_settings(tmp_path / "data", pg_url, hosted=True, signup="open")


def _account(settings: Settings) -> tuple[Account, str, str]:
    """An account with one note; returns it, its recovery key and the note's id."""
    account, vault, recovery = accounts.sign_up(settings, name="robin", passphrase=PASSPHRASE)
    note = items.add(vault, kind="note", data={"text": "zq-keep-5512"}).id
    vault.lock()
    return account, recovery, note


def _rows(settings: Settings, table: str) -> int:
    engine = db.postgres_engine(settings.database_url.get_secret_value())  # type: ignore[union-attr]
    with engine.connect() as conn:
        return int(conn.execute(text(f"SELECT count(*) FROM {table}")).scalar_one())


def _items_bodies(settings: Settings) -> list[bytes]:
    engine = db.postgres_engine(settings.database_url.get_secret_value())  # type: ignore[union-attr]
    with engine.connect() as conn:
        return [
            bytes(b) for b in conn.execute(text("SELECT body FROM items ORDER BY id")).scalars()
        ]


def _note_text(settings: Settings, name: str, passphrase: str, note: str) -> str:
    account, dek = accounts.log_in(settings, name=name, passphrase=passphrase, address=None)
    vault = accounts.open_vault(settings, account=account, dek=dek)
    try:
        (doc,) = [d for d in items.page(vault, kind="note", limit=10) if d.id == note]
        return str(doc.data["text"])
    finally:
        vault.lock()


def _session(settings: Settings, account: Account) -> str:
    _, dek = accounts.log_in(settings, name="robin", passphrase=PASSPHRASE, address=None)
    try:
        return hosted_sessions.start_session(settings, account=account, dek=dek, user_agent=None)
    finally:
        dek.wipe()


def test_change_rewraps_only_the_key_and_ends_other_sessions(hosted: Settings) -> None:
    account, _, note = _account(hosted)
    mine, other = _session(hosted, account), _session(hosted, account)
    before = _items_bodies(hosted)
    ended = accounts.change_passphrase(hosted, account=account, old=PASSPHRASE, new=NEW, token=mine)
    assert ended == 1
    assert _items_bodies(hosted) == before  # no record was rewritten (R17)
    assert hosted_sessions.open_session(hosted, token=other) is None
    found = hosted_sessions.open_session(hosted, token=mine)  # this device stays signed in
    assert found is not None
    found[1].wipe()
    with pytest.raises(WrongPassphraseError):
        accounts.log_in(hosted, name="robin", passphrase=PASSPHRASE, address=None)
    assert _note_text(hosted, "robin", NEW, note) == "zq-keep-5512"


def test_change_refuses_a_wrong_or_weak_passphrase_and_changes_nothing(hosted: Settings) -> None:
    account, _, note = _account(hosted)
    token = _session(hosted, account)
    with pytest.raises(WrongPassphraseError):
        accounts.change_passphrase(
            hosted, account=account, old="not the passphrase", new=NEW, token=token
        )
    with pytest.raises(WeakPassphraseError):
        accounts.change_passphrase(
            hosted, account=account, old=PASSPHRASE, new="password", token=token
        )
    assert _note_text(hosted, "robin", PASSPHRASE, note) == "zq-keep-5512"


def test_change_is_throttled_against_guessing_through_a_session(hosted: Settings) -> None:
    account, _, _ = _account(hosted)
    token = _session(hosted, account)
    for _ in range(accounts.NAME_FREE_ATTEMPTS + 1):
        with pytest.raises(WrongPassphraseError):
            accounts.change_passphrase(
                hosted, account=account, old="wrong guess again", new=NEW, token=token, now=T0
            )
    with pytest.raises(TooManyAttemptsError) as exc:
        accounts.change_passphrase(
            hosted, account=account, old=PASSPHRASE, new=NEW, token=token, now=T0
        )
    later = T0 + timedelta(seconds=exc.value.retry_after_s + 1)
    accounts.change_passphrase(
        hosted, account=account, old=PASSPHRASE, new=NEW, token=token, now=later
    )


def test_recovery_sets_a_new_passphrase_resets_the_verifier_and_ends_sessions(
    hosted: Settings,
) -> None:
    account, recovery, note = _account(hosted)
    old_session = _session(hosted, account)
    engine = db.postgres_engine(hosted.database_url.get_secret_value())  # type: ignore[union-attr]
    with engine.connect() as conn:
        verifier = conn.execute(text("SELECT verifier FROM accounts")).scalar_one()
    typed = recovery.lower().replace("-", " ")  # case, spaces and dashes do not matter
    again, dek = accounts.recover_account(
        hosted, name="Robin", recovery_key=typed, new_passphrase=NEW, address="10.1.1.1"
    )
    dek.wipe()
    assert again == account
    assert _rows(hosted, "hosted_sessions") == 0
    assert hosted_sessions.open_session(hosted, token=old_session) is None
    with engine.connect() as conn:
        assert conn.execute(text("SELECT verifier FROM accounts")).scalar_one() != verifier
    with pytest.raises(WrongPassphraseError):
        accounts.log_in(hosted, name="robin", passphrase=PASSPHRASE, address=None)
    assert _note_text(hosted, "robin", NEW, note) == "zq-keep-5512"
    # The recovery key keeps working (it wraps the same key).
    _, dek = accounts.recover_account(
        hosted, name="robin", recovery_key=recovery, new_passphrase=PASSPHRASE, address=None
    )
    dek.wipe()


def test_recovery_answers_alike_for_unknown_names_and_wrong_keys(hosted: Settings) -> None:
    _account(hosted)
    wrong_key = "-".join(["ABCD"] * 13)
    answers = []
    for name, key in (("robin", wrong_key), ("nobody", wrong_key), ("robin", "not a key")):
        with pytest.raises(WrongPassphraseError) as exc:
            accounts.recover_account(
                hosted, name=name, recovery_key=key, new_passphrase=NEW, address="10.2.2.2", now=T0
            )
        answers.append((type(exc.value), exc.value.user_message, exc.value.hint))
    assert answers[0] == answers[1] == answers[2]
    assert _note_text(hosted, "robin", PASSPHRASE, _first_note(hosted)) == "zq-keep-5512"


def _first_note(settings: Settings) -> str:
    engine = db.postgres_engine(settings.database_url.get_secret_value())  # type: ignore[union-attr]
    with engine.connect() as conn:
        return str(conn.execute(text("SELECT id FROM items WHERE kind = 'note'")).scalar_one())


def test_recovery_is_throttled_for_real_and_unknown_names(hosted: Settings) -> None:
    _, recovery, _ = _account(hosted)
    for name in ("robin", "ghost"):
        for _ in range(accounts.NAME_FREE_ATTEMPTS + 1):
            with pytest.raises(WrongPassphraseError):
                accounts.recover_account(
                    hosted, name=name, recovery_key="AAAA", new_passphrase=NEW, address=None, now=T0
                )
        with pytest.raises(TooManyAttemptsError):
            accounts.recover_account(
                hosted, name=name, recovery_key=recovery, new_passphrase=NEW, address=None, now=T0
            )
    later = T0 + timedelta(minutes=5)
    _, dek = accounts.recover_account(
        hosted, name="robin", recovery_key=recovery, new_passphrase=NEW, address=None, now=later
    )
    dek.wipe()
