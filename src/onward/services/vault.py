"""Create, unlock, lock and re-key a vault. Shared by the web app and the CLI."""

from __future__ import annotations

import logging
import secrets
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta

from sqlalchemy import Engine

from onward.config import Settings
from onward.errors import (
    DataFileMissingError,
    TooManyAttemptsError,
    VaultExistsError,
    VaultMissingError,
    WrongPassphraseError,
)
from onward.i18n import gettext as _
from onward.services.passphrase import check_passphrase
from onward.store import crypto, db
from onward.store.backend import Backend
from onward.store.crypto import PlainRecordCipher, RecordCipher, SecretKey
from onward.store.header import VaultHeader
from onward.store.ids import new_id

log = logging.getLogger("onward")

# Progressive delay (R13): no wait for the first few mistakes, then doubling, capped.
FREE_ATTEMPTS = 3
MAX_DELAY_S = 60


def _dek_aad(vault_id: str) -> bytes:
    return crypto.record_aad(vault_id, "header", "dek", "passphrase")


def _recovery_aad(vault_id: str) -> bytes:
    return crypto.record_aad(vault_id, "header", "dek", "recovery")


def delay_after(failures: int) -> int:
    """Seconds to wait before the next attempt after ``failures`` wrong tries in a row."""
    if failures <= FREE_ATTEMPTS:
        return 0
    return int(min(2 ** (failures - FREE_ATTEMPTS - 1), MAX_DELAY_S))


@dataclass(frozen=True, slots=True)
class UnlockReport:
    """What the person is told after unlocking (R12)."""

    failed_attempts: int
    last_failed_at: datetime | None


@dataclass(slots=True)
class Vault:
    """An unlocked vault: its id, its key (in memory only) and its database."""

    vault_id: str
    dek: SecretKey
    engine: Engine
    backend: Backend
    cipher: RecordCipher = field(init=False)
    plain_records: bool = False
    page_size: int = db.SQLITE_PAGE_SIZE  # of the SQLite file, from the header
    # Hosted mode: the request's one connection and transaction (db.SharedConnection).
    shared: db.SharedConnection | None = None
    # What services keep in memory while the vault is open (never text; see log_index).
    memo: dict[str, object] = field(default_factory=dict, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        # PostgreSQL: every transaction of this vault sees only its own rows (R37).
        self.engine = db.scoped(self.engine, account=self.backend.header_slot, vault=self.vault_id)
        self.cipher = PlainRecordCipher() if self.plain_records else RecordCipher(self.dek)

    @property
    def locked(self) -> bool:
        return self.dek.wiped

    def lock(self) -> None:
        """Drop the key from memory and close the database (R6, R21)."""
        if not self.dek.wiped:
            self.dek.wipe()
            self.memo.clear()
            self.backend.close_engine(self.engine)
            log.info("locked")


def backend_for(settings: Settings) -> Backend:
    url = settings.database_url.get_secret_value() if settings.database_url else None
    owner = settings.owner_database_url
    return Backend(
        data_dir=settings.data_dir,
        database_url=url,
        owner_url=owner.get_secret_value() if owner else None,
    )


def vault_exists(settings: Settings) -> bool:
    backend = backend_for(settings)
    backend.prepare()
    return backend.header_store().load() is not None


def create_vault(settings: Settings, *, passphrase: str) -> tuple[Vault, str]:
    """Make a new vault; returns it unlocked plus the recovery key to show once."""
    check_passphrase(passphrase)
    backend = backend_for(settings)
    backend.prepare()
    store = backend.header_store()
    if store.load() is not None:
        raise VaultExistsError(
            "A vault already exists here.",
            hint="Unlock it, or choose another folder with --data-dir.",
        )
    vault_id = new_id()
    salt = secrets.token_bytes(crypto.SALT_BYTES)
    dek = SecretKey.generate()
    kek = crypto.derive_kek(passphrase, salt, settings.kdf)
    recovery_text, recovery_kek = crypto.new_recovery_key()
    try:
        header = VaultHeader(
            vault_id=vault_id,
            kdf=settings.kdf,
            salt=salt,
            wrapped_dek=crypto.wrap_key(kek, dek, _dek_aad(vault_id)),
            recovery_wrapped_dek=crypto.wrap_key(recovery_kek, dek, _recovery_aad(vault_id)),
            created_at=datetime.now(UTC),
        )
    finally:
        kek.wipe()
        recovery_kek.wipe()
    if not backend.is_postgres:
        # A data file without its header cannot be opened, but the header may come back
        # (from a copy, or the bin): move the file aside rather than delete it.
        moved = backend.set_aside_sqlite_files(datetime.now(UTC).strftime("%Y%m%d%H%M%S"))
        if moved:
            log.warning("an old data file without a header was moved aside: %s", moved)
    engine = backend.open_engine(dek, page_size=header.page_size)
    db.migrate(engine)
    store.save(header)
    log.info("vault created")
    return _vault(settings, backend, header, dek, engine), recovery_text


def _vault(
    settings: Settings, backend: Backend, header: VaultHeader, dek: SecretKey, engine: Engine
) -> Vault:
    return Vault(
        vault_id=header.vault_id,
        dek=dek,
        engine=engine,
        backend=backend,
        plain_records=settings.bench_plain_records,
        page_size=header.page_size,
    )


def load_header(settings: Settings) -> tuple[Backend, VaultHeader]:
    backend = backend_for(settings)
    backend.prepare()
    header = backend.header_store().load()
    if header is None:
        raise VaultMissingError("There is no vault here yet.", hint="Create one with: onward init")
    header.check_kdf_floor()
    if not backend.is_postgres and not backend.sqlite_path.exists():
        # Opening would make a new, empty data file, and the vault would look wiped.
        raise DataFileMissingError(
            _("The vault's key file is here, but its data file (store.db) is missing."),
            hint=_(
                "If you moved the data folder, move all of it, or point --data-dir at it."
                " To start again from a backup: onward restore FILE --replace."
            ),
        )
    return backend, header


def unlock_vault(
    settings: Settings, *, passphrase: str, now: datetime | None = None
) -> tuple[Vault, UnlockReport]:
    """Open the vault with its passphrase, slowing down repeated wrong tries (R13)."""
    backend, header = load_header(settings)
    now = now or datetime.now(UTC)
    if header.next_attempt_at is not None and now < header.next_attempt_at:
        wait = (header.next_attempt_at - now).total_seconds()
        raise TooManyAttemptsError(
            f"Please wait {int(wait) + 1} seconds before trying again.",
            retry_after_s=wait,
            hint="This pause protects your vault from guessing. Nothing has been deleted.",
        )
    kek = crypto.derive_kek(passphrase, header.salt, header.kdf)
    try:
        dek = crypto.unwrap_key(kek, header.wrapped_dek, _dek_aad(header.vault_id))
    except Exception:
        failures = header.failed_attempts + 1
        wait = delay_after(failures)
        next_at = now + timedelta(seconds=wait) if wait else None
        backend.header_store().save(header.with_failure(now, next_at))
        log.info("unlock refused")
        raise WrongPassphraseError(
            "That passphrase did not open the vault.",
            hint="Check caps lock and try again, or use your recovery key.",
        ) from None
    finally:
        kek.wipe()
    report = UnlockReport(header.failed_attempts, header.last_failed_at)
    header = header.cleared()
    if not header.kdf.at_least(settings.kdf):
        header = _rewrap(header, dek, passphrase, settings)  # R18: upgrade the KDF cost
    backend.header_store().save(header)
    engine = backend.open_engine(dek, page_size=header.page_size)
    vault = _vault(settings, backend, header, dek, engine)
    _migrate_with_backup(vault)
    log.info("unlocked")
    return vault, report


def _migrate_with_backup(vault: Vault) -> None:
    """Upgrade the schema; first write an encrypted backup of the old one (R50)."""
    current = db.current_revision(vault.engine)
    if current is not None and current != db.head_revision() and not vault.backend.is_postgres:
        from onward.services.backup import write_backup  # backup imports this module

        stamp = datetime.now(UTC).strftime("%Y%m%d%H%M%S")
        write_backup(vault, vault.backend.data_dir / f"pre-upgrade-{current}-{stamp}.bak")
    db.migrate(vault.engine)


def _rewrap(
    header: VaultHeader, dek: SecretKey, passphrase: str, settings: Settings
) -> VaultHeader:
    salt = secrets.token_bytes(crypto.SALT_BYTES)
    kek = crypto.derive_kek(passphrase, salt, settings.kdf)
    try:
        wrapped = crypto.wrap_key(kek, dek, _dek_aad(header.vault_id))
    finally:
        kek.wipe()
    return replace(header, kdf=settings.kdf, salt=salt, wrapped_dek=wrapped)


def change_passphrase(settings: Settings, *, old: str, new: str) -> None:
    """Re-wrap the vault key under a new passphrase; no record is rewritten (R17)."""
    check_passphrase(new)
    vault, _ = unlock_vault(settings, passphrase=old)
    try:
        _, header = load_header(settings)
        vault.backend.header_store().save(_rewrap(header, vault.dek, new, settings))
        log.info("passphrase changed")
    finally:
        vault.lock()


def recover_with_key(settings: Settings, *, recovery_key: str, new_passphrase: str) -> None:
    """Set a new passphrase using the recovery key shown at set-up (R51)."""
    check_passphrase(new_passphrase)
    backend, header = load_header(settings)
    recovery_kek = crypto.recovery_kek(recovery_key)
    try:
        dek = crypto.unwrap_key(
            recovery_kek, header.recovery_wrapped_dek, _recovery_aad(header.vault_id)
        )
    except Exception:
        raise WrongPassphraseError(
            "That recovery key did not open the vault.",
            hint="Check it letter by letter; dashes and spaces do not matter.",
        ) from None
    finally:
        recovery_kek.wipe()
    try:
        backend.header_store().save(_rewrap(header.cleared(), dek, new_passphrase, settings))
        log.info("passphrase reset with recovery key")
    finally:
        dek.wipe()


def set_quick_exit_url(settings: Settings, *, url: str | None) -> None:
    """The quick-exit address lives in the header: it is needed before unlock."""
    backend, header = load_header(settings)
    backend.header_store().save(replace(header, quick_exit_url=url or None))


def quick_exit_url(settings: Settings) -> str | None:
    try:
        _, header = load_header(settings)
    except VaultMissingError:
        return None
    return header.quick_exit_url
