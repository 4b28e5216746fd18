"""Sharing: a share is pending until its advocate accepts it (security.md R45).

Shares made before this migration become pending too: nothing is readable by an
advocate who has not accepted it.

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-22
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("shares") as batch:
        batch.add_column(sa.Column("state", sa.String(8), nullable=False, server_default="pending"))


def downgrade() -> None:
    with op.batch_alter_table("shares") as batch:
        batch.drop_column("state")
