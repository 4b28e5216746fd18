"""Hosted second check (model flags) as jobs of the import worker: ``import_jobs.kind``.

A job is an ``import`` (every row before this migration) or a ``check``: one vault's
second check, run a few seconds per turn between imports (docs/hosting.md §1.11). At
most one unfinished check job per vault, enforced by a partial unique index. Row
security is the table's own (0008): a client's session sees and writes only its vault's
jobs, the worker's system scope may read, update and delete them; the worker adds a
check job through the vault's own scope (it holds the vault key while it does).

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-22
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

ONE_CHECK = "kind = 'check' AND state IN ('queued', 'running', 'stopping')"


def upgrade() -> None:
    with op.batch_alter_table("import_jobs") as batch:
        batch.add_column(sa.Column("kind", sa.String(8), nullable=False, server_default="import"))
    op.create_index(
        "ux_import_jobs_one_check",
        "import_jobs",
        ["vault_id"],
        unique=True,
        postgresql_where=sa.text(ONE_CHECK),
        sqlite_where=sa.text(ONE_CHECK),
    )


def downgrade() -> None:
    op.drop_index("ux_import_jobs_one_check", table_name="import_jobs")
    with op.batch_alter_table("import_jobs") as batch:
        batch.drop_column("kind")
