"""Import a chat export: hash it, parse it, flag it, encrypt it and store it, all or nothing.

``run_import`` does everything inside ONE database transaction: the timeline rows (in
batches), the import record with its provenance, the kept original, the chats' who-is-who
memory and the "import" link of the evidence chain. A killed import therefore leaves
nothing visible and can simply be run again. Importing a file whose SHA-256 is already
recorded adds nothing (R33). Bad records become issues with file and place, never text.

Keys: every import has its own random key (``BatchCipher``), wrapped by the vault key and
kept in the import record. One AEAD per message keeps a million messages fast, and removing
an import destroys its key (crypto-shredding) without touching any other record.

Three things overlap on a large import (docs/imports.md, "Speed"): a helper process that
holds no key parses the export, finds flags and writes each row's JSON (``import_prep``,
``import_helper``); this thread hashes and encrypts the rows; and a writer thread stores each
batch on the import's connection (the database driver lets other Python code run while
SQLite or PostgreSQL works). The writer is the only user of the connection until it has
stored the last batch, and everything still happens in the one transaction.
"""

from __future__ import annotations

import base64
import contextlib
import queue
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Final

from sqlalchemy import Connection

from onward.errors import LockedError, NotFoundError
from onward.i18n import gettext as _
from onward.importers.base import ParseOptions, ParseReport
from onward.importers.registry import detect_format, get
from onward.model import MessageKind
from onward.services import chain_store, conversations, items, originals, timeline_figures
from onward.services.contacts import Keys, encode_body
from onward.services.conversations import ChatRef
from onward.services.import_hash import file_sha256
from onward.services.import_helper import Helper, Job, batches, file_size, helper_for
from onward.services.import_keys import ciphers_for, decode_import
from onward.services.import_prep import Batch, Who
from onward.services.import_rows import DEDUPE, ChatState, Row, RowBuilder, default_chat_name
from onward.services.import_seal import RowSealer
from onward.services.vault import Vault
from onward.store import crypto, imports_repo
from onward.store.crypto import SecretKey, record_aad
from onward.store.ids import is_id, new_id

BATCH_ROWS: Final = 2000
WRITE_QUEUE: Final = 4  # built batches waiting for the writer thread
Progress = Callable[[int], None]  # called with the number of records read so far


@dataclass(frozen=True, slots=True)
class ImportResult:
    """What an import did. ``duplicate``: the file was imported before; nothing was added."""

    import_id: str
    duplicate: bool
    file_name: str
    file_sha256: str
    size: int
    format: str
    messages: int = 0
    added: int = 0
    by_kind: dict[str, int] = field(default_factory=dict)
    flagged: int = 0
    issues: list[dict[str, str]] = field(default_factory=list)
    issue_count: int = 0
    warnings: list[str] = field(default_factory=list)
    chats: list[ChatRef] = field(default_factory=list)
    first: str | None = None
    last: str | None = None
    date_order: str | None = None
    date_order_rule: str | None = None
    original_kept: bool = False

    @property
    def skipped(self) -> int:
        """Records already on the timeline (from an overlapping export)."""
        return self.messages - self.added


def _iso(ts: int | None) -> str | None:
    return datetime.fromtimestamp(ts, UTC).isoformat() if ts is not None else None


@dataclass(slots=True)
class _Run:
    """The state of one import while it runs."""

    vault: Vault
    path: Path
    file_name: str
    sha256: str
    size: int
    source: str
    import_id: str = field(default_factory=new_id)
    batch_key: SecretKey = field(default_factory=SecretKey.generate)
    report: ParseReport = field(default_factory=ParseReport)
    added: int = 0
    issues: list[dict[str, str]] = field(default_factory=list)
    issue_count: int = 0
    original_id: str | None = None


@contextmanager
def _import_transaction(vault: Vault) -> Iterator[Connection]:
    """The import's one transaction. On SQLite it runs on a connection of its own, closed
    afterwards: on a pooled connection that had already served the app's reads, the same
    bulk insert measured up to three times slower (SQLCipher; see docs/imports.md)."""
    if vault.backend.is_postgres:
        with items.transaction(vault) as conn:
            yield conn
        return
    engine = vault.backend.open_engine(vault.dek, page_size=vault.page_size)
    try:
        with engine.begin() as conn:
            imports_repo.use_import_cache(conn)
            yield conn
    finally:
        vault.backend.close_engine(engine)


def run_import(
    vault: Vault,
    path: Path,
    *,
    fmt: str | None = None,
    options: ParseOptions,
    me: str | None = None,
    partner: str | None = None,
    progress: Progress | None = None,
    file_name: str | None = None,
) -> ImportResult:
    """Import one export file (format detected unless ``fmt`` is given).

    Args:
        me, partner: names as they appear in the export; remembered for each chat.
        file_name: the name to record (a web upload's own name); default: the path's.

    Raises:
        ImportFileError: the file is unreadable or its format unknown.
        DateOrderUndecidedError: the dates could be day-first or month-first.
        InvalidInputError: ``me`` or ``partner`` is nobody in the export.
    """
    if vault.locked:
        raise LockedError(_("The vault is locked."), hint=_("Unlock it and try again."))
    # A large export's helper process starts first: it loads the flag rules while this one
    # hashes the file and reads the vault (a folder's size is known only after hashing).
    with helper_for(file_size(path)) as early:
        sha256, size = file_sha256(path)
        with helper_for(size if early is None and path.is_dir() else 0) as late:
            source = fmt or detect_format(path)
            get(source)  # an unknown format fails here, before anything starts
            run = _Run(vault, path, file_name or path.name, sha256, size, source)
            helper = early or late
            return _import(run, helper, options=options, me=me, partner=partner, progress=progress)


def _import(
    run: _Run,
    helper: Helper | None,
    *,
    options: ParseOptions,
    me: str | None,
    partner: str | None,
    progress: Progress | None,
) -> ImportResult:
    vault, source = run.vault, run.source
    keys = Keys(vault)
    # Reads first, on the app's connection: the import's own connection starts with the
    # bulk insert (a read before it measured 20-40 % slower inserts on SQLCipher).
    with items.transaction(vault) as conn:
        earlier = imports_repo.find_by_sha256(conn, vault_id=vault.vault_id, file_sha256=run.sha256)
        known = conversations.load_chats(conn, vault)
    if earlier is not None:
        run.batch_key.wipe()
        return ImportResult(earlier, True, run.file_name, run.sha256, run.size, source)
    chats = conversations.states_for(known, source=source)
    job = Job(
        source=source,
        path=run.path,
        options=options,
        default_chat=default_chat_name(run.path),
        who=Who(me, partner, tuple((c.name, c.me, c.partner) for c in chats.values())),
        batch_rows=BATCH_ROWS,
    )
    sealer = RowSealer(vault, run.batch_key, run.import_id)
    # The helper gets its job now, while this thread opens the import's own connection.
    stream = batches(job, run.report, helper)
    try:
        with _import_transaction(vault) as conn:
            builder = RowBuilder(
                vault,
                keys=keys,
                sealer=sealer,
                import_id=run.import_id,
                source=source,
                chats=chats,
                me=me,
                partner=partner,
            )
            _store_rows(conn, run, builder, stream, progress)
            return _finish(conn, run, builder, keys=keys, me=me, partner=partner)
    finally:
        run.batch_key.wipe()
        sealer.wipe()


def _finish(
    conn: Connection,
    run: _Run,
    builder: RowBuilder,
    *,
    keys: Keys,
    me: str | None,
    partner: str | None,
) -> ImportResult:
    """After the rows: the original, the chats, the import record and its chain link."""
    vault = run.vault
    # Read again inside the transaction: a chat saved meanwhile is updated, not doubled.
    refs = conversations.save_after_import(
        conn,
        vault,
        conversations.load_chats(conn, vault),
        builder.chats.values(),
        keys=keys,
        me=me,
        partner=partner,
        import_id=run.import_id,
        source=run.source,
    )
    result = _result(run, builder, refs)
    _record(conn, run, builder, result)
    timeline_figures.invalidate(conn, vault)
    return result


Built = tuple[list[Row], list[tuple[ChatState, str | None]]]


class _Writer:
    """Stores built batches in a thread of its own, in order, on the import's connection.

    ``close`` waits for the last batch and raises the first error the thread met (after
    an error it only drains the queue, so the import's transaction is rolled back whole).
    """

    def __init__(self, conn: Connection, run: _Run) -> None:
        self._conn = conn
        self._run = run
        self._queue: queue.Queue[Built | None] = queue.Queue(maxsize=WRITE_QUEUE)
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._loop, name="onward-import-writer")
        self._thread.start()

    def put(self, built: Built) -> None:
        if self._error is not None:
            raise self._error
        self._queue.put(built)

    def _loop(self) -> None:
        try:
            self._keep_original()
        except BaseException as exc:  # re-raised by close() in the import's thread
            self._error = exc
        while (built := self._queue.get()) is not None:
            if self._error is None:
                try:
                    _flush(self._conn, self._run, *built)
                except BaseException as exc:  # re-raised by close() in the import's thread
                    self._error = exc

    def _keep_original(self) -> None:
        """The kept original goes first, while the first batches are still being read: the
        thread would wait for them anyway, and at the end nothing else could run beside it
        (1,000,000 messages: 1.7 s for a 92 MB export)."""
        run = self._run
        run.original_id = originals.store_original(self._conn, run.vault, run.path, run.size)

    def close(self) -> None:
        self._queue.put(None)
        self._thread.join()
        if self._error is not None:
            raise self._error


def _store_rows(
    conn: Connection,
    run: _Run,
    builder: RowBuilder,
    batches: Iterable[Batch],
    progress: Progress | None,
) -> None:
    """Finish each prepared batch (keyed hashes, encryption) and hand it to the writer.

    Batches come in the order they were read (ids depend on it)."""
    writer = _Writer(conn, run)
    read = 0
    try:
        for prepared, issues, issue_count, read in batches:
            run.issue_count += issue_count
            run.issues.extend(issues)
            if prepared:
                rows = builder.rows(prepared)
                pending, builder.pending = builder.pending, []
                writer.put((rows, pending))
            if progress is not None:
                progress(read)
    except BaseException:
        with contextlib.suppress(BaseException):  # the first error is the one to report
            writer.close()
        raise
    writer.close()


def _flush(
    conn: Connection,
    run: _Run,
    batch: list[Row],
    pending: list[tuple[ChatState, str | None]],
) -> None:
    """Store a batch and count, per chat and sender, the rows that were new.

    Only chats that had rows before can hold duplicates, so only their keys are looked up
    first; a first import of a chat pays nothing for this.
    """
    check = [row[DEDUPE] for row, (chat, _s) in zip(batch, pending, strict=True) if chat.existed]
    existing = (
        imports_repo.existing_dedupes(conn, vault_id=run.vault.vault_id, dedupes=check)
        if check
        else set()
    )
    run.added += imports_repo.insert_contacts(conn, batch)
    for row, (chat, sender) in zip(batch, pending, strict=True):
        if sender is not None and row[DEDUPE] not in existing:
            chat.added[sender] += 1


def _warnings(run: _Run) -> list[str]:
    found = list(dict.fromkeys(run.report.warnings))
    hidden = run.issue_count - len(run.issues)
    if hidden:
        found.append(_("%(n)d more problems were found but are not listed.") % {"n": hidden})
    if run.original_id is None and run.path.is_dir():
        found.append(_("A folder was imported: Onward kept the SHA-256 of its file list."))
    elif run.original_id is None:
        found.append(
            _("The original file is larger than 200 MB, so Onward kept its SHA-256 but not a copy.")
        )
    return found


def _result(run: _Run, builder: RowBuilder, refs: list[ChatRef]) -> ImportResult:
    tally = builder.tally
    return ImportResult(
        import_id=run.import_id,
        duplicate=False,
        file_name=run.file_name,
        file_sha256=run.sha256,
        size=run.size,
        format=run.source,
        messages=tally.messages,
        added=run.added,
        by_kind={str(k): tally.kinds.get(k, 0) for k in MessageKind},
        flagged=tally.flagged,
        issues=run.issues,
        issue_count=run.issue_count,
        warnings=_warnings(run),
        chats=refs,
        first=_iso(tally.first),
        last=_iso(tally.last),
        date_order=run.report.date_order,
        date_order_rule=run.report.date_order_rule,
        original_kept=run.original_id is not None,
    )


def _record(conn: Connection, run: _Run, builder: RowBuilder, result: ImportResult) -> None:
    """The import row (provenance, wrapped key) and its chain link, in the same transaction."""
    vault = run.vault
    wrapped = crypto.wrap_key(
        vault.dek, run.batch_key, record_aad(vault.vault_id, "imports", run.import_id, "key")
    )
    participants = sorted({n for c in builder.chats.values() for n in c.senders})
    doc = {
        "file_name": run.file_name,
        "sha256": run.sha256,
        "size": run.size,
        "parser": run.source,
        "parser_version": run.report.parser_version,
        "imported_at": datetime.now(UTC).isoformat(),
        "counts": {
            "messages": result.messages,
            "added": result.added,
            "duplicates": result.skipped,
            "issues": result.issue_count,
            **{f"kind_{k}": v for k, v in result.by_kind.items()},
        },
        "first": result.first,
        "last": result.last,
        "date_order": result.date_order,
        "date_order_rule": result.date_order_rule,
        "warnings": result.warnings,
        "issues": result.issues,
        "participants": participants,
        "chats": [ref.item_id for ref in result.chats],
        "original": {"item": run.original_id, "kind": originals.KIND_ORIGINAL}
        if run.original_id
        else None,
        "wrapped_key": base64.b64encode(wrapped).decode(),
    }
    body = vault.cipher.encrypt(
        encode_body(doc), record_aad(vault.vault_id, "imports", run.import_id, "body")
    )
    imports_repo.insert(
        conn, vault_id=vault.vault_id, import_id=run.import_id, file_sha256=run.sha256, body=body
    )
    event = {
        "type": "import",
        "file_name": run.file_name,
        "file_sha256": run.sha256,
        "size": run.size,
        "parser": run.source,
        "parser_version": run.report.parser_version,
        "messages": result.messages,
        "added": result.added,
        "first": result.first,
        "last": result.last,
    }
    chain_store.append(conn, vault, event)


def load_import(vault: Vault, import_id: str) -> dict[str, Any]:
    """The provenance document of one import (without its key)."""
    if not is_id(import_id):
        raise NotFoundError(_("That import is not here."), hint=_("It may have been removed."))
    with items.transaction(vault) as conn:
        row = imports_repo.get(conn, vault_id=vault.vault_id, import_id=import_id)
    if row is None:
        raise NotFoundError(_("That import is not here."), hint=_("It may have been removed."))
    doc = decode_import(vault, row)
    doc.pop("wrapped_key", None)
    doc["import_id"] = row.id
    return doc


__all__ = ["ChatState", "ImportResult", "ciphers_for", "file_sha256", "run_import"]
