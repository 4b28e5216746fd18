"""Hosted accounts (R16, R40) and hosted sessions (R15) on real PostgreSQL."""

from __future__ import annotations

import threading
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import text
from tests.conftest import PASSPHRASE, fast_settings

from onward.config import Settings
from onward.errors import InvalidInputError, TooManyAttemptsError, WrongPassphraseError
from onward.services import accounts, hosted_sessions, items
from onward.store import db

pytestmark = pytest.mark.pg

T0 = datetime(2026, 11, 21, 12, 0, tzinfo=UTC)


@pytest.fixture
def hosted(pg_url: str, tmp_path: Path) -> Settings:
    return fast_settings(tmp_path / "data", pg_url, hosted=True, signup="open")


def _sign_up(settings: Settings, name: str = "robin") -> accounts.Account:
    account, vault, recovery = accounts.sign_up(settings, name=name, passphrase=PASSPHRASE)
    vault.lock()
    assert recovery
    return account


def test_accounts_sign_up_then_log_in_opens_the_same_vault(hosted: Settings) -> None:
    account, vault, _ = accounts.sign_up(hosted, name="robin", passphrase=PASSPHRASE)
    item_id = items.add(vault, kind="note", data={"text": "sentinel-a"}).id
    vault.lock()
    again, dek = accounts.log_in(hosted, name=" Robin ", passphrase=PASSPHRASE, address="10.0.0.1")
    assert again == account and again.role == "client"
    vault = accounts.open_vault(hosted, account=again, dek=dek)
    try:
        assert [d.id for d in items.page(vault, kind="note", limit=10)] == [item_id]
    finally:
        vault.lock()


def test_accounts_database_holds_no_name_and_no_key(hosted: Settings) -> None:
    account, vault, _ = accounts.sign_up(hosted, name="robinhood", passphrase=PASSPHRASE)
    dek_hex = vault.dek.raw().hex()
    vault.lock()
    engine = db.postgres_engine(hosted.database_url.get_secret_value())  # type: ignore[union-attr]
    with engine.connect() as conn:
        dump = " ".join(
            str(row)
            for table in ("accounts", "vault_headers", "hosted_sessions")
            for row in conn.execute(text(f"SELECT * FROM {table}")).all()
        )
    assert account.id in dump
    assert "robinhood" not in dump.lower()
    assert dek_hex not in dump


def test_accounts_invitation_is_needed_unless_signup_is_open(pg_url: str, tmp_path: Path) -> None:
    settings = fast_settings(tmp_path / "data", pg_url, hosted=True)  # signup="invite"
    with pytest.raises(InvalidInputError):
        accounts.sign_up(settings, name="robin", passphrase=PASSPHRASE)
    with pytest.raises(InvalidInputError):
        accounts.sign_up(settings, name="robin", passphrase=PASSPHRASE, invitation="nope")
    code = accounts.create_invitation(settings, role="advocate")
    account, vault, _ = accounts.sign_up(
        settings, name="robin", passphrase=PASSPHRASE, invitation=code
    )
    vault.lock()
    assert account.role == "advocate"
    with pytest.raises(InvalidInputError):  # one use only
        accounts.sign_up(settings, name="robin2", passphrase=PASSPHRASE, invitation=code)
    assert accounts.account_counts(settings) == {"client": 0, "advocate": 1, "admin": 0}


def test_accounts_taken_name_is_refused_like_a_bad_code(hosted: Settings) -> None:
    _sign_up(hosted, "robin")
    with pytest.raises(InvalidInputError) as taken:
        accounts.sign_up(hosted, name="ROBIN", passphrase=PASSPHRASE)
    assert taken.value.user_message == accounts._SIGNUP_REFUSED


def test_accounts_missing_name_and_wrong_passphrase_look_the_same(hosted: Settings) -> None:
    _sign_up(hosted, "robin")
    errors = []
    durations = []
    for name, passphrase in (("robin", "wrong passphrase here"), ("nobody", PASSPHRASE)):
        start = time.perf_counter()
        with pytest.raises(WrongPassphraseError) as exc:
            accounts.log_in(hosted, name=name, passphrase=passphrase, address="10.0.0.2", now=T0)
        durations.append(time.perf_counter() - start)
        errors.append((exc.value.user_message, exc.value.hint))
    assert errors[0] == errors[1]
    # Both paths run one Argon2id: neither is an order of magnitude faster.
    assert min(durations) > max(durations) / 5


def test_accounts_progressive_delay_then_the_real_user_gets_in(hosted: Settings) -> None:
    _sign_up(hosted, "robin")
    now = T0
    for _ in range(accounts.NAME_FREE_ATTEMPTS + 1):
        with pytest.raises(WrongPassphraseError):
            accounts.log_in(hosted, name="robin", passphrase="not it at all", address=None, now=now)
    with pytest.raises(TooManyAttemptsError) as exc:
        accounts.log_in(hosted, name="robin", passphrase=PASSPHRASE, address=None, now=now)
    assert exc.value.retry_after_s > 0
    later = now + timedelta(seconds=exc.value.retry_after_s + 1)
    account, dek = accounts.log_in(
        hosted, name="robin", passphrase=PASSPHRASE, address=None, now=later
    )
    dek.wipe()
    assert account.role == "client"


def test_accounts_missing_name_is_throttled_like_a_real_one(hosted: Settings) -> None:
    for _ in range(accounts.NAME_FREE_ATTEMPTS + 1):
        with pytest.raises(WrongPassphraseError):
            accounts.log_in(hosted, name="ghost", passphrase="not it at all", address=None, now=T0)
    with pytest.raises(TooManyAttemptsError):
        accounts.log_in(hosted, name="ghost", passphrase="not it at all", address=None, now=T0)


def test_accounts_delay_is_capped_and_never_a_lockout() -> None:
    assert accounts.delay_after(5, 5) == 0
    assert accounts.delay_after(6, 5) == 1
    assert accounts.delay_after(1000, 5) == accounts.MAX_DELAY_S


def test_accounts_kdf_gate_bounds_concurrent_argon2(
    hosted: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    active, peak = 0, 0
    guard = threading.Lock()
    real = accounts.derive_login_keys

    def counting(*args: object, **kwargs: object) -> object:
        nonlocal active, peak
        with guard:
            active += 1
            peak = max(peak, active)
        try:
            time.sleep(0.05)
            return real(*args, **kwargs)  # type: ignore[arg-type]
        finally:
            with guard:
                active -= 1

    accounts.prepare(hosted)
    monkeypatch.setattr(accounts, "derive_login_keys", counting)

    def attempt(i: int) -> None:
        with pytest.raises(WrongPassphraseError):
            accounts.log_in(hosted, name=f"ghost{i}", passphrase="x" * 12, address=f"10.1.0.{i}")

    threads = [threading.Thread(target=attempt, args=(i,)) for i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert 1 <= peak <= hosted.kdf_slots


# --- sessions -----------------------------------------------------------------------


def _login(settings: Settings, now: datetime = T0) -> tuple[accounts.Account, str]:
    account, dek = accounts.log_in(
        settings, name="robin", passphrase=PASSPHRASE, address=None, now=now
    )
    token = hosted_sessions.start_session(
        settings,
        account=account,
        dek=dek,
        user_agent="Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0",
        now=now,
    )
    dek.wipe()
    return account, token


def test_hosted_sessions_open_from_another_settings_object(hosted: Settings) -> None:
    _sign_up(hosted)
    account, token = _login(hosted)
    other_worker = hosted.model_copy()
    opened = hosted_sessions.open_session(other_worker, token=token, now=T0)
    assert opened is not None
    assert opened[0] == account
    vault = accounts.open_vault(other_worker, account=account, dek=opened[1])
    try:
        items.add(vault, kind="note", data={"text": "x"})
    finally:
        vault.lock()
    assert hosted_sessions.open_session(hosted, token=token + "x", now=T0) is None
    assert hosted_sessions.open_session(hosted, token=None, now=T0) is None


def test_hosted_sessions_token_is_long_and_not_stored(hosted: Settings) -> None:
    _sign_up(hosted)
    _, token = _login(hosted)
    assert len(token) >= 43  # 256 bits, url-safe base64
    engine = db.postgres_engine(hosted.database_url.get_secret_value())  # type: ignore[union-attr]
    with engine.connect() as conn:
        rows = " ".join(str(r) for r in conn.execute(text("SELECT * FROM hosted_sessions")))
    assert token not in rows


def test_hosted_sessions_logout_ends_the_session(hosted: Settings) -> None:
    _sign_up(hosted)
    _, token = _login(hosted)
    hosted_sessions.end_session(hosted, token=token)
    assert hosted_sessions.open_session(hosted, token=token, now=T0) is None


def test_hosted_sessions_idle_and_absolute_timeouts(hosted: Settings) -> None:
    _sign_up(hosted)
    _, token = _login(hosted)
    idle = timedelta(minutes=hosted.session_idle_minutes)
    assert hosted_sessions.open_session(hosted, token=token, now=T0 + idle / 2) is not None
    assert hosted_sessions.open_session(hosted, token=token, now=T0 + idle * 2) is None
    _, token = _login(hosted)
    # Kept busy, the session still ends at the absolute limit.
    now = T0
    limit = T0 + timedelta(hours=hosted.session_max_hours)
    while now < limit - idle / 2:
        now += idle / 2
        assert hosted_sessions.open_session(hosted, token=token, now=now) is not None
    assert hosted_sessions.open_session(hosted, token=token, now=limit + idle / 4) is None


def test_hosted_sessions_list_and_end_others(hosted: Settings) -> None:
    _sign_up(hosted)
    account, first = _login(hosted)
    _, second = _login(hosted)
    views = hosted_sessions.list_sessions(hosted, account=account, token=second)
    assert len(views) == 2
    assert [v.current for v in views].count(True) == 1
    assert {v.agent for v in views} == {"Firefox on Linux"}
    assert hosted_sessions.end_other_sessions(hosted, account=account, token=second) == 1
    assert hosted_sessions.open_session(hosted, token=first, now=T0) is None
    assert hosted_sessions.open_session(hosted, token=second, now=T0) is not None


def test_hosted_sessions_end_by_handle_is_scoped_to_the_account(hosted: Settings) -> None:
    _sign_up(hosted, "robin")
    _sign_up(hosted, "sparrow")
    robin, token = _login(hosted)
    sparrow, dek = accounts.log_in(hosted, name="sparrow", passphrase=PASSPHRASE, address=None)
    sparrow_token = hosted_sessions.start_session(hosted, account=sparrow, dek=dek, user_agent=None)
    dek.wipe()
    handle = hosted_sessions.list_sessions(hosted, account=robin, token=token)[0].handle
    assert not hosted_sessions.end_session_by_handle(hosted, account=sparrow, handle=handle)
    assert hosted_sessions.open_session(hosted, token=token, now=T0) is not None
    assert hosted_sessions.end_session_by_handle(hosted, account=robin, handle=handle)
    assert hosted_sessions.open_session(hosted, token=token, now=T0) is None
    assert hosted_sessions.open_session(hosted, token=sparrow_token) is not None


def test_hosted_sessions_agent_summary_is_coarse() -> None:
    ua = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit Safari/604.1"
    assert hosted_sessions.summarise_agent(ua) == "Safari on iOS"
    assert hosted_sessions.summarise_agent(None) == "Browser"
    assert hosted_sessions.summarise_agent("evil\r\nheader") == "Browser"
