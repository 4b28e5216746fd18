"""Read-only queries on the imports table for reports (the import service owns writes)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Connection, select

from onward.store.tables import imports


@dataclass(frozen=True, slots=True)
class ImportRow:
    id: str
    file_sha256: str
    body: bytes


def list_imports(conn: Connection, *, vault_id: str) -> list[ImportRow]:
    rows = conn.execute(
        select(imports.c.id, imports.c.file_sha256, imports.c.body)
        .where(imports.c.vault_id == vault_id)
        .order_by(imports.c.id)
    ).all()
    return [ImportRow(r.id, r.file_sha256, r.body) for r in rows]
