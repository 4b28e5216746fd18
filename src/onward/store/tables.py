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
