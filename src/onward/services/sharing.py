"""Sharing chosen records with an advocate (security.md R44, docs/hosting.md §1.7).

The client's session seals what she chose to the advocate's X25519 public key.
The advocate's private key is kept wrapped under her own DEK, so only her unlocked
session opens a share. Advocates only read. Revocation drops the sealed copy at
once; every opening is logged and shown to the client. There is no directory:
the client enters the advocate's code (her opaque account id), which the advocate
gives her in person or by phone.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Engine

from onward.config import Settings
from onward.errors import InvalidInputError, NotFoundError
from onward.services import accounts
from onward.services.accounts import Account
from onward.services.vault import Vault
from onward.store import box, crypto
from onward.store import shares_repo as repo
from onward.store.crypto import SecretKey
from onward.store.ids import is_id, new_id

log = logging.getLogger("onward")

WHAT = ("plan", "report", "log")  # the safety plan, a report, selected log entries
MAX_LABEL = 200


@dataclass(frozen=True, slots=True)
class ShareSummary:
    """One of the client's shares as she sees it, with every time it was opened."""

    id: str
    label: str
    created: datetime
    expires: datetime
    revoked: bool
    opened_at: list[datetime]


def _engine(settings: Settings) -> Engine:
    return accounts.prepare(settings)


def _box_aad(vault_id: str) -> bytes:
    return crypto.record_aad(vault_id, "accounts", "box", "secret")


def _label_aad(vault_id: str, share_id: str) -> bytes:
    return crypto.record_aad(vault_id, "shares", share_id, "label")


def _not_found() -> NotFoundError:
    return NotFoundError("That share was not found.", hint="It may have ended or been revoked.")


def ensure_advocate_keys(settings: Settings, *, account: Account, vault: Vault) -> bytes:
    """The advocate's public key, making her key pair on first use."""
    if account.role != "advocate":
        raise InvalidInputError("Only advocate accounts receive shares.")
    engine = _engine(settings)
    with engine.begin() as conn:
        public, _ = repo.box_keys(conn, account_id=account.id)
        if public is None:
            public, private = box.new_keypair()
            try:
                wrapped = crypto.seal(vault.dek, private.raw(), _box_aad(vault.vault_id))
            finally:
                private.wipe()
            repo.set_box_keys(conn, account_id=account.id, public=public, wrapped=wrapped)
            public, _ = repo.box_keys(conn, account_id=account.id)
    assert public is not None
    return public


def create_share(
    settings: Settings,
    *,
    vault: Vault,
    advocate_code: str,
    what: str,
    label: str,
    payload: dict[str, Any],
    until: datetime,
    now: datetime | None = None,
) -> str:
    """Seal ``payload`` to the advocate with this code, readable until ``until``."""
    now = now or datetime.now(UTC)
    if what not in WHAT or len(label) > MAX_LABEL or until <= now:
        raise InvalidInputError("Choose what to share and an end date in the future.")
    code = advocate_code.strip().lower()
    engine = _engine(settings)
    with engine.connect() as conn:
        public = repo.advocate_public_key(conn, account_id=code) if is_id(code) else None
    if public is None:
        raise NotFoundError(
            "No advocate has that code, or they have not signed in yet.",
            hint="Check the code with your advocate.",
        )
    share_id = new_id()
    document = {"what": what, "shared": now.isoformat(), "data": payload}
    row = repo.ShareRow(
        id=share_id,
        vault_id=vault.vault_id,
        recipient_id=code,
        body=box.seal_to(public, json.dumps(document, sort_keys=True).encode()),
        label=vault.cipher.encrypt(label.encode(), _label_aad(vault.vault_id, share_id)),
        created=now,
        expires=until,
        revoked=False,
    )
    with engine.begin() as conn:
        repo.insert_share(conn, row=row)
    log.info("share created")
    return share_id


def list_shares(settings: Settings, *, vault: Vault) -> list[ShareSummary]:
    """The client's shares and the access log of each."""
    with _engine(settings).connect() as conn:
        rows = repo.shares_of_vault(conn, vault_id=vault.vault_id)
        accesses = repo.accesses_of_vault(conn, vault_id=vault.vault_id)
    out = []
    for row in rows:
        label = vault.cipher.decrypt(row.label, _label_aad(vault.vault_id, row.id)).decode()
        opened = [at for sid, at in accesses if sid == row.id]
        out.append(ShareSummary(row.id, label, row.created, row.expires, row.revoked, opened))
    return out


def revoke_share(settings: Settings, *, vault: Vault, share_id: str) -> None:
    """End a share now; the sealed copy is deleted (copies already read are not ours)."""
    with _engine(settings).begin() as conn:
        if not repo.revoke(conn, vault_id=vault.vault_id, share_id=share_id):
            raise _not_found()
    log.info("share revoked")


def shared_with(settings: Settings, *, account: Account, now: datetime | None = None) -> list[str]:
    """Ids of the live shares this advocate may open (no owner, no names)."""
    if account.role != "advocate":
        return []
    with _engine(settings).connect() as conn:
        return repo.shares_for_recipient(
            conn, recipient_id=account.id, now=now or datetime.now(UTC)
        )


def open_share(
    settings: Settings,
    *,
    account: Account,
    vault: Vault,
    share_id: str,
    now: datetime | None = None,
) -> dict[str, Any]:
    """Read a share as its advocate; the opening is logged for the client."""
    now = now or datetime.now(UTC)
    if account.role != "advocate":
        raise _not_found()
    with _engine(settings).begin() as conn:
        row = repo.share_for_recipient(conn, recipient_id=account.id, share_id=share_id, now=now)
        if row is None:
            raise _not_found()
        _, wrapped = repo.box_keys(conn, account_id=account.id)
        if wrapped is None:
            raise _not_found()
        repo.log_access(conn, share_id=row.id, vault_id=row.vault_id, at=now)
    private = SecretKey(crypto.open_sealed(vault.dek, wrapped, _box_aad(vault.vault_id)))
    try:
        document: dict[str, Any] = json.loads(box.open_box(private, row.body))
    finally:
        private.wipe()
    log.info("share opened")
    return document


def share_count(settings: Settings) -> int:
    """How many shares exist (for the admin's counts; never their content)."""
    with _engine(settings).connect() as conn:
        return repo.count_shares(conn)
