"""Database tables (SQLAlchemy Core), the same for SQLite and PostgreSQL.

Plaintext columns are limited to what the store needs to find and order rows
(security.md R43): an opaque random id, the owning vault, a short kind code and
a sequence number. Everything a person wrote, and every date they gave, is
inside ``body`` (per-record AEAD, see ``crypto.RecordCipher``).
"""

from __future__ import annotations

from sqlalchemy import (
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
)

NAMING = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "pk": "pk_%(table_name)s",
}
metadata = MetaData(naming_convention=NAMING)

ID_LENGTH = 32  # 128 random bits as hex

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
    Column("seq", Integer, primary_key=True, autoincrement=True),
    Column("id", String(ID_LENGTH), nullable=False, unique=True),
    Column("vault_id", String(ID_LENGTH), nullable=False),
    Column("import_id", String(ID_LENGTH), nullable=True),
    Column("conv_id", String(ID_LENGTH), nullable=False),
    Column("ts", Integer, nullable=False),  # seconds since the epoch, UTC
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
    sqlite_autoincrement=True,
)
