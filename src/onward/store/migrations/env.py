"""Alembic environment: migrations always run on a connection handed in by store.db."""

from __future__ import annotations

from alembic import context

from onward.store.tables import metadata

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=metadata,
    render_as_batch=True,  # SQLite needs move-and-copy for ALTER
    transaction_per_migration=False,
)
with context.begin_transaction():
    context.run_migrations()
