"""64-bit times and row numbers on the timeline: ``contacts.ts`` and ``contacts.seq``.

PostgreSQL's ``integer`` is 32-bit: a message, call or logged entry dated after
2038-01-19 03:14:07 UTC or before 1901-12-13 (a phone with a wrong clock, "1/2/40" in a
WhatsApp export, a bad ``date`` in an SMS backup) could not be stored in hosted mode
("integer out of range"). Both columns become ``bigint``; ALTER TYPE rewrites the table
and rebuilds the indexes on them (``ix_contacts_vault_ts``, ``ix_contacts_vault_conv_ts``,
``ix_contacts_flagged``, ``ix_contacts_vault_channel_ts``, ``ix_contacts_vault_seq``, the
primary key) under the same names, so the upgrade takes time in proportion to the rows.
``seq`` is a ``serial``: its sequence is declared ``AS integer`` and stops at 2³¹−1 even
in a ``bigint`` column, so it is widened too.

SQLite's INTEGER is 64-bit already: there the upgrade does nothing (no table rebuild),
and tables.py keeps INTEGER for SQLite, the one type its AUTOINCREMENT accepts.

Every other integer column, and why it stays 32-bit:

- ``contacts.ts``: changed (seconds since the epoch; see above).
- ``contacts.seq``: changed. One number per row of every vault on the server, and an
  ``INSERT … ON CONFLICT DO NOTHING`` takes a number for each skipped duplicate too:
  re-importing a fresh export of a million-message chat uses a million numbers each time.
- ``contacts.role``: a code, 0-3.
- ``contacts.flags``, ``contacts.dismissed``: category bits, 11 of 31 used
  (contact_codes.CATEGORY_BITS).
- ``items.seq``: one number per item a person saves (a note, a plan, a chat's settings,
  an import's record); no import writes one per message. It stays, and so does the
  API's ``before`` limit (web/api.py ``Position``).
- ``chain_links.id``, ``chain_links.seq``: one link per evidence event (an entry, an
  import, an export), not per message.
- ``share_accesses.id``: one row each time an advocate opens a share.
- ``import_jobs.progress``: records in one upload (or messages a check has left); an
  upload is at most 2 GiB (``ParseOptions.max_bytes``), well under 10⁹ records.
- ``login_throttles.failures``: counted only once the wait has passed, so at most one a
  quarter of an hour once the wait is at its longest.
- ``accounts.disabled``, ``invitations.used``, ``shares.revoked``: 0 or 1.

The downgrade refuses (out of range) once a row or the sequence is past 32 bits.

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-23
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None

COLUMNS = ("ts", "seq")


def _postgres() -> bool:
    return op.get_bind().dialect.name == "postgresql"


def _seq_sequence() -> str:
    name = op.get_bind().execute(sa.text("SELECT pg_get_serial_sequence('contacts', 'seq')"))
    return str(name.scalar_one())


def upgrade() -> None:
    if not _postgres():
        return
    for column in COLUMNS:
        op.alter_column(
            "contacts", column, type_=sa.BigInteger(), existing_type=sa.Integer(), nullable=False
        )
    op.execute(f"ALTER SEQUENCE {_seq_sequence()} AS bigint")


def downgrade() -> None:
    if not _postgres():
        return
    op.execute(f"ALTER SEQUENCE {_seq_sequence()} AS integer")
    for column in COLUMNS:
        op.alter_column(
            "contacts", column, type_=sa.Integer(), existing_type=sa.BigInteger(), nullable=False
        )
