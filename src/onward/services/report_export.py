"""Exports: the PDF report alone, or a folder (or .zip) anyone can check (R29).

The folder holds ``records/`` (each log version and redaction record as the exact
canonical JSON its chain event hashes, each selected message as stored, each
import's provenance), ``originals/`` (attachments byte for byte), ``working/``
(JPEG and PNG copies without location data), ``chain.json`` (every link),
``report.pdf`` and ``report.html``, ``verify_chain.py`` (standard library only),
``README.txt`` and ``SHA256SUMS``. Every export then becomes a chain event with
the SHA-256 of what was handed over (the custody log). The private journal is
never part of an export.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path
from typing import Any, Protocol

from onward.errors import InvalidInputError
from onward.evidence import verify_chain
from onward.evidence.chain import canonical
from onward.i18n import gettext as _
from onward.report.context import ReportContext
from onward.report.html import render_html
from onward.report.render import render_pdf
from onward.report.working_copy import working_copy
from onward.services import chain_store, items, log_files, prefs, reports
from onward.services.contacts import Contact, categories_of
from onward.services.report_data import ImportInfo, ReportData, ReportOptions, gather
from onward.services.vault import Vault
from onward.store import repos
from onward.store.crypto import record_aad

MANIFEST = verify_chain.MANIFEST
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


class Sink(Protocol):
    def write(self, path: str, data: bytes) -> None: ...


class DirSink:
    """Writes into a new or empty folder; files 0600, folders 0700 (R9)."""

    def __init__(self, root: Path) -> None:
        if root.exists() and (not root.is_dir() or any(root.iterdir())):
            raise InvalidInputError(
                _("The export folder must be new or empty."),
                hint=_("Choose a folder name that does not exist yet."),
            )
        self.root = root  # made on the first write, so a refused export leaves nothing

    def write(self, path: str, data: bytes) -> None:
        self.root.mkdir(parents=True, exist_ok=True, mode=0o700)
        target = self.root.joinpath(*path.split("/"))
        target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)


class ZipSink:
    """Builds the folder as a .zip in memory (the web download), under one top folder."""

    def __init__(self, folder: str) -> None:
        self.folder = folder
        self._buffer = io.BytesIO()
        self._zip = zipfile.ZipFile(self._buffer, "w", zipfile.ZIP_DEFLATED)

    def write(self, path: str, data: bytes) -> None:
        info = zipfile.ZipInfo(f"{self.folder}/{path}", date_time=_zip_time())
        info.compress_type = zipfile.ZIP_DEFLATED
        info.external_attr = 0o600 << 16
        self._zip.writestr(info, data)

    def close(self) -> bytes:
        self._zip.close()
        return self._buffer.getvalue()


def _zip_time() -> tuple[int, int, int, int, int, int]:
    now = datetime.now(UTC).astimezone()
    return (now.year, now.month, now.day, now.hour, now.minute, now.second)


class _Manifest:
    """Writes files through a sink and remembers each one's SHA-256."""

    def __init__(self, sink: Sink) -> None:
        self.sink = sink
        self.sums: dict[str, str] = {}

    def put(self, path: str, data: bytes) -> None:
        if path in self.sums:
            raise ValueError(f"written twice: {path}")
        self.sink.write(path, data)
        self.sums[path] = hashlib.sha256(data).hexdigest()

    def text(self) -> bytes:
        return "".join(f"{self.sums[p]}  {p}\n" for p in sorted(self.sums)).encode()


@dataclass(frozen=True, slots=True)
class ExportResult:
    files: int
    sha256: str  # of SHA256SUMS for a folder, of the PDF for a PDF
    chain_code: str  # the head the export shows
    export_link: int  # the custody event's place on the chain
    pdf: bytes


Deliver = Callable[[bytes], None]  # hands the finished PDF on (writes it) before the record


def safe_name(name: str) -> str:
    cleaned = _UNSAFE.sub("_", name).strip("._") or "file"
    return cleaned[-80:]


def pretty_json(value: Any) -> bytes:
    return (json.dumps(value, sort_keys=True, indent=1, ensure_ascii=False) + "\n").encode()


def contact_record(contact: Contact) -> dict[str, Any]:
    return {
        "id": contact.id,
        "time_utc": contact.ts.isoformat(),
        "channel": contact.channel,
        "kind": contact.kind,
        "role": contact.role,
        "conv_id": contact.conv_id,
        "import_id": contact.import_id,
        "categories": categories_of(contact.flags),
        "dismissed": categories_of(contact.dismissed),
        "body": contact.body,
    }


def provenance_record(info: ImportInfo) -> dict[str, Any]:
    """An import's provenance without any key material."""
    doc = {k: v for k, v in info.doc.items() if "key" not in k.lower() and k != "original"}
    return {"id": info.import_id, "file_sha256": info.file_sha256, "provenance": doc}


def _records(data: ReportData, out: _Manifest) -> None:
    for entry in data.entries:
        for version in entry.versions:
            out.put(f"records/log-{version.item_id}.json", canonical(version.data))
    for entry in data.redactions:
        assert entry.redaction is not None
        out.put(
            f"records/redaction-{entry.redaction.item_id}.json", canonical(entry.redaction.data)
        )
    for contact in data.messages:
        out.put(f"records/contact-{contact.id}.json", pretty_json(contact_record(contact)))
    for info in data.imports:
        out.put(f"records/import-{info.import_id}.json", pretty_json(provenance_record(info)))


def _originals(vault: Vault, data: ReportData, out: _Manifest) -> dict[str, str]:
    """Attachments byte for byte, plus working copies without metadata."""
    files = {
        a["file_id"]: a for e in data.entries for v in e.versions for a in v.data["attachments"]
    }
    paths: dict[str, str] = {}
    with items.reading(vault) as conn:
        for file_id, meta in sorted(files.items()):
            raw = log_files.read_file(conn, vault, file_id)
            name = f"{file_id}-{safe_name(meta['name'])}"
            paths[file_id] = f"originals/{name}"
            out.put(paths[file_id], raw)
            copy = working_copy(raw, meta["media_type"])
            if copy is not None:
                out.put(f"working/{name}", copy)
    return paths


def _import_originals(vault: Vault, data: ReportData, out: _Manifest) -> dict[str, str]:
    """Original export files, when the import service kept them as items."""
    paths: dict[str, str] = {}
    with items.reading(vault) as conn:
        for info in data.imports:
            ref = info.doc.get("original")
            if not (isinstance(ref, dict) and ref.get("item") and ref.get("kind")):
                continue
            item_id, kind = str(ref["item"]), str(ref["kind"])
            row = repos.get_item(conn, vault_id=vault.vault_id, kind=kind, item_id=item_id)
            if row is None:
                continue
            raw = vault.cipher.decrypt(row.body, record_aad(vault.vault_id, "items", item_id, kind))
            name = safe_name(reports.import_name(info))
            paths[info.import_id] = f"originals/imports/{info.import_id}-{name}"
            out.put(paths[info.import_id], raw)
    return paths


def chain_document(data: ReportData) -> bytes:
    links = [{"seq": x.seq, "prev": x.prev, "hash": x.hash, "event": x.event} for x in data.links]
    head = links[-1]["hash"] if links else verify_chain.GENESIS
    document = {
        "format": verify_chain.CHAIN_FORMAT,
        "head": head,
        "length": len(links),
        "links": links,
    }
    return verify_chain.chain_text(document)


def verifier_source() -> bytes:
    return resources.files("onward.evidence").joinpath("verify_chain.py").read_bytes()


def readme(ctx: ReportContext) -> bytes:
    lines = [ctx.title, "=" * len(ctx.title), "", ctx.generated_at, ctx.period, ""]
    lines += [*ctx.claims, "", _("How to check this folder"), ""]
    lines += [*ctx.how_to_verify, *ctx.notes, ""]
    lines.append(
        _(
            "This folder holds the contact log and imported messages only. "
            "The private journal is never part of an export."
        )
    )
    return ("\n\n".join(line for line in lines if line) + "\n").encode()


def _record_export(
    vault: Vault,
    *,
    what: str,
    digest: str,
    files: int,
    options: ReportOptions,
    now: datetime | None,
) -> int:
    event = {
        "type": "export",
        "what": what,
        "sha256": digest,
        "files": files,
        "scope": options.scope(),
    }
    with items.transaction(vault) as conn:
        return chain_store.append(conn, vault, event, now=now).seq


def write_bundle(
    vault: Vault,
    options: ReportOptions,
    sink: Sink,
    *,
    now: datetime | None = None,
    deliver: Deliver | None = None,
) -> ExportResult:
    """Write the whole export through ``sink`` and record it on the chain.

    ``deliver`` gets the PDF too (``--out`` beside ``--bundle``). The export is recorded
    only after every file was written, so a failed write leaves no link behind."""
    data = gather(vault, options)
    out = _Manifest(sink)
    _records(data, out)
    attachment_paths = _originals(vault, data, out)
    import_paths = _import_originals(vault, data, out)
    out.put(verify_chain.CHAIN, chain_document(data))
    ctx = reports.build_context(
        data,
        display_name=prefs.load_prefs(vault).display_name,
        attachment_paths=attachment_paths,
        import_originals=import_paths,
        now=now,
    )
    pdf = render_pdf(ctx)
    out.put("report.pdf", pdf)
    out.put("report.html", render_html(ctx, standalone=True).encode())
    out.put("verify_chain.py", verifier_source())
    out.put("README.txt", readme(ctx))
    manifest = out.text()
    sink.write(MANIFEST, manifest)
    digest = hashlib.sha256(manifest).hexdigest()
    if deliver is not None:
        deliver(pdf)
    seq = _record_export(
        vault, what="bundle", digest=digest, files=len(out.sums), options=options, now=now
    )
    return ExportResult(len(out.sums), digest, ctx.chain_code, seq, pdf)


def export_pdf(
    vault: Vault,
    options: ReportOptions,
    *,
    now: datetime | None = None,
    deliver: Deliver | None = None,
) -> ExportResult:
    """The PDF report alone, recorded on the chain with its SHA-256.

    ``deliver`` (writing the file) runs before the record: if it fails, nothing is noted."""
    ctx = reports.build_report(vault, options)
    pdf = render_pdf(ctx)
    digest = hashlib.sha256(pdf).hexdigest()
    if deliver is not None:
        deliver(pdf)
    seq = _record_export(vault, what="report", digest=digest, files=1, options=options, now=now)
    return ExportResult(1, digest, ctx.chain_code, seq, pdf)


def export_zip(
    vault: Vault, options: ReportOptions, *, now: datetime | None = None
) -> tuple[str, bytes, ExportResult]:
    """The export folder as a .zip: (file name, bytes, result). Nothing touches the disk."""
    folder = f"report-{datetime.now(UTC).astimezone():%Y-%m-%d-%H%M}"
    sink = ZipSink(folder)
    result = write_bundle(vault, options, sink, now=now)
    return f"{folder}.zip", sink.close(), result


def verify_export(path: Path, *, code: str | None = None) -> tuple[bool, str]:
    """Check an export folder or .zip: (ok, the line to show)."""
    return verify_chain.check(str(path), code)


def looks_like_export(path: Path) -> bool:
    """Whether ``path`` could be an export at all: a .zip, or a folder with its manifest or
    chain. A failed check of anything else most likely means the wrong path was given."""
    if path.is_dir():
        return (path / MANIFEST).exists() or (path / verify_chain.CHAIN).exists()
    return zipfile.is_zipfile(path)


__all__ = ["DirSink", "ExportResult", "ReportOptions", "ZipSink"]
