"""Contacts: one covering index on (vault, time, channel, kind, role, flags, dismissed).

It replaces ``ix_contacts_vault_ts`` and ``ix_contacts_vault_channel_ts``: timeline pages
walk it in time order and check their filters in the index, counts and charts are answered
from the index alone, and an import writes one index entry per row where it wrote two
(docs/imports.md, "Speed"). Existing rows are indexed as it is built; nothing else changes.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-22
"""

from __future__ import annotations

from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

COVER = ["vault_id", "ts", "channel", "kind", "role", "flags", "dismissed"]


def upgrade() -> None:
    op.create_index("ix_contacts_cover", "contacts", COVER)
    op.drop_index("ix_contacts_vault_channel_ts", table_name="contacts")
    op.drop_index("ix_contacts_vault_ts", table_name="contacts")


def downgrade() -> None:
    op.create_index("ix_contacts_vault_ts", "contacts", ["vault_id", "ts"])
    op.create_index("ix_contacts_vault_channel_ts", "contacts", ["vault_id", "channel", "ts"])
    op.drop_index("ix_contacts_cover", table_name="contacts")
