"""Hosted mode: accounts, invitations, sessions, login throttles and shares.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-21
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

_TS = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "accounts",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("name_key", sa.String(64), nullable=False),
        sa.Column("vault_id", sa.String(32), nullable=False),
        sa.Column("verifier", sa.String(64), nullable=False),
        sa.Column("role", sa.String(16), nullable=False),
        sa.Column("box_public", sa.LargeBinary, nullable=True),
        sa.Column("box_secret", sa.LargeBinary, nullable=True),
        sa.Column("created", _TS, nullable=False),
        sa.Column("disabled", sa.Integer, nullable=False, server_default="0"),
        sa.UniqueConstraint("name_key", name="uq_accounts_name_key"),
        sa.UniqueConstraint("vault_id", name="uq_accounts_vault_id"),
    )
    op.create_table(
        "invitations",
        sa.Column("code_hash", sa.String(64), primary_key=True),
        sa.Column("role", sa.String(16), nullable=False),
        sa.Column("created", _TS, nullable=False),
        sa.Column("expires", _TS, nullable=False),
        sa.Column("used", sa.Integer, nullable=False, server_default="0"),
    )
    op.create_table(
        "hosted_sessions",
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column("account_id", sa.String(32), nullable=False),
        sa.Column("wrapped_dek", sa.LargeBinary, nullable=False),
        sa.Column("created", _TS, nullable=False),
        sa.Column("last_seen", _TS, nullable=False),
        sa.Column("agent", sa.String(32), nullable=False),
    )
    op.create_index("ix_hosted_sessions_account_id", "hosted_sessions", ["account_id"])
    op.create_table(
        "login_throttles",
        sa.Column("key", sa.String(64), primary_key=True),
        sa.Column("failures", sa.Integer, nullable=False, server_default="0"),
        sa.Column("next_at", _TS, nullable=True),
        sa.Column("updated", _TS, nullable=False),
    )
    op.create_table(
        "shares",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("vault_id", sa.String(32), nullable=False),
        sa.Column("recipient_id", sa.String(32), nullable=False),
        sa.Column("body", sa.LargeBinary, nullable=False),
        sa.Column("label", sa.LargeBinary, nullable=False),
        sa.Column("created", _TS, nullable=False),
        sa.Column("expires", _TS, nullable=False),
        sa.Column("revoked", sa.Integer, nullable=False, server_default="0"),
    )
    op.create_index("ix_shares_vault_id", "shares", ["vault_id"])
    op.create_index("ix_shares_recipient_id", "shares", ["recipient_id"])
    op.create_table(
        "share_accesses",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("share_id", sa.String(32), nullable=False),
        sa.Column("vault_id", sa.String(32), nullable=False),
        sa.Column("at", _TS, nullable=False),
        sqlite_autoincrement=True,
    )
    op.create_index("ix_share_accesses_vault_id", "share_accesses", ["vault_id"])


def downgrade() -> None:
    op.drop_table("share_accesses")
    op.drop_table("shares")
    op.drop_table("login_throttles")
    op.drop_table("hosted_sessions")
    op.drop_table("invitations")
    op.drop_table("accounts")
