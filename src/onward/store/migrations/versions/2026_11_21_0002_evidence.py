"""Evidence: hash chain, imports and the contact timeline.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-21
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "chain_links",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("vault_id", sa.String(32), nullable=False),
        sa.Column("seq", sa.Integer, nullable=False),
        sa.Column("hash", sa.String(64), nullable=False),
        sa.Column("prev", sa.String(64), nullable=False),
        sa.Column("body", sa.LargeBinary, nullable=False),
        sa.UniqueConstraint("vault_id", "seq", name="uq_chain_links_vault_seq"),
        sqlite_autoincrement=True,
    )
    op.create_table(
        "imports",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("vault_id", sa.String(32), nullable=False),
        sa.Column("file_sha256", sa.String(64), nullable=False),
        sa.Column("body", sa.LargeBinary, nullable=False),
        sa.UniqueConstraint("vault_id", "file_sha256", name="uq_imports_vault_file"),
    )
    op.create_table(
        "contacts",
        sa.Column("seq", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("id", sa.String(32), nullable=False),
        sa.Column("vault_id", sa.String(32), nullable=False),
        sa.Column("import_id", sa.String(32), nullable=True),
        sa.Column("conv_id", sa.String(32), nullable=False),
        sa.Column("ts", sa.Integer, nullable=False),
        sa.Column("channel", sa.String(16), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("role", sa.Integer, nullable=False, server_default="0"),
        sa.Column("sender_key", sa.String(32), nullable=True),
        sa.Column("flags", sa.Integer, nullable=False, server_default="0"),
        sa.Column("dismissed", sa.Integer, nullable=False, server_default="0"),
        sa.Column("dedupe", sa.String(64), nullable=False),
        sa.Column("body", sa.LargeBinary, nullable=False),
        sa.UniqueConstraint("id", name="uq_contacts_id"),
        sa.UniqueConstraint("vault_id", "dedupe", name="uq_contacts_vault_dedupe"),
        sqlite_autoincrement=True,
    )
    op.create_index("ix_contacts_vault_ts", "contacts", ["vault_id", "ts"])
    op.create_index("ix_contacts_vault_conv_ts", "contacts", ["vault_id", "conv_id", "ts"])


def downgrade() -> None:
    op.drop_table("contacts")
    op.drop_table("imports")
    op.drop_table("chain_links")
