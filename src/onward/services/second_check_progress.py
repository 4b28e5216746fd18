"""How far the second check has got: one encrypted item per vault (kind ``second_check``).

    {"imports": {"<import id>": {"seq": <highest row seq done>, "model": "<version>",
                                 "done": true | false}}}

An import with no entry, or an entry of another model version, is checked again from the
start (re-checking never adds a flag twice). Changing who is who in a chat forgets the
entries of the chat's imports (``forget``), so rows that became the other person's are
checked too. Callers pass their own transaction, so the progress moves with the rows.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Final

from sqlalchemy import Connection

from onward.services import items
from onward.services.vault import Vault
from onward.store import repos
from onward.store.ids import new_id

KIND: Final = "second_check"


@dataclass(frozen=True, slots=True)
class Mark:
    """Where one import stands: rows up to ``seq`` are done with ``model``."""

    seq: int = 0
    model: str = ""
    done: bool = False


@dataclass(slots=True)
class Progress:
    item_id: str | None = None
    marks: dict[str, Mark] = field(default_factory=dict)

    def mark(self, import_id: str, model: str) -> Mark:
        """The import's mark for ``model`` (a fresh start for another version)."""
        found = self.marks.get(import_id)
        return found if found is not None and found.model == model else Mark(0, model)

    def data(self) -> dict[str, Any]:
        return {
            "imports": {
                k: {"seq": m.seq, "model": m.model, "done": m.done} for k, m in self.marks.items()
            }
        }


def load(conn: Connection, vault: Vault, *, for_update: bool = False) -> Progress:
    """The vault's progress; ``for_update`` (before a save) holds the row until the
    caller's transaction ends, so a pass's save and a who-is-who ``forget`` in another
    process (hosted: the worker and a web request) never overwrite each other."""
    rows = repos.list_items(
        conn, vault_id=vault.vault_id, kind=KIND, limit=1, for_update=for_update
    )
    if not rows:
        return Progress()
    data = items.decrypt(vault, KIND, rows[0]).data
    marks = {
        str(k): Mark(int(v.get("seq", 0)), str(v.get("model", "")), bool(v.get("done")))
        for k, v in (data.get("imports") or {}).items()
    }
    return Progress(rows[0].id, marks)


def save(conn: Connection, vault: Vault, progress: Progress) -> None:
    if progress.item_id is None:
        progress.item_id = new_id()
        body = items.encrypt(vault, KIND, progress.item_id, progress.data())
        repos.insert_item(
            conn, vault_id=vault.vault_id, item_id=progress.item_id, kind=KIND, body=body
        )
        return
    body = items.encrypt(vault, KIND, progress.item_id, progress.data())
    repos.update_item(conn, vault_id=vault.vault_id, kind=KIND, item_id=progress.item_id, body=body)


def forget(conn: Connection, vault: Vault, import_ids: list[str]) -> None:
    """Check these imports again from the start (inside the caller's transaction)."""
    progress = load(conn, vault, for_update=True)
    if not any(i in progress.marks for i in import_ids):
        return
    for import_id in import_ids:
        progress.marks.pop(import_id, None)
    save(conn, vault, progress)
