"""Where each log entry's versions are, kept in memory while the vault is open.

The log page shows one page of entries, newest first, and an entry's page shows one
entry. Finding them used to mean decrypting every version in the vault (about 0.1 ms
each, so 220 ms a view at 2,000 entries). The index holds, per entry, only what ordering
and finding need, never text: the version item ids, when it happened, whether the clock
had gone back, the ids of its files, and its redaction record. It is built once per
unlocked vault and then brought up to date from the items saved since (a ``seq`` above
the last one seen). Counts that no longer match (a backup restored, items removed some
other way) rebuild it. ``Vault.lock`` drops it with the key.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import Connection

from onward.services import items
from onward.services.vault import Vault
from onward.store import repos

KIND_VERSION = "logv"
KIND_REDACTION = "logredact"
_KINDS = (KIND_VERSION, KIND_REDACTION)
_MEMO_KEY = "log_index"
_BATCH = 500


@dataclass(frozen=True, slots=True)
class Ref:
    """One entry as the index knows it (a snapshot: the index replaces it on a change)."""

    entry_id: str
    versions: tuple[tuple[int, str], ...] = ()  # (version number, item id), oldest first
    occurred_at: datetime | None = None  # of the latest version
    clock: bool = False  # a version was saved after the clock had gone back
    files: frozenset[str] = frozenset()
    redaction: str | None = None  # item id of the redaction record
    redacted_at: datetime | None = None

    @property
    def item_ids(self) -> list[str]:
        """The version item ids, oldest first."""
        return [item_id for _number, item_id in self.versions]

    @property
    def sort_key(self) -> datetime:
        moment = self.redacted_at if self.redaction is not None else self.occurred_at
        assert moment is not None
        return moment


@dataclass(slots=True)
class _Index:
    refs: dict[str, Ref] = field(default_factory=dict)
    last_seq: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def counts(self) -> tuple[int, int]:
        versions = sum(len(r.versions) for r in self.refs.values())
        redactions = sum(r.redaction is not None for r in self.refs.values())
        return versions, redactions

    def apply(self, doc: items.Doc, kind: str) -> None:
        data = doc.data
        old = self.refs.get(data["entry"]) or Ref(data["entry"])
        if kind == KIND_REDACTION:
            redacted_at = datetime.fromisoformat(data["redacted_at"])
            self.refs[old.entry_id] = Ref(old.entry_id, redaction=doc.id, redacted_at=redacted_at)
            return
        number = int(data["version"])
        if not old.versions or number > old.versions[-1][0]:  # the usual order: append
            versions = (*old.versions, (number, doc.id))
        else:
            versions = tuple(sorted({*old.versions, (number, doc.id)}))
        latest = number == versions[-1][0]
        files = [a["file_id"] for a in data["attachments"]]
        self.refs[old.entry_id] = Ref(
            old.entry_id,
            versions,
            datetime.fromisoformat(data["occurred_at"]) if latest else old.occurred_at,
            old.clock or bool(data.get("clock")),
            old.files.union(files) if files else old.files,
        )


def _new_docs(conn: Connection, vault: Vault, after: int) -> list[tuple[items.Doc, str]]:
    """Every log item saved after ``after``, in the order they were saved."""
    found: list[tuple[items.Doc, str]] = []
    for kind in _KINDS:
        last = after
        while True:
            rows = repos.list_items(
                conn,
                vault_id=vault.vault_id,
                kind=kind,
                limit=_BATCH,
                before_seq=last,
                newest_first=False,
            )
            found.extend((items.decrypt(vault, kind, row), kind) for row in rows)
            if len(rows) < _BATCH:
                break
            last = rows[-1].seq
    return sorted(found, key=lambda pair: pair[0].seq)


def refs(vault: Vault, *, seen: dict[str, items.Doc] | None = None) -> dict[str, Ref]:
    """Every entry's reference, up to date with what is saved now.

    ``seen`` receives each item this call decrypted, by id: in hosted mode the vault, and
    so the index, lasts one request, and the page can use them instead of reading them again.
    """
    index = vault.memo.get(_MEMO_KEY)
    if not isinstance(index, _Index):
        index = _Index()
        vault.memo[_MEMO_KEY] = index
    with index.lock, items.reading(vault) as conn:
        summary = repos.kind_summary(conn, vault_id=vault.vault_id, kinds=_KINDS)
        expected = (summary[KIND_VERSION], summary[KIND_REDACTION])
        if summary[""] != index.last_seq or index.counts() != expected:
            if summary[""] < index.last_seq:
                index.refs.clear()
                index.last_seq = 0
            for doc, kind in _new_docs(conn, vault, index.last_seq):
                if seen is not None:
                    seen[doc.id] = doc
                index.apply(doc, kind)
                index.last_seq = max(index.last_seq, doc.seq)
            if index.counts() != expected:  # items went without a redaction record: start again
                index.refs.clear()
                for doc, kind in _new_docs(conn, vault, 0):
                    if seen is not None:
                        seen[doc.id] = doc
                    index.apply(doc, kind)
                index.last_seq = summary[""]
        return dict(index.refs)  # the refs are snapshots: a later change replaces, not edits
