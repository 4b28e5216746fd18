"""Sharing chosen records with an advocate (security.md R44, docs/hosting.md §1.7).

The client picks what goes in a *packet*: her safety plan, an evidence report PDF
built from her log and flags, and chosen log entries. Her session serialises the
packet and seals it to the advocate's X25519 public key (libsodium sealed box:
an ephemeral key per share). The advocate's private key is kept wrapped under her
own DEK, so only her signed-in session opens a share; with nobody signed in, the
server holds nothing that opens it. Advocates only read. Revocation and expiry
drop the sealed copy at once; every opening is logged (what and when) and shown
to the client. A new share is *pending* until its advocate accepts it (R45): until
then she sees only a short reference and the date, and nothing opens it; declining
deletes the sealed copy. Accepting and declining go on the same access log. There
is no directory: the client types the advocate's *code* (her opaque account id,
shown on her page), which the advocate gives her in person or by phone. A wrong
code and a client's id get the same answer.
"""

from __future__ import annotations

import base64
import hashlib
import json
import logging
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from onward.config import Settings
from onward.errors import InvalidInputError, NotFoundError
from onward.i18n import gettext as _
from onward.services import accounts, chain_store, evidence_log, items, plans_store
from onward.services.accounts import Account
from onward.services.report_data import ReportOptions
from onward.services.vault import Vault
from onward.store import box, crypto
from onward.store import shares_repo as repo
from onward.store.crypto import SecretKey
from onward.store.ids import is_id, new_id

log = logging.getLogger("onward")

PARTS = ("plan", "report", "log")  # the safety plan, a report, selected log entries
WHAT = PARTS  # kept for callers of the first version
ACCESS_KINDS = ("view", "report")  # what opening a share logs
DECISIONS = ("accept", "decline")  # what the advocate's answer logs
STATES = (repo.PENDING, repo.ACCEPTED, repo.DECLINED)
MAX_LABEL = 200
MAX_NOTE = 2000
MAX_DAYS = 365
PACKET_VERSION = 1


@dataclass(frozen=True, slots=True)
class Access:
    """One opening of a share by its advocate: when, and what was opened."""

    at: datetime
    what: str  # "view" (the packet), "report" (its PDF), "accept" or "decline"


@dataclass(frozen=True, slots=True)
class ShareSummary:
    """One of the client's shares as she sees it, with every time it was opened."""

    id: str
    label: str
    recipient: str  # the advocate code she typed (who)
    created: datetime
    expires: datetime
    revoked: bool
    accesses: list[Access]
    state: str = repo.PENDING  # "pending", "accepted" or "declined" by the advocate

    @property
    def opened_at(self) -> list[datetime]:
        return [a.at for a in self.accesses if a.what in ACCESS_KINDS]

    @property
    def reference(self) -> str:
        return share_reference(self.id)

    def live(self, now: datetime) -> bool:
        """Not ended: it can still be accepted or read, and revoked."""
        return not self.revoked and self.expires > now and self.state != repo.DECLINED


@dataclass(frozen=True, slots=True)
class Incoming:
    """A share as the advocate's list shows it: no owner, no names, no label."""

    id: str
    created: datetime
    expires: datetime
    state: str = repo.ACCEPTED  # "pending" or "accepted"

    @property
    def reference(self) -> str:
        return share_reference(self.id)

    @property
    def pending(self) -> bool:
        return self.state == repo.PENDING


def _box_aad(vault_id: str) -> bytes:
    return crypto.record_aad(vault_id, "accounts", "box", "secret")


def _label_aad(vault_id: str, share_id: str) -> bytes:
    return crypto.record_aad(vault_id, "shares", share_id, "label")


def _not_found() -> NotFoundError:
    return NotFoundError(
        _("That share was not found."), hint=_("It may have ended or been revoked.")
    )


def share_reference(share_id: str) -> str:
    """A short reference both sides see (the first 8 characters of the share id), so
    an advocate can check by phone that a pending share is the one she expects."""
    return advocate_code_text(share_id[:8])


def clean_code(text: str) -> str:
    """An advocate code as typed: case, spaces and dashes do not matter."""
    return "".join(ch for ch in text.lower() if ch.isalnum())


def advocate_code(account: Account) -> str:
    """The code an advocate gives her clients, in groups of four for reading aloud."""
    return advocate_code_text(account.id)


def advocate_code_text(code: str) -> str:
    return "-".join(code[i : i + 4] for i in range(0, len(code), 4))


def ensure_advocate_keys(settings: Settings, *, account: Account, vault: Vault) -> bytes:
    """The advocate's public key, making her key pair on first use."""
    if account.role != "advocate":
        raise InvalidInputError(_("Only advocate accounts receive shares."))
    with accounts.account_engine(settings, account).begin() as conn:
        public, _wrapped = repo.box_keys(conn, account_id=account.id)
        if public is None:
            public, private = box.new_keypair()
            try:
                wrapped = crypto.seal(vault.dek, private.raw(), _box_aad(vault.vault_id))
            finally:
                private.wipe()
            repo.set_box_keys(conn, account_id=account.id, public=public, wrapped=wrapped)
            public, _wrapped = repo.box_keys(conn, account_id=account.id)
    assert public is not None
    return public


# --- building a packet (inside the client's session) ---------------------------------


def shareable_entries(vault: Vault) -> list[evidence_log.Entry]:
    """Log entries that can be shared (removed ones cannot)."""
    return [e for e in evidence_log.list_entries(vault) if not e.redacted]


def _entry_record(entry: evidence_log.Entry) -> dict[str, Any]:
    data = entry.latest.data
    return {
        "entry": entry.entry_id,
        "version": entry.latest.number,
        "occurred_at": data.get("occurred_at"),
        "recorded_at": data.get("recorded_at"),
        "channel": data.get("channel"),
        "what": data.get("what", ""),
        "where": data.get("where"),
        "witnesses": data.get("witnesses"),
        "sha256": entry.latest.sha256,
    }


def build_packet(
    vault: Vault,
    *,
    plan: bool,
    report: bool,
    entry_ids: list[str],
    note: str = "",
    now: datetime | None = None,
) -> dict[str, Any]:
    """What the advocate will see, as one JSON document (the report PDF as base64).

    Building a report records it on the chain like any other export (custody log).
    """
    now = now or datetime.now(UTC)
    if not (plan or report or entry_ids):
        raise InvalidInputError(
            _("Choose at least one thing to share."),
            hint=_("Tick the safety plan, the report or some log entries."),
        )
    if len(note) > MAX_NOTE:
        raise InvalidInputError(
            _("The note is too long."), hint=_("Keep it under {n} characters.").format(n=MAX_NOTE)
        )
    packet: dict[str, Any] = {
        "version": PACKET_VERSION,
        "shared": now.isoformat(),
        "note": note.strip(),
        "plan": None,
        "entries": [],
        "report": None,
        "report_sha256": None,
    }
    if plan:
        packet["plan"] = plans_store.plan_text(vault, plans_store.SAFETY)
    if entry_ids:
        wanted = set(entry_ids)
        chosen = [e for e in shareable_entries(vault) if e.entry_id in wanted]
        if len(chosen) != len(wanted):
            raise NotFoundError(
                _("One of the chosen log entries is not here."),
                hint=_("Reload the page and choose again."),
            )
        packet["entries"] = [_entry_record(e) for e in chosen]
    if report:
        from onward.services import report_export  # heavy (PDF fonts): only when asked

        result = report_export.export_pdf(vault, ReportOptions(), now=now)
        packet["report"] = base64.b64encode(result.pdf).decode("ascii")
        packet["report_sha256"] = result.sha256
    return packet


def parts_of(packet: dict[str, Any]) -> list[str]:
    """Which of PARTS a packet holds."""
    found = []
    if packet.get("plan"):
        found.append("plan")
    if packet.get("report"):
        found.append("report")
    if packet.get("entries"):
        found.append("log")
    return found


def report_pdf(packet: dict[str, Any]) -> bytes | None:
    """The report PDF bytes in a packet, if it has one."""
    encoded = packet.get("report")
    return base64.b64decode(encoded) if encoded else None


# --- the client's side ---------------------------------------------------------------


def create_share(
    settings: Settings,
    *,
    vault: Vault,
    advocate_code: str,
    label: str,
    packet: dict[str, Any],
    until: datetime,
    now: datetime | None = None,
) -> str:
    """Seal ``packet`` to the advocate with this code, readable until ``until``."""
    now = now or datetime.now(UTC)
    if len(label) > MAX_LABEL:
        raise InvalidInputError(
            _("The name for this share is too long."),
            hint=_("Keep it under {n} characters.").format(n=MAX_LABEL),
        )
    if until <= now or (until - now).days > MAX_DAYS:
        raise InvalidInputError(
            _("Choose an end date in the future."),
            hint=_("A share can last from one day up to a year."),
        )
    code = clean_code(advocate_code)
    with accounts.system_engine(settings).connect() as conn:
        public = repo.advocate_public_key(conn, account_id=code) if is_id(code) else None
    if public is None:
        raise NotFoundError(
            _("No advocate has that code, or they have not signed in yet."),
            hint=_("Check the code with your advocate."),
        )
    share_id = new_id()
    document = json.dumps(packet, sort_keys=True).encode()
    digest = hashlib.sha256(document).hexdigest()
    private_label = json.dumps({"label": label.strip(), "to": code}).encode()
    row = repo.ShareRow(
        id=share_id,
        vault_id=vault.vault_id,
        recipient_id=code,
        body=box.seal_to(public, document),
        label=vault.cipher.encrypt(private_label, _label_aad(vault.vault_id, share_id)),
        created=now,
        expires=until,
        revoked=False,
        state=repo.PENDING,
    )
    with vault.engine.begin() as conn:
        repo.insert_share(conn, row=row)
    # The hand-over goes on her chain like an export: what left, and its hash (R44).
    event = {
        "type": "export",
        "what": "share",
        "share": share_id,
        "sha256": digest,
        "files": len(parts_of(packet)),
        "scope": {"parts": parts_of(packet), "until": until.isoformat()},
    }
    with items.transaction(vault) as conn:
        chain_store.append(conn, vault, event, now=now)
    log.info("share created")
    return share_id


def _label(vault: Vault, share_id: str, blob: bytes) -> tuple[str, str]:
    raw = vault.cipher.decrypt(blob, _label_aad(vault.vault_id, share_id)).decode()
    try:
        doc = json.loads(raw)
    except ValueError:
        return raw, ""
    if not isinstance(doc, dict):
        return raw, ""
    return str(doc.get("label", "")), advocate_code_text(str(doc.get("to", "")))


def list_shares(
    settings: Settings,  # noqa: ARG001 (same signature as the other share calls)
    *,
    vault: Vault,
    now: datetime | None = None,
) -> list[ShareSummary]:
    """The client's shares and the access log of each."""
    now = now or datetime.now(UTC)
    with vault.engine.begin() as conn:
        repo.drop_expired_bodies(conn, now=now)
        rows = repo.shares_of_vault(conn, vault_id=vault.vault_id)
        accesses = repo.accesses_of_vault(conn, vault_id=vault.vault_id)
    out = []
    for row in rows:
        label, to = _label(vault, row.id, row.label)
        opened = [Access(at, what) for sid, at, what in accesses if sid == row.id]
        out.append(
            ShareSummary(
                row.id, label, to, row.created, row.expires, row.revoked, opened, row.state
            )
        )
    return out


def get_share(
    settings: Settings, *, vault: Vault, share_id: str, now: datetime | None = None
) -> ShareSummary:
    for summary in list_shares(settings, vault=vault, now=now):
        if summary.id == share_id:
            return summary
    raise _not_found()


def revoke_share(
    settings: Settings,  # noqa: ARG001 (same signature as the other share calls)
    *,
    vault: Vault,
    share_id: str,
    now: datetime | None = None,
) -> None:
    """End a share now; the sealed copy is deleted (copies already read are not ours).
    The revocation goes on her chain next to the share it ends (R44). Revoking it
    again changes nothing and adds no second event."""
    if not is_id(share_id):
        raise _not_found()
    with vault.engine.begin() as conn:
        outcome = repo.revoke(conn, vault_id=vault.vault_id, share_id=share_id)
    if outcome is None:
        raise _not_found()
    if outcome == "already":
        return
    with items.transaction(vault) as conn:
        chain_store.append(conn, vault, {"type": "revoke", "share": share_id}, now=now)
    log.info("share revoked")


# --- the advocate's side -------------------------------------------------------------


def shared_with(
    settings: Settings, *, account: Account, now: datetime | None = None
) -> list[Incoming]:
    """The live shares sealed to this advocate, pending or accepted (no owner, no
    names, no label: only a short reference and the dates)."""
    if account.role != "advocate":
        return []
    now = now or datetime.now(UTC)
    with accounts.account_engine(settings, account).begin() as conn:
        repo.drop_expired_bodies(conn, now=now)
        rows = repo.shares_for_recipient(conn, recipient_id=account.id, now=now)
    return [Incoming(sid, created, expires, state) for sid, created, expires, state in rows]


def _decide(
    settings: Settings, *, account: Account, share_id: str, accept: bool, now: datetime | None
) -> None:
    now = now or datetime.now(UTC)
    if account.role != "advocate" or not is_id(share_id):
        raise _not_found()
    target = repo.ACCEPTED if accept else repo.DECLINED
    with accounts.account_engine(settings, account).begin() as conn:
        found = repo.share_state_for_recipient(
            conn, recipient_id=account.id, share_id=share_id, now=now
        )
        if found is None:
            raise _not_found()
        vault_id, _state = found
        if repo.decide(conn, recipient_id=account.id, share_id=share_id, now=now, state=target):
            # The answer is on the client's access log, in the same transaction.
            repo.log_access(
                conn,
                share_id=share_id,
                vault_id=vault_id,
                at=now,
                what="accept" if accept else "decline",
            )
            log.info("share %s", "accepted" if accept else "declined")
            return
        found = repo.share_state_for_recipient(
            conn, recipient_id=account.id, share_id=share_id, now=now
        )
    if found is None or found[1] != target:  # declined, ended meanwhile, or the other answer
        raise _not_found()
    # Already answered the same way (a second click): nothing changes, nothing logged.


def accept_share(
    settings: Settings, *, account: Account, share_id: str, now: datetime | None = None
) -> None:
    """The advocate agrees to receive this share; only now can she open it (R45)."""
    _decide(settings, account=account, share_id=share_id, accept=True, now=now)


def decline_share(
    settings: Settings, *, account: Account, share_id: str, now: datetime | None = None
) -> None:
    """The advocate refuses this share; its sealed copy is deleted at once."""
    _decide(settings, account=account, share_id=share_id, accept=False, now=now)


def open_share(
    settings: Settings,
    *,
    account: Account,
    vault: Vault,
    share_id: str,
    what: str = "view",
    now: datetime | None = None,
) -> dict[str, Any]:
    """Read a share as its advocate; the opening (and what was opened) is logged."""
    now = now or datetime.now(UTC)
    if account.role != "advocate" or what not in ACCESS_KINDS or not is_id(share_id):
        raise _not_found()
    engine = accounts.account_engine(settings, account)
    with engine.connect() as conn:
        row = repo.share_for_recipient(conn, recipient_id=account.id, share_id=share_id, now=now)
        _public, wrapped = repo.box_keys(conn, account_id=account.id)
    if row is None or not row.body or wrapped is None:
        raise _not_found()
    private = SecretKey(crypto.open_sealed(vault.dek, wrapped, _box_aad(vault.vault_id)))
    try:
        document: dict[str, Any] = json.loads(box.open_box(private, row.body))
    finally:
        private.wipe()
    if what == "report" and not document.get("report"):
        raise _not_found()
    with engine.begin() as conn:  # every opening is on the client's access log
        repo.log_access(conn, share_id=row.id, vault_id=row.vault_id, at=now, what=what)
    log.info("share opened")
    return document


def share_count(settings: Settings) -> int:
    """How many shares exist (for the admin's counts; never their content)."""
    with accounts.system_engine(settings).connect() as conn:
        return repo.count_shares(conn)
