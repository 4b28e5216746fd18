"""Row-level security on PostgreSQL: a second wall between accounts (R37).

Every table holding rows of one account gets policies that compare the row's
owner with the transaction-local settings ``onward.vault`` / ``onward.account``
(set by ``store.db`` at the start of every transaction). A few lookups that must
happen before the account is known (login by name key, session by token hash,
the admin's counts, expiring old sessions) read with ``onward.system = on``;
those policies are SELECT (and, for sessions, DELETE) only. FORCE makes the
policies apply to the table owner too. A superuser still bypasses them, which is
why the app should connect as its own non-owner role (docs/hosting.md §3.1).

SQLite has no row security; there the upgrade does nothing (one vault per file).

Revision ID: 0006
Revises: 0004
Create Date: 2026-11-22
"""

from __future__ import annotations

from alembic import op

revision = "0006"
down_revision = "0004"
branch_labels = None
depends_on = None

VAULT = "current_setting('onward.vault', true)"
ACCOUNT = "current_setting('onward.account', true)"
SYSTEM = "current_setting('onward.system', true) = 'on'"

# (table, policy name, command, USING / WITH CHECK expression)
POLICIES: tuple[tuple[str, str, str, str], ...] = (
    ("items", "onward_vault", "ALL", f"vault_id = {VAULT}"),
    ("chain_links", "onward_vault", "ALL", f"vault_id = {VAULT}"),
    ("imports", "onward_vault", "ALL", f"vault_id = {VAULT}"),
    ("contacts", "onward_vault", "ALL", f"vault_id = {VAULT}"),
    ("vault_headers", "onward_account", "ALL", f"slot = {ACCOUNT}"),
    ("accounts", "onward_account", "ALL", f"id = {ACCOUNT}"),
    ("accounts", "onward_system_read", "SELECT", SYSTEM),
    ("hosted_sessions", "onward_account", "ALL", f"account_id = {ACCOUNT}"),
    ("hosted_sessions", "onward_system_read", "SELECT", SYSTEM),
    ("hosted_sessions", "onward_system_expire", "DELETE", SYSTEM),
    ("shares", "onward_vault", "ALL", f"vault_id = {VAULT}"),
    ("shares", "onward_recipient_read", "SELECT", f"recipient_id = {ACCOUNT}"),
    ("shares", "onward_system_read", "SELECT", SYSTEM),
    # The advocate answers a share (accept or decline) and drops a copy past its end
    # date; the trigger below lets her change nothing else of the client's row.
    ("shares", "onward_recipient_answer", "UPDATE", f"recipient_id = {ACCOUNT}"),
    ("share_accesses", "onward_vault", "ALL", f"vault_id = {VAULT}"),
    (
        "share_accesses",
        "onward_recipient_log",
        "INSERT",
        f"EXISTS (SELECT 1 FROM shares s WHERE s.id = share_id AND s.recipient_id = {ACCOUNT})",
    ),
)
TABLES = tuple(dict.fromkeys(table for table, *_ in POLICIES))


# Only the owning vault may change a share freely; anyone else signed in (its
# recipient) may change its state and empty its sealed copy, nothing more. An
# operator's session with no account set (maintenance as the owner) is not limited.
RECIPIENT_GUARD = f"""
CREATE FUNCTION onward_shares_recipient_guard() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF coalesce({ACCOUNT}, '') <> '' AND OLD.vault_id IS DISTINCT FROM {VAULT} AND (
        NEW.id IS DISTINCT FROM OLD.id
        OR NEW.vault_id IS DISTINCT FROM OLD.vault_id
        OR NEW.recipient_id IS DISTINCT FROM OLD.recipient_id
        OR NEW.label IS DISTINCT FROM OLD.label
        OR NEW.created IS DISTINCT FROM OLD.created
        OR NEW.expires IS DISTINCT FROM OLD.expires
        OR NEW.revoked IS DISTINCT FROM OLD.revoked
        OR (NEW.body IS DISTINCT FROM OLD.body AND length(NEW.body) > 0)
    ) THEN
        RAISE EXCEPTION 'only the client may change this share'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN NEW;
END
$$;
CREATE TRIGGER onward_shares_recipient_guard BEFORE UPDATE ON shares
    FOR EACH ROW EXECUTE FUNCTION onward_shares_recipient_guard();
"""


def _postgres() -> bool:
    return op.get_bind().dialect.name == "postgresql"


def upgrade() -> None:
    if not _postgres():
        return
    for table in TABLES:
        op.execute(f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY")
        op.execute(f"ALTER TABLE {table} FORCE ROW LEVEL SECURITY")
    for table, name, command, expr in POLICIES:
        if command == "INSERT":
            clause = f"WITH CHECK ({expr})"
        elif command in ("SELECT", "DELETE"):
            clause = f"USING ({expr})"
        else:
            clause = f"USING ({expr}) WITH CHECK ({expr})"
        op.execute(f"CREATE POLICY {name} ON {table} FOR {command} {clause}")
    op.execute(RECIPIENT_GUARD)


def downgrade() -> None:
    if not _postgres():
        return
    op.execute("DROP TRIGGER IF EXISTS onward_shares_recipient_guard ON shares")
    op.execute("DROP FUNCTION IF EXISTS onward_shares_recipient_guard()")
    for table, name, _command, _expr in POLICIES:
        op.execute(f"DROP POLICY IF EXISTS {name} ON {table}")
    for table in TABLES:
        op.execute(f"ALTER TABLE {table} NO FORCE ROW LEVEL SECURITY")
        op.execute(f"ALTER TABLE {table} DISABLE ROW LEVEL SECURITY")
