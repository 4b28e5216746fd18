"""Initial schema: vault headers and encrypted items.

Revision ID: 0001
Revises:
Create Date: 2026-11-21
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "vault_headers",
        sa.Column("slot", sa.String(64), primary_key=True),
        sa.Column("header", sa.Text, nullable=False),
        sa.Column("updated", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "items",
        sa.Column("seq", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("id", sa.String(32), nullable=False),
        sa.Column("vault_id", sa.String(32), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("body", sa.LargeBinary, nullable=False),
        sa.UniqueConstraint("id", name="uq_items_id"),
        sqlite_autoincrement=True,
    )
    op.create_index("ix_items_vault_kind_seq", "items", ["vault_id", "kind", "seq"])


def downgrade() -> None:
    op.drop_index("ix_items_vault_kind_seq", table_name="items")
    op.drop_table("items")
    op.drop_table("vault_headers")
