"""Encrypted JSON documents in the items table: the building block of services."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection
from sqlalchemy.exc import DBAPIError

from onward.errors import LockedError
from onward.services import db_errors
from onward.services.vault import Vault
from onward.store import db, repos
from onward.store.crypto import record_aad
from onward.store.ids import new_id

TABLE = "items"


@dataclass(frozen=True, slots=True)
class Doc:
    """A decrypted item: its opaque id, its order and its data."""

    id: str
    seq: int
    data: dict[str, Any]


def _aad(vault: Vault, kind: str, item_id: str) -> bytes:
    return record_aad(vault.vault_id, TABLE, item_id, kind)


def _require_unlocked(vault: Vault) -> None:
    if vault.locked:
        raise LockedError("The vault is locked.", hint="Unlock it and try again.")


def encrypt(vault: Vault, kind: str, item_id: str, data: dict[str, Any]) -> bytes:
    _require_unlocked(vault)
    raw = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode()
    return vault.cipher.encrypt(raw, _aad(vault, kind, item_id))


def decrypt(vault: Vault, kind: str, row: repos.ItemRow) -> Doc:
    raw = vault.cipher.decrypt(row.body, _aad(vault, kind, row.id))
    return Doc(row.id, row.seq, json.loads(raw))


@contextmanager
def transaction(vault: Vault) -> Iterator[Connection]:
    """One user save is one transaction; committed (and synced) before returning (R46).

    A full disk rolls the whole save back and raises ``DiskFullError`` (R48); a vault
    another process holds too long raises ``VaultBusyError``, also with nothing kept.
    """
    _require_unlocked(vault)
    try:
        if vault.shared is not None:  # hosted: the request's one transaction
            with vault.shared.transaction() as conn:
                yield conn
            return
        with vault.engine.begin() as conn:
            yield conn
    except DBAPIError as exc:
        friendly = db_errors.translate(exc)
        if friendly is not None:
            # from None: the driver's error carries the statement and its parameters.
            raise friendly from None
        raise


@contextmanager
def reading(vault: Vault) -> Iterator[Connection]:
    """A read-only transaction: one consistent snapshot that never blocks a save.

    On SQLite it begins DEFERRED with query_only on, so a write inside it fails at once.
    """
    _require_unlocked(vault)
    if vault.shared is not None:  # hosted: the request's one transaction sees its own saves
        with vault.shared.transaction() as conn:
            yield conn
        return
    with db.read_only(vault.engine).begin() as conn:
        yield conn


def add(vault: Vault, *, kind: str, data: dict[str, Any]) -> Doc:
    item_id = new_id()
    body = encrypt(vault, kind, item_id, data)
    with transaction(vault) as conn:
        seq = repos.insert_item(
            conn, vault_id=vault.vault_id, item_id=item_id, kind=kind, body=body
        )
    return Doc(item_id, seq, data)


def get(vault: Vault, *, kind: str, item_id: str) -> Doc | None:
    with reading(vault) as conn:
        row = repos.get_item(conn, vault_id=vault.vault_id, kind=kind, item_id=item_id)
    return decrypt(vault, kind, row) if row else None


def page(vault: Vault, *, kind: str, limit: int, before_seq: int | None = None) -> list[Doc]:
    with reading(vault) as conn:
        rows = repos.list_items(
            conn, vault_id=vault.vault_id, kind=kind, limit=limit, before_seq=before_seq
        )
    return [decrypt(vault, kind, row) for row in rows]


def count(vault: Vault, *, kind: str) -> int:
    with reading(vault) as conn:
        return repos.count_items(conn, vault_id=vault.vault_id, kind=kind)


def replace_data(vault: Vault, *, kind: str, item_id: str, data: dict[str, Any]) -> bool:
    body = encrypt(vault, kind, item_id, data)
    with transaction(vault) as conn:
        return repos.update_item(
            conn, vault_id=vault.vault_id, kind=kind, item_id=item_id, body=body
        )


def remove(vault: Vault, *, kind: str, item_id: str) -> bool:
    """Delete the row: its wrapped record key goes with it (crypto-shredding, R23)."""
    with transaction(vault) as conn:
        gone = repos.delete_item(conn, vault_id=vault.vault_id, kind=kind, item_id=item_id)
    if gone:
        vault.backend.after_delete(vault.engine)
    return gone


def singleton(vault: Vault, *, kind: str) -> Doc | None:
    """The one item of a kind (settings and the like), or None."""
    docs = page(vault, kind=kind, limit=1)
    return docs[0] if docs else None


def save_singleton(vault: Vault, *, kind: str, data: dict[str, Any]) -> Doc:
    current = singleton(vault, kind=kind)
    if current is None:
        return add(vault, kind=kind, data=data)
    replace_data(vault, kind=kind, item_id=current.id, data=data)
    return Doc(current.id, current.seq, data)
