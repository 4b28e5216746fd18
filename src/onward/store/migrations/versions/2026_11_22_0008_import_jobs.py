"""Hosted imports in a worker process: import_workers and import_jobs; contacts by vault
and row number (the timeline figures' stamp, see store/tables.py).

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-22
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


SYSTEM = "current_setting('onward.system', true) = 'on'"
JOB_POLICIES = (
    ("onward_vault", "ALL", "vault_id = current_setting('onward.vault', true)"),
    ("onward_worker_read", "SELECT", SYSTEM),
    ("onward_worker_update", "UPDATE", SYSTEM),
    ("onward_worker_delete", "DELETE", SYSTEM),
)


def upgrade() -> None:
    op.create_table(
        "import_workers",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("public_key", sa.LargeBinary, nullable=False),
        sa.Column("started", sa.DateTime(timezone=True), nullable=False),
        sa.Column("heartbeat", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "import_jobs",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("vault_id", sa.String(32), nullable=False),
        sa.Column("worker_id", sa.String(32), nullable=False),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("progress", sa.Integer, nullable=False, server_default="0"),
        sa.Column("created", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated", sa.DateTime(timezone=True), nullable=False),
        sa.Column("sealed_keys", sa.LargeBinary, nullable=True),
        sa.Column("result", sa.LargeBinary, nullable=True),
    )
    op.create_index("ix_import_jobs_vault_id", "import_jobs", ["vault_id"])
    op.create_index("ix_import_jobs_worker_id_state", "import_jobs", ["worker_id", "state"])
    op.create_index("ix_contacts_vault_seq", "contacts", ["vault_id", "seq"])
    if op.get_bind().dialect.name == "postgresql":
        # Row security as in 0006: a client's session sees only its vault's jobs; the
        # import worker, which serves every account, works in the system scope and may
        # read, update and delete job rows (never records: those it reaches only through
        # the vault key sealed to it, and then scoped to that vault).
        op.execute("ALTER TABLE import_jobs ENABLE ROW LEVEL SECURITY")
        op.execute("ALTER TABLE import_jobs FORCE ROW LEVEL SECURITY")
        for name, command, expr in JOB_POLICIES:
            clause = (
                f"USING ({expr})"
                if command in ("SELECT", "DELETE")
                else (f"USING ({expr}) WITH CHECK ({expr})")
            )
            op.execute(f"CREATE POLICY {name} ON import_jobs FOR {command} {clause}")


def downgrade() -> None:
    op.drop_index("ix_contacts_vault_seq", table_name="contacts")
    op.drop_table("import_jobs")
    op.drop_table("import_workers")
