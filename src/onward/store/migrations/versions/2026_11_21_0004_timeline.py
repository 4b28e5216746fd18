"""Timeline filters: a partial index of flagged contacts, and contacts by channel and time.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-21
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index(
        "ix_contacts_flagged",
        "contacts",
        ["vault_id", "ts"],
        sqlite_where=sa.text("flags != 0"),
        postgresql_where=sa.text("flags != 0"),
    )
    op.create_index("ix_contacts_vault_channel_ts", "contacts", ["vault_id", "channel", "ts"])


def downgrade() -> None:
    op.drop_index("ix_contacts_vault_channel_ts", table_name="contacts")
    op.drop_index("ix_contacts_flagged", table_name="contacts")
