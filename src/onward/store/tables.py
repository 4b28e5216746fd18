"""Database tables (SQLAlchemy Core), the same for SQLite and PostgreSQL.

Plaintext columns are limited to what the store needs to find and order rows
(security.md R43): an opaque random id, the owning vault, a short kind code and
a sequence number. Everything a person wrote, and every date they gave, is
inside ``body`` (per-record AEAD, see ``crypto.RecordCipher``).
"""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Column,
    DateTime,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    text,
)

NAMING = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "pk": "pk_%(table_name)s",
}
metadata = MetaData(naming_convention=NAMING)

ID_LENGTH = 32  # 128 random bits as hex
_ONE_CHECK = "kind = 'check' AND state IN ('queued', 'running', 'stopping')"  # migration 0010
# Times in seconds and counters that grow with every imported row: 64-bit (migration 0011;
# PostgreSQL's ``integer`` ends in January 2038). SQLite's INTEGER is 64-bit already, and
# AUTOINCREMENT accepts no other type name, so there the column stays INTEGER.
BIG_INTEGER = BigInteger().with_variant(Integer(), "sqlite")

vault_headers = Table(
    "vault_headers",
    metadata,
    Column("slot", String(64), primary_key=True),
    Column("header", Text, nullable=False),
    Column("updated", DateTime(timezone=True), nullable=False),
)

items = Table(
    "items",
    metadata,
    Column("seq", Integer, primary_key=True, autoincrement=True),
    Column("id", String(ID_LENGTH), nullable=False, unique=True),
    Column("vault_id", String(ID_LENGTH), nullable=False),
    Column("kind", String(16), nullable=False),
    Column("body", LargeBinary, nullable=False),
    Index("ix_items_vault_kind_seq", "vault_id", "kind", "seq"),
    sqlite_autoincrement=True,
)

# --- evidence (issue 4) -------------------------------------------------------------
# The hash chain: one link per evidence event (create, amend, redact, import, export,
# anchor). ``hash`` and ``prev`` are salted SHA-256 values and reveal nothing; the
# event itself is encrypted in ``body``.
chain_links = Table(
    "chain_links",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("vault_id", String(ID_LENGTH), nullable=False),
    Column("seq", Integer, nullable=False),
    Column("hash", String(64), nullable=False),
    Column("prev", String(64), nullable=False),
    Column("body", LargeBinary, nullable=False),
    UniqueConstraint("vault_id", "seq", name="uq_chain_links_vault_seq"),
    sqlite_autoincrement=True,
)

# One row per imported file; the provenance (file name, SHA-256, parser) is in body.
imports = Table(
    "imports",
    metadata,
    Column("id", String(ID_LENGTH), primary_key=True),
    Column("vault_id", String(ID_LENGTH), nullable=False),
    Column("file_sha256", String(64), nullable=False),
    Column("body", LargeBinary, nullable=False),
    UniqueConstraint("vault_id", "file_sha256", name="uq_imports_vault_file"),
)

# Every contact attempt on one timeline: imported messages and calls, and entries
# logged by hand. Index columns (time, channel, kind, role, flag bits) stay in the
# clear so a million rows can be filtered and counted quickly; in SQLite mode the
# whole file is encrypted, in PostgreSQL mode they are listed in docs/hosting.md.
# ``dedupe`` and ``sender_key`` are keyed hashes (HMAC under a vault sub-key).
contacts = Table(
    "contacts",
    metadata,
    Column("seq", BIG_INTEGER, primary_key=True, autoincrement=True),
    Column("id", String(ID_LENGTH), nullable=False, unique=True),
    Column("vault_id", String(ID_LENGTH), nullable=False),
    Column("import_id", String(ID_LENGTH), nullable=True),
    Column("conv_id", String(ID_LENGTH), nullable=False),
    Column("ts", BIG_INTEGER, nullable=False),  # seconds since the epoch, UTC
    Column("channel", String(16), nullable=False),
    Column("kind", String(16), nullable=False),
    Column("role", Integer, nullable=False, default=0),  # 0 unknown, 1 partner, 2 me, 3 other
    Column("sender_key", String(32), nullable=True),
    Column("flags", Integer, nullable=False, default=0),  # category bits
    Column("dismissed", Integer, nullable=False, default=0),  # category bits dismissed
    Column("dedupe", String(64), nullable=False),
    Column("body", LargeBinary, nullable=False),
    UniqueConstraint("vault_id", "dedupe", name="uq_contacts_vault_dedupe"),
    Index("ix_contacts_vault_ts", "vault_id", "ts"),
    Index("ix_contacts_vault_conv_ts", "vault_id", "conv_id", "ts"),
    # Timeline filters (migration 0004): flagged rows are rare, so a category filter reads
    # only them; a channel filter walks its own channel in time order.
    Index(
        "ix_contacts_flagged",
        "vault_id",
        "ts",
        sqlite_where=text("flags != 0"),
        postgresql_where=text("flags != 0"),
    ),
    Index("ix_contacts_vault_channel_ts", "vault_id", "channel", "ts"),
    # The figures cache's stamp (migration 0008): this vault's newest row, found without
    # walking other vaults' rows (an import in progress elsewhere left uncommitted index
    # entries that a table-wide max(seq) had to check one by one).
    Index("ix_contacts_vault_seq", "vault_id", "seq"),
    sqlite_autoincrement=True,
)

# --- hosted mode (issue 6) ----------------------------------------------------------
# Only what the server needs to find an account, check a login and route a share is in
# the clear (docs/hosting.md lists every column). ``name_key`` is a keyed hash of the
# user name (HMAC under the server secret), so a database dump alone lists no names.
# ``verifier`` is SHA-256 of the HKDF "auth" half of the login key (R40); the "kek" half
# wraps the vault key in ``vault_headers`` (slot = account id) and is never stored.
accounts = Table(
    "accounts",
    metadata,
    Column("id", String(ID_LENGTH), primary_key=True),
    Column("name_key", String(64), nullable=False, unique=True),
    Column("vault_id", String(ID_LENGTH), nullable=False, unique=True),
    Column("verifier", String(64), nullable=False),
    Column("role", String(16), nullable=False),  # client, advocate, admin
    Column("box_public", LargeBinary, nullable=True),  # X25519, advocates only (R44)
    Column("box_secret", LargeBinary, nullable=True),  # wrapped under the account's DEK
    Column("created", DateTime(timezone=True), nullable=False),
    Column("disabled", Integer, nullable=False, default=0),
)

# Invitation codes are stored as SHA-256 hashes; the code itself is shown once.
invitations = Table(
    "invitations",
    metadata,
    Column("code_hash", String(64), primary_key=True),
    Column("role", String(16), nullable=False),
    Column("created", DateTime(timezone=True), nullable=False),
    Column("expires", DateTime(timezone=True), nullable=False),
    Column("used", Integer, nullable=False, default=0),
)

# A signed-in browser. ``id`` is a hash of the cookie token; ``wrapped_dek`` is the
# vault key wrapped under a key derived from that token, which only the cookie holds,
# so any worker can open it for that request and nothing usable rests here.
hosted_sessions = Table(
    "hosted_sessions",
    metadata,
    Column("id", String(64), primary_key=True),
    Column("account_id", String(ID_LENGTH), nullable=False),
    Column("wrapped_dek", LargeBinary, nullable=False),
    Column("created", DateTime(timezone=True), nullable=False),
    Column("last_seen", DateTime(timezone=True), nullable=False),
    Column("agent", String(32), nullable=False),  # "Firefox on Linux", never the raw header
    Index("ix_hosted_sessions_account_id", "account_id"),
)

# Progressive delay for logins, per keyed hash of a user name and per keyed hash of an
# address. Rows exist for names that have no account too (R16).
login_throttles = Table(
    "login_throttles",
    metadata,
    Column("key", String(64), primary_key=True),
    Column("failures", Integer, nullable=False, default=0),
    Column("next_at", DateTime(timezone=True), nullable=True),
    Column("updated", DateTime(timezone=True), nullable=False),
)

# What a client shares with an advocate: sealed to the advocate's X25519 key (R44).
shares = Table(
    "shares",
    metadata,
    Column("id", String(ID_LENGTH), primary_key=True),
    Column("vault_id", String(ID_LENGTH), nullable=False),  # the client's vault
    Column("recipient_id", String(ID_LENGTH), nullable=False),  # the advocate's account
    Column("body", LargeBinary, nullable=False),  # sealed box
    Column("label", LargeBinary, nullable=False),  # the client's own note, under her DEK
    Column("created", DateTime(timezone=True), nullable=False),
    Column("expires", DateTime(timezone=True), nullable=False),
    Column("revoked", Integer, nullable=False, default=0),
    # "pending" until the advocate accepts (R45), then "accepted" or "declined";
    # migration 0009.
    Column("state", String(8), nullable=False, server_default="pending"),
    Index("ix_shares_vault_id", "vault_id"),
    Index("ix_shares_recipient_id", "recipient_id"),
)

# Every time an advocate opens a share; shown to the client.
share_accesses = Table(
    "share_accesses",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("share_id", String(ID_LENGTH), nullable=False),
    Column("vault_id", String(ID_LENGTH), nullable=False),
    Column("at", DateTime(timezone=True), nullable=False),
    # What was opened: "view" (the packet) or "report" (its PDF); migration 0007.
    Column("what", String(8), nullable=False, server_default="view"),
    Index("ix_share_accesses_vault_id", "vault_id"),
    sqlite_autoincrement=True,
    # No RETURNING on insert: the advocate may add to the client's access log but row
    # security lets her read none of it (R37), and PostgreSQL checks RETURNING as a read.
    implicit_returning=False,
)

# Hosted imports run by a worker process (docs/hosting.md §1.9). A worker publishes
# an X25519 public key whose private half lives only in its memory.
import_workers = Table(
    "import_workers",
    metadata,
    Column("id", String(ID_LENGTH), primary_key=True),
    Column("public_key", LargeBinary, nullable=False),
    Column("started", DateTime(timezone=True), nullable=False),
    Column("heartbeat", DateTime(timezone=True), nullable=False),
)

# One uploaded export waiting, running or finished. ``sealed_keys`` (the vault key and
# the upload's file key, sealed to the worker's public key) exists only while the job
# is queued or running; ``result`` is sealed under the vault key. ``kind`` is ``import``
# or ``check`` (the second check, one turn at a time between imports; migration 0010).
import_jobs = Table(
    "import_jobs",
    metadata,
    Column("id", String(ID_LENGTH), primary_key=True),
    Column("vault_id", String(ID_LENGTH), nullable=False),
    Column("worker_id", String(ID_LENGTH), nullable=False),
    Column("state", String(16), nullable=False),  # queued, running, stopping, done, failed
    Column("progress", Integer, nullable=False, default=0),  # records read so far
    Column("created", DateTime(timezone=True), nullable=False),
    Column("updated", DateTime(timezone=True), nullable=False),
    Column("sealed_keys", LargeBinary, nullable=True),
    Column("result", LargeBinary, nullable=True),
    Column("kind", String(8), nullable=False, server_default="import"),
    Index("ix_import_jobs_vault_id", "vault_id"),
    Index("ix_import_jobs_worker_id_state", "worker_id", "state"),
    Index(
        "ux_import_jobs_one_check",
        "vault_id",
        unique=True,
        postgresql_where=text(_ONE_CHECK),
        sqlite_where=text(_ONE_CHECK),
    ),
)
