"""The contact log: quick entry, entry pages with versions, amend, remove, check code.

URLs carry only opaque ids and neutral words (R1, R2).
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, File, Form, HTTPException, Request, UploadFile
from starlette.datastructures import UploadFile as StarletteUpload
from starlette.responses import RedirectResponse, Response

from onward.errors import OnwardError
from onward.services import chain_store, evidence_log
from onward.services.evidence_log import EntryInput, NewFile
from onward.services.log_files import MAX_FILE_BYTES
from onward.store.ids import is_id
from onward.web.deps import CSRF, VaultDep
from onward.web.templating import render

router = APIRouter(dependencies=[CSRF])
Text = Annotated[str, Form()]
# A file input left empty arrives as an empty string or an unnamed part, not a file.
Files = Annotated[list[UploadFile | str] | None, File()]


def _check_id(value: str) -> str:
    if not is_id(value):
        raise HTTPException(status_code=404)
    return value


def _files(uploads: list[UploadFile | str] | None) -> list[NewFile]:
    # Skip parts without a file name (no file chosen). With the union type FastAPI hands
    # over Starlette's UploadFile, the base class. Reading one byte past the limit is
    # enough to refuse a file that is too large.
    return [
        NewFile(u.filename, u.file.read(MAX_FILE_BYTES + 1), u.content_type or "")
        for u in uploads or []
        if isinstance(u, StarletteUpload) and u.filename
    ]


def _form(at: str, channel: str, what: str, where: str, witnesses: str, harm: str) -> EntryInput:
    return EntryInput(
        occurred_at=evidence_log.parse_when(at),
        channel=channel,
        what=what,
        where=where,
        witnesses=witnesses,
        harm=harm,
    )


@router.get("/log")
def log_page(request: Request, vault: VaultDep, page: str = "1") -> Response:
    number = int(page) if page.isdigit() and len(page) < 7 else 1
    context = {"page": evidence_log.overview(vault, page=number), "form": {}}
    return render(request, "log.html", context)


@router.post("/log")
def add(
    request: Request,
    vault: VaultDep,
    at: Text = "",
    channel: Text = "",
    what: Text = "",
    where: Text = "",
    witnesses: Text = "",
    harm: Text = "",
    files: Files = None,
) -> Response:
    try:
        data = _form(at, channel, what, where, witnesses, harm)
        entry = evidence_log.add_entry(vault, data, _files(files))
    except OnwardError as exc:
        form = {"at": at, "channel": channel, "what": what, "where": where,
                "witnesses": witnesses, "harm": harm}  # fmt: skip
        context = {"page": evidence_log.overview(vault), "form": form,
                   "error": exc.user_message, "hint": exc.hint}  # fmt: skip
        return render(request, "log.html", context, status=400)
    return RedirectResponse(f"/log?saved={entry.entry_id}", status_code=303)


@router.post("/log/anchor")
def anchor(vault: VaultDep) -> Response:
    chain_store.record_anchor(vault, note="written")
    return RedirectResponse("/log?noted=1", status_code=303)


@router.get("/log/{entry_id}")
def entry_page(request: Request, vault: VaultDep, entry_id: str) -> Response:
    entry = evidence_log.get_entry(vault, entry_id=_check_id(entry_id))
    saved = request.query_params.get("saved") == "1"
    context = {"entry": entry, "saved": saved, "channels": evidence_log.channel_choices()}
    return render(request, "log_entry.html", context)


@router.post("/log/{entry_id}/amend")
def amend(
    request: Request,
    vault: VaultDep,
    entry_id: str,
    at: Text = "",
    channel: Text = "",
    what: Text = "",
    where: Text = "",
    witnesses: Text = "",
    harm: Text = "",
    files: Files = None,
) -> Response:
    entry = evidence_log.get_entry(vault, entry_id=_check_id(entry_id))
    try:
        data = _form(at, channel, what, where, witnesses, harm)
        evidence_log.amend_entry(vault, entry_id=entry.entry_id, data=data, files=_files(files))
    except OnwardError as exc:
        form = {"at": at, "channel": channel, "what": what, "where": where,
                "witnesses": witnesses, "harm": harm}  # fmt: skip
        context = {"entry": entry, "channels": evidence_log.channel_choices(), "form": form,
                   "error": exc.user_message, "hint": exc.hint}  # fmt: skip
        return render(request, "log_entry.html", context, status=400)
    return RedirectResponse(f"/log/{entry.entry_id}?saved=1", status_code=303)


@router.post("/log/{entry_id}/redact")
def redact(request: Request, vault: VaultDep, entry_id: str, reason: Text = "") -> Response:
    entry = evidence_log.get_entry(vault, entry_id=_check_id(entry_id))
    try:
        evidence_log.redact_entry(vault, entry_id=entry.entry_id, reason=reason)
    except OnwardError as exc:
        context = {"entry": entry, "channels": evidence_log.channel_choices(),
                   "error": exc.user_message, "hint": exc.hint}  # fmt: skip
        return render(request, "log_entry.html", context, status=400)
    return RedirectResponse("/log?removed=1", status_code=303)


@router.get("/file/{file_id}")
def attachment(vault: VaultDep, file_id: str) -> Response:
    """An attachment's original bytes, always as a download (never shown in the app)."""
    meta, data = evidence_log.read_attachment(vault, file_id=_check_id(file_id))
    name = "".join(ch for ch in meta["name"] if ch.isalnum() or ch in "._-")[:80] or "file"
    headers = {"Content-Disposition": f'attachment; filename="{name}"'}
    return Response(data, media_type="application/octet-stream", headers=headers)
