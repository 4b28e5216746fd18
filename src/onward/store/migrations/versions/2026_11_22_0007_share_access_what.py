"""Sharing: the access log also records what was opened (the packet or its report).

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-22
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("share_accesses") as batch:
        batch.add_column(sa.Column("what", sa.String(8), nullable=False, server_default="view"))


def downgrade() -> None:
    with op.batch_alter_table("share_accesses") as batch:
        batch.drop_column("what")
