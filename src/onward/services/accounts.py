"""Hosted-mode accounts: invitations, sign-up and login (docs/hosting.md §1.2-1.4).

Each account is a vault. Its header lives in ``vault_headers`` (slot = account id)
and its DEK is wrapped under the ``kek`` half of the login key; the server keeps
only a hash of the ``auth`` half (R40). A missing name costs the same Argon2id work
and gets the same answer as a wrong passphrase (R16). Every Argon2id run goes
through a per-process semaphore so a login storm cannot exhaust memory (R18).
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import os
import re
import secrets
import threading
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import URL, Connection, Engine
from sqlalchemy.exc import IntegrityError as DbIntegrityError

from onward.config import Settings
from onward.errors import (
    ConfigError,
    InvalidInputError,
    TooManyAttemptsError,
    WrongPassphraseError,
)
from onward.services.passphrase import check_passphrase
from onward.services.vault import Vault
from onward.store import accounts_repo as repo
from onward.store import crypto, db
from onward.store.backend import Backend
from onward.store.crypto import SecretKey
from onward.store.header import VaultHeader
from onward.store.ids import new_id
from onward.store.login_keys import (
    derive_login_keys,
    keyed_hash,
    normalise_name,
    session_id,
    verifier_for,
)
from onward.store.tables import vault_headers

log = logging.getLogger("onward")

ROLES = ("client", "advocate", "admin")
NAME_RE = re.compile(r"^[\w.\-]{3,64}$")
# Progressive delay (R13, R40): free tries, then doubling waits, capped; never a lockout.
# An address gets more free tries than a name: a helpline office may share one address.
NAME_FREE_ATTEMPTS = 5
ADDRESS_FREE_ATTEMPTS = 20
# Sign-up per client address (successes count too): free tries per quiet day, then
# the same doubling waits.
SIGNUP_FREE_ATTEMPTS = 10
SIGNUP_WINDOW = timedelta(days=1)
MAX_DELAY_S = 15 * 60
KDF_WAIT_S = 10.0
INVITATION_DAYS = 14

_gate_lock = threading.Lock()
_prepare_lock = threading.Lock()
_prepared: set[URL] = set()  # databases checked and migrated by this process
_secrets: dict[Path, bytes] = {}
_gates: dict[int, threading.BoundedSemaphore] = {}


@dataclass(frozen=True, slots=True)
class Account:
    """A signed-in account as the rest of the app sees it: opaque ids and a role."""

    id: str
    vault_id: str
    role: str


# What a passphrase or recovery key opens: the account and its vault key (wipe it after).
Unlocked = tuple[Account, SecretKey]


def _engine(settings: Settings) -> Engine:
    if settings.database_url is None:
        raise ConfigError(
            "Hosted mode needs PostgreSQL.",
            hint="Set ONWARD_DATABASE_URL to a postgresql:// URL.",
        )
    return db.postgres_engine(settings.database_url.get_secret_value())


def prepare(settings: Settings) -> Engine:
    """Check and migrate the database once per process; return its engine."""
    engine = _engine(settings)
    if engine.url in _prepared:
        return engine
    with _prepare_lock:  # concurrent first requests must not migrate twice at once
        _backend(settings, "local").prepare()
        _prepared.add(engine.url)
    return engine


def _backend(settings: Settings, account_id: str) -> Backend:
    url = settings.database_url.get_secret_value() if settings.database_url else None
    owner = settings.owner_database_url
    return Backend(
        data_dir=settings.data_dir,
        database_url=url,
        header_slot=account_id,
        owner_url=owner.get_secret_value() if owner else None,
    )


def account_engine(settings: Settings, account: Account) -> Engine:
    """The engine for one signed-in account: row security lets it see only the rows
    of this account and its vault (R37; a no-op outside PostgreSQL)."""
    return db.scoped(prepare(settings), account=account.id, vault=account.vault_id)


def system_engine(settings: Settings) -> Engine:
    """The engine for lookups made before an account is known (docs/hosting.md §1.8)."""
    return db.system(prepare(settings))


def server_secret(settings: Settings) -> bytes:
    """The key for keyed hashes of names and addresses; made (0600) on first use."""
    path = settings.server_secret_path
    if path not in _secrets:
        _secrets[path] = _load_or_make_secret(path)
    return _secrets[path]


def _load_or_make_secret(path: Path) -> bytes:
    try:
        return bytes.fromhex(path.read_text(encoding="ascii").strip())
    except FileNotFoundError:
        pass
    db.ensure_private_dir(path.parent)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:  # another worker made it first
        return bytes.fromhex(path.read_text(encoding="ascii").strip())
    with os.fdopen(fd, "w", encoding="ascii") as f:
        f.write(secrets.token_hex(32))
        f.flush()
        os.fsync(f.fileno())
    return bytes.fromhex(path.read_text(encoding="ascii").strip())


def csrf_secret(settings: Settings) -> bytes:
    """The CSRF key every worker shares (derived from the server secret)."""
    return bytes.fromhex(keyed_hash(server_secret(settings), "csrf", "v1"))


def kdf_gate(slots: int) -> threading.BoundedSemaphore:
    """The process-wide semaphore that bounds concurrent Argon2id runs."""
    with _gate_lock:
        gate = _gates.get(slots)
        if gate is None:
            gate = _gates[slots] = threading.BoundedSemaphore(slots)
        return gate


def _derive(
    settings: Settings, passphrase: str, salt: bytes, params: crypto.KdfParams
) -> tuple[SecretKey, bytes]:
    gate = kdf_gate(settings.kdf_slots)
    if not gate.acquire(timeout=KDF_WAIT_S):
        raise TooManyAttemptsError(
            "The service is busy. Please try again in a moment.", retry_after_s=5
        )
    try:
        return derive_login_keys(passphrase, salt, params)
    finally:
        gate.release()


def _dek_aad(vault_id: str) -> bytes:
    return crypto.record_aad(vault_id, "header", "dek", "login")


def _recovery_aad(vault_id: str) -> bytes:
    return crypto.record_aad(vault_id, "header", "dek", "recovery")


def delay_after(failures: int, free: int) -> int:
    """Seconds to wait after ``failures`` wrong tries in a row."""
    if failures <= free:
        return 0
    return int(min(2 ** (failures - free - 1), MAX_DELAY_S))


# --- invitations --------------------------------------------------------------------


def create_invitation(
    settings: Settings, *, role: str = "client", now: datetime | None = None
) -> str:
    """A one-time sign-up code for ``role``, shown once; only its hash is stored."""
    if role not in ROLES:
        raise InvalidInputError("Unknown role.", hint="Use client, advocate or admin.")
    now = now or datetime.now(UTC)
    code = "-".join(secrets.token_hex(3) for _ in range(4))
    with prepare(settings).begin() as conn:
        repo.insert_invitation(
            conn,
            code_hash=_code_hash(code),
            role=role,
            created=now,
            expires=now + timedelta(days=INVITATION_DAYS),
        )
    log.info("invitation created")
    return code


def _code_hash(code: str) -> str:
    return hashlib.sha256(code.strip().lower().encode()).hexdigest()


# --- sign-up ------------------------------------------------------------------------

_SIGNUP_REFUSED = "That did not work. Check the code, or choose another name."


def sign_up(
    settings: Settings,
    *,
    name: str,
    passphrase: str,
    invitation: str | None = None,
    address: str | None = None,
    now: datetime | None = None,
) -> tuple[Account, Vault, str]:
    """Make an account (its vault) and return it unlocked plus the recovery key.

    Every attempt from one client address counts, whatever its outcome: past the free
    ones each waits longer (429 before any work), so one address cannot mass-produce
    accounts or probe names quickly; the count starts again after a quiet day.
    """
    check_passphrase(passphrase)
    if not NAME_RE.fullmatch(name.strip()):
        raise InvalidInputError(
            "A name needs 3 to 64 letters, digits, dots, dashes or underscores.",
            hint="Do not use your real name or e-mail address.",
        )
    now = now or datetime.now(UTC)
    secret = server_secret(settings)
    throttle = keyed_hash(secret, "throttle-signup", address or "")
    with prepare(settings).begin() as conn:
        _check_throttles(conn, [throttle], now)
        _count_attempt(conn, throttle, SIGNUP_FREE_ATTEMPTS, now, window=SIGNUP_WINDOW)
    name_key = keyed_hash(secret, "name", normalise_name(name))
    account_id, vault_id = new_id(), new_id()
    engine = db.scoped(prepare(settings), account=account_id, vault=vault_id)
    salt = secrets.token_bytes(crypto.SALT_BYTES)
    dek = SecretKey.generate()
    kek, auth = _derive(settings, passphrase, salt, settings.kdf)  # always: same work (R16)
    recovery_text, recovery_kek = crypto.new_recovery_key()
    try:
        header = VaultHeader(
            vault_id=vault_id,
            kdf=settings.kdf,
            salt=salt,
            wrapped_dek=crypto.wrap_key(kek, dek, _dek_aad(vault_id)),
            recovery_wrapped_dek=crypto.wrap_key(recovery_kek, dek, _recovery_aad(vault_id)),
            created_at=now,
        )
    finally:
        kek.wipe()
        recovery_kek.wipe()
    try:
        with engine.begin() as conn:
            role = "client"
            if invitation:
                role = repo.use_invitation(conn, code_hash=_code_hash(invitation), now=now) or ""
            elif settings.signup != "open":
                role = ""
            if not role:
                raise InvalidInputError(_SIGNUP_REFUSED)
            repo.insert_account(
                conn,
                account_id=account_id,
                name_key=name_key,
                vault_id=vault_id,
                verifier=verifier_for(auth),
                role=role,
                created=now,
            )
            conn.execute(
                vault_headers.insert().values(slot=account_id, header=header.to_json(), updated=now)
            )
    except DbIntegrityError:
        dek.wipe()
        raise InvalidInputError(_SIGNUP_REFUSED) from None
    except InvalidInputError:
        dek.wipe()
        raise
    log.info("account created")
    account = Account(account_id, vault_id, role)
    return account, open_vault(settings, account=account, dek=dek), recovery_text


def open_vault(settings: Settings, *, account: Account, dek: SecretKey) -> Vault:
    """A ``Vault`` for one request of a signed-in account (the caller wipes it)."""
    backend = _backend(settings, account.id)
    return Vault(
        vault_id=account.vault_id,
        dek=dek,
        engine=backend.pg_engine(),
        backend=backend,
        plain_records=settings.bench_plain_records,
    )


# --- login --------------------------------------------------------------------------


def log_in(
    settings: Settings,
    *,
    name: str,
    passphrase: str,
    address: str | None,
    now: datetime | None = None,
) -> Unlocked:
    """Check a name and passphrase; return the account and its unwrapped DEK.

    The same error, after the same Argon2id work, whether the name exists or not.
    """
    now = now or datetime.now(UTC)
    engine = prepare(settings)
    secret = server_secret(settings)
    name_key = keyed_hash(secret, "name", normalise_name(name))
    keys = [  # throttle rows exist for missing names too (R16)
        (keyed_hash(secret, "throttle-name", name_key), NAME_FREE_ATTEMPTS),
        (keyed_hash(secret, "throttle-address", address or ""), ADDRESS_FREE_ATTEMPTS),
    ]
    stand_in = keyed_hash(secret, "stand-in", name_key)[: len(new_id())]
    with db.system(engine).begin() as conn:
        _check_throttles(conn, [key for key, _free in keys], now)
        row = repo.find_account(conn, name_key=name_key)
        # Read a header either way (a missing name reads a slot that is never used),
        # so both paths do the same database work (R16); row security allows only
        # the found account's header (R37).
        slot = row.id if row else stand_in
        db.set_scope(conn, db.Scope(account=slot))
        header_text = conn.execute(
            vault_headers.select()
            .with_only_columns(vault_headers.c.header)
            .where(vault_headers.c.slot == slot)
        ).scalar_one_or_none()
    header = VaultHeader.from_json(header_text) if header_text else None
    if row is not None and header is not None:
        header.check_kdf_floor()
        salt, params = header.salt, header.kdf
    else:  # a stable stand-in salt, so a missing name behaves like a present one
        salt = bytes.fromhex(keyed_hash(secret, "salt", name_key))[: crypto.SALT_BYTES]
        params = settings.kdf
    kek, auth = _derive(settings, passphrase, salt, params)
    try:
        ok = (
            row is not None
            and header is not None
            and not row.disabled
            and hmac.compare_digest(verifier_for(auth), row.verifier)
        )
        if not ok or row is None or header is None:
            _record_failure(engine, keys, now)
            log.info("login refused")
            raise WrongPassphraseError(
                "That name and passphrase did not match.",
                hint="Check caps lock and try again.",
            )
        dek = crypto.unwrap_key(kek, header.wrapped_dek, _dek_aad(header.vault_id))
    finally:
        kek.wipe()
    with engine.begin() as conn:
        repo.clear_throttle(conn, key=keys[0][0])
    log.info("login")
    return Account(row.id, row.vault_id, row.role), dek


def _check_throttles(conn: Connection, keys: list[str], now: datetime) -> None:
    """429 before any work while one of these keys must still wait (R13, R40)."""
    for key in keys:
        _, next_at = repo.throttle_state(conn, key=key)
        if next_at is not None and now < next_at:
            wait = (next_at - now).total_seconds()
            raise TooManyAttemptsError(
                f"Please wait {int(wait) + 1} seconds before trying again.",
                retry_after_s=wait,
                hint="This pause protects accounts from guessing. Nothing has been deleted.",
            )


def _count_attempt(
    conn: Connection, key: str, free: int, now: datetime, *, window: timedelta | None = None
) -> None:
    failures, _, updated = repo.throttle_row(conn, key=key)
    if window is not None and updated is not None and now - updated > window:
        failures = 0  # a quiet spell starts the count again
    failures += 1
    wait = delay_after(failures, free)
    next_at = now + timedelta(seconds=wait) if wait else None
    repo.save_throttle(conn, key=key, failures=failures, next_at=next_at, now=now)


def _record_failure(engine: Engine, keys: list[tuple[str, int]], now: datetime) -> None:
    with engine.begin() as conn:
        for key, free in keys:
            _count_attempt(conn, key, free, now)


# --- passphrase change and recovery (R17, R42, R51) -----------------------------------


def _new_login(
    settings: Settings, header: VaultHeader, dek: SecretKey, passphrase: str
) -> tuple[VaultHeader, str]:
    """The header and verifier for a new passphrase: a new salt, the same DEK re-wrapped."""
    salt = secrets.token_bytes(crypto.SALT_BYTES)
    kek, auth = _derive(settings, passphrase, salt, settings.kdf)
    try:
        wrapped = crypto.wrap_key(kek, dek, _dek_aad(header.vault_id))
    finally:
        kek.wipe()
    new_header = replace(header.cleared(), kdf=settings.kdf, salt=salt, wrapped_dek=wrapped)
    return new_header, verifier_for(auth)


def change_passphrase(
    settings: Settings,
    *,
    account: Account,
    old: str,
    new: str,
    token: str,
    now: datetime | None = None,
) -> int:
    """Re-wrap only the DEK under a new passphrase, replace the login verifier and end
    every other session of the account (R15, R17). Returns how many sessions ended.

    Wrong tries are throttled like logins, so a borrowed session cannot be used to
    guess the passphrase quickly.
    """
    check_passphrase(new)
    now = now or datetime.now(UTC)
    engine = prepare(settings)
    keys = [
        (keyed_hash(server_secret(settings), "throttle-change", account.id), NAME_FREE_ATTEMPTS)
    ]
    scoped = db.scoped(engine, account=account.id, vault=account.vault_id)
    with scoped.begin() as conn:
        _check_throttles(conn, [key for key, _free in keys], now)
        row = repo.get_account(conn, account_id=account.id)
        header = _header_of(conn, account.id)
    if row is None or header is None:
        raise WrongPassphraseError("That is not your current passphrase.")
    kek, auth = _derive(settings, old, header.salt, header.kdf)
    try:
        if not hmac.compare_digest(verifier_for(auth), row.verifier):
            _record_failure(engine, keys, now)
            log.info("passphrase change refused")
            raise WrongPassphraseError(
                "That is not your current passphrase.",
                hint="Type the passphrase you signed in with. Nothing was changed.",
            )
        dek = crypto.unwrap_key(kek, header.wrapped_dek, _dek_aad(header.vault_id))
    finally:
        kek.wipe()
    try:
        new_header, verifier = _new_login(settings, header, dek, new)
    finally:
        dek.wipe()
    with scoped.begin() as conn:
        repo.update_login(
            conn, account_id=account.id, verifier=verifier, header=new_header.to_json(), now=now
        )
        ended = repo.delete_other_sessions(conn, account_id=account.id, keep_id=session_id(token))
        repo.clear_throttle(conn, key=keys[0][0])
    log.info("passphrase changed")
    return ended


_RECOVERY_REFUSED = "That name and recovery key did not match."


def recover_account(
    settings: Settings,
    *,
    name: str,
    recovery_key: str,
    new_passphrase: str,
    address: str | None,
    now: datetime | None = None,
) -> Unlocked:
    """Set a new passphrase with the recovery key shown at sign-up (R42, R51).

    Resets the login verifier and ends every session of the account (someone who
    knew the old passphrase is signed out). Throttled like login, and a missing name
    gets the same answer after the same Argon2id work (R16). Returns the account and
    its DEK so the caller can sign her in.
    """
    check_passphrase(new_passphrase)
    now = now or datetime.now(UTC)
    engine = prepare(settings)
    secret = server_secret(settings)
    name_key = keyed_hash(secret, "name", normalise_name(name))
    keys = [
        (keyed_hash(secret, "throttle-recover-name", name_key), NAME_FREE_ATTEMPTS),
        (keyed_hash(secret, "throttle-recover-address", address or ""), ADDRESS_FREE_ATTEMPTS),
    ]
    with db.system(engine).begin() as conn:
        _check_throttles(conn, [key for key, _free in keys], now)
        row = repo.find_account(conn, name_key=name_key)
        if row is not None:
            db.set_scope(conn, db.Scope(account=row.id))  # row security (R37)
        header = _header_of(conn, row.id) if row else None
    # The new passphrase's Argon2id runs first and always: the same work for every answer.
    salt = secrets.token_bytes(crypto.SALT_BYTES)
    kek, auth = _derive(settings, new_passphrase, salt, settings.kdf)
    dek: SecretKey | None = None
    try:
        if row is not None and header is not None and not row.disabled:
            try:
                recovery_kek = crypto.recovery_kek(recovery_key)
            except Exception:
                recovery_kek = None
            if recovery_kek is not None:
                try:
                    dek = crypto.unwrap_key(
                        recovery_kek, header.recovery_wrapped_dek, _recovery_aad(header.vault_id)
                    )
                except Exception:
                    dek = None
                finally:
                    recovery_kek.wipe()
        if dek is None or row is None or header is None:
            _record_failure(engine, keys, now)
            log.info("recovery refused")
            raise WrongPassphraseError(
                _RECOVERY_REFUSED,
                hint="Check the key letter by letter; dashes and spaces do not matter.",
            )
        wrapped = crypto.wrap_key(kek, dek, _dek_aad(header.vault_id))
    finally:
        kek.wipe()
    new_header = replace(header.cleared(), kdf=settings.kdf, salt=salt, wrapped_dek=wrapped)
    with db.scoped(engine, account=row.id, vault=row.vault_id).begin() as conn:
        repo.update_login(
            conn,
            account_id=row.id,
            verifier=verifier_for(auth),
            header=new_header.to_json(),
            now=now,
        )
        repo.delete_all_sessions(conn, account_id=row.id)
        for key, _free in keys[:1]:
            repo.clear_throttle(conn, key=key)
    log.info("passphrase reset with recovery key")
    return Account(row.id, row.vault_id, row.role), dek


def _header_of(conn: Connection, account_id: str) -> VaultHeader | None:
    text = conn.execute(
        vault_headers.select()
        .with_only_columns(vault_headers.c.header)
        .where(vault_headers.c.slot == account_id)
    ).scalar_one_or_none()
    return VaultHeader.from_json(text) if text else None


def get_account(settings: Settings, *, account_id: str) -> Account | None:
    with db.scoped(_engine(settings), account=account_id).connect() as conn:
        row = repo.get_account(conn, account_id=account_id)
    if row is None or row.disabled:
        return None
    return Account(row.id, row.vault_id, row.role)


def account_counts(settings: Settings) -> dict[str, int]:
    """Accounts per role: the only thing an organisation admin sees (R42)."""
    with db.system(_engine(settings)).connect() as conn:
        counts = repo.count_accounts_by_role(conn)
    return {role: counts.get(role, 0) for role in ROLES}


def organisation_counts(settings: Settings) -> dict[str, int]:
    """What the admin page shows: accounts per role, live sessions and shares."""
    with db.system(_engine(settings)).connect() as conn:
        counts = repo.count_accounts_by_role(conn)
        extra = repo.count_sessions_and_shares(conn)
    return {**{role: counts.get(role, 0) for role in ROLES}, **extra}
