"""The second check: model flags for imported messages, stored like rule flags (issue #4).

At import, the rules flag each text message with a sender. The model layer
(``analysis.model_flags``, about 50 messages/s; a text repeated within a batch is embedded
once) finds wording the rules miss; it is too slow for the import itself, so this pass
runs afterwards, in batches, one import at a time:

1. read the next text messages with a sender whose role is the other person or not yet
   known (flags are shown only on the other person's messages; an unknown sender may
   become them), decrypt them with the import's key;
2. run ``model_flags`` over the partner categories, passing every flag already stored so
   a category is never flagged twice;
3. append each new flag to the body (``rule_id`` ``model.<category>``, ``span`` null, its
   ``score`` and ``"model": MODEL_VERSION``), re-seal the body under the same import key
   and associated data, and set the category bits; ``dismissed`` is left as it is.

Model flags of another model version are taken off the rows the pass reads, and the pass
runs again from the start of each import (``second_check_progress``). The rows and the
progress of one batch are saved in one transaction, so a pass stopped at any point (a crash,
the vault locked) resumes where it was and ends with the same flags as one run.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Final

from onward.analysis.flags import PARTNER_CATEGORIES
from onward.analysis.model_flags import MODEL_VERSION, model_flags
from onward.model import Flag
from onward.services import imports, items, timeline_figures
from onward.services import second_check_progress as progress_store
from onward.services.contacts import (
    ROLE_PARTNER,
    ROLE_UNKNOWN,
    bits_for,
    contact_aad,
    decrypt_row,
    encode_body,
)
from onward.services.second_check_progress import Mark
from onward.services.vault import Vault
from onward.store import contacts_repo, second_check_repo
from onward.store.contacts_repo import ContactRow
from onward.store.crypto import BatchCipher

BATCH: Final = 64
ROLES: Final = (ROLE_UNKNOWN, ROLE_PARTNER)


@dataclass(slots=True)
class Summary:
    """What a pass (or one batch) did."""

    checked: int = 0  # messages read by the model
    flagged: int = 0  # messages that got at least one new flag
    by_category: Counter[str] = field(default_factory=Counter)  # new flags per category
    removed: int = 0  # flags of an older model taken off

    def add(self, other: Summary) -> None:
        self.checked += other.checked
        self.flagged += other.flagged
        self.by_category.update(other.by_category)
        self.removed += other.removed

    def data(self) -> dict[str, Any]:
        return {
            "checked": self.checked,
            "flagged": self.flagged,
            "by_category": dict(sorted(self.by_category.items())),
            "removed": self.removed,
            "model": MODEL_VERSION,
        }


def _stale(flag: dict[str, Any]) -> bool:
    model = flag.get("model")
    return model is not None and model != MODEL_VERSION


def pending(vault: Vault) -> int:
    """How many messages the second check still has to read."""
    total = 0
    with items.reading(vault) as conn:
        progress = progress_store.load(conn, vault)
        for import_id in second_check_repo.import_ids(conn, vault_id=vault.vault_id):
            mark = progress.mark(import_id, MODEL_VERSION)
            if not mark.done:
                total += second_check_repo.count_left(
                    conn,
                    vault_id=vault.vault_id,
                    import_id=import_id,
                    after_seq=mark.seq,
                    roles=ROLES,
                )
    return total


def run(
    vault: Vault,
    *,
    batch: int = BATCH,
    on_batch: Callable[[Summary], None] | None = None,
    stop: Callable[[], bool] | None = None,
) -> Summary:
    """Run the pass to the end (or until ``stop()`` says so between batches)."""
    total = Summary()
    while stop is None or not stop():
        done = run_batch(vault, limit=batch)
        if done is None:
            break
        total.add(done)
        if on_batch is not None:
            on_batch(done)
    return total


def run_batch(vault: Vault, *, limit: int = BATCH) -> Summary | None:
    """Check the next ``limit`` messages; None when every import is done."""
    with items.reading(vault) as conn:
        progress = progress_store.load(conn, vault)
        ids = second_check_repo.import_ids(conn, vault_id=vault.vault_id)
        todo = [i for i in ids if not progress.mark(i, MODEL_VERSION).done]
        if not todo:
            return None
        import_id = todo[0]
        mark = progress.mark(import_id, MODEL_VERSION)
        rows = second_check_repo.batch(
            conn,
            vault_id=vault.vault_id,
            import_id=import_id,
            after_seq=mark.seq,
            roles=ROLES,
            limit=limit,
        )
        ciphers = imports.ciphers_for(conn, vault, {import_id}) if rows else {}
    try:
        found = _model(vault, ciphers, rows)
        after = Mark(max((r.seq for r in rows), default=mark.seq), MODEL_VERSION, len(rows) < limit)
        return _save(vault, ciphers, import_id, (mark, after), rows, found)
    finally:
        for cipher in ciphers.values():
            cipher.wipe()


def _model(
    vault: Vault, ciphers: dict[str, BatchCipher], rows: list[ContactRow]
) -> dict[str, list[dict[str, Any]]]:
    """The model's new flags for each row it reads (outside any transaction: it is slow)."""
    ids: list[str] = []
    texts: list[str] = []
    already: list[list[Flag]] = []
    for row in rows:
        if row.role not in ROLES:
            continue
        contact = decrypt_row(vault, row, ciphers)
        kept = [f for f in contact.body.get("flags") or [] if not _stale(f)]
        ids.append(row.id)
        texts.append(contact.text)
        already.append([Flag(str(f["category"]), "", None, str(f.get("rule_id"))) for f in kept])
    found = model_flags(texts, categories=PARTNER_CATEGORIES, rule_flags=already) if texts else []
    return {
        contact_id: [_flag_json(f) for f in flags]
        for contact_id, flags in zip(ids, found, strict=True)
    }


def _flag_json(flag: Flag) -> dict[str, Any]:
    return {
        "category": flag.category,
        "reason": flag.reason,
        "span": None,
        "rule_id": flag.rule_id,
        "score": flag.score,
        "model": MODEL_VERSION,
    }


def _save(
    vault: Vault,
    ciphers: dict[str, BatchCipher],
    import_id: str,
    marks: tuple[Mark, Mark],
    rows: list[ContactRow],
    found: dict[str, list[dict[str, Any]]],
) -> Summary:
    """Write one batch's flags and move the mark, in one transaction."""
    summary = Summary(checked=len(found))
    with items.transaction(vault) as conn:
        ids = [r.id for r in rows]
        changed = False
        for row in second_check_repo.rows_by_id(conn, vault_id=vault.vault_id, ids=ids):
            changed |= _update(conn, vault, ciphers, row, found.get(row.id, []), summary)
        if changed:
            timeline_figures.invalidate(conn, vault)
        progress = progress_store.load(conn, vault, for_update=True)
        # Who is who changed meanwhile (the mark was forgotten): leave it for the next run.
        if progress.mark(import_id, MODEL_VERSION) == marks[0]:
            known = set(second_check_repo.import_ids(conn, vault_id=vault.vault_id))
            progress.marks = {k: m for k, m in progress.marks.items() if k in known}
            progress.marks[import_id] = marks[1]
            progress_store.save(conn, vault, progress)
    return summary


def _update(
    conn: Any,
    vault: Vault,
    ciphers: dict[str, BatchCipher],
    row: ContactRow,
    new: list[dict[str, Any]],
    summary: Summary,
) -> bool:
    """Take older model flags off one row and add the new ones; True if it changed."""
    body = decrypt_row(vault, row, ciphers).body
    flags: list[dict[str, Any]] = list(body.get("flags") or [])
    kept = [f for f in flags if not _stale(f)]
    have = {str(f["category"]) for f in kept}
    gone = {str(f["category"]) for f in flags if _stale(f)} - have
    added = [f for f in new if f["category"] not in have]
    if len(kept) == len(flags) and not added:
        return False
    body["flags"] = kept + added
    bits = (row.flags & ~bits_for(gone)) | bits_for([f["category"] for f in added])
    sealed = ciphers[str(row.import_id)].encrypt(
        encode_body(body), contact_aad(vault.vault_id, row.id)
    )
    contacts_repo.set_body(
        conn, vault_id=vault.vault_id, contact_id=row.id, body=sealed, flags=bits
    )
    summary.removed += len(flags) - len(kept)
    if added:
        summary.flagged += 1
        summary.by_category.update(f["category"] for f in added)
    return True
