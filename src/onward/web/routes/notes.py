"""The private journal pages (URLs carry only opaque ids, R2)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Query, Request
from starlette.responses import RedirectResponse, Response

from onward.errors import OnwardError
from onward.services import journal
from onward.store.ids import is_id
from onward.web.deps import CSRF, VaultDep
from onward.web.templating import render

router = APIRouter(prefix="/notes", dependencies=[CSRF])


def _check_id(entry_id: str) -> str:
    if not is_id(entry_id):
        from fastapi import HTTPException

        raise HTTPException(status_code=404)
    return entry_id


@router.get("")
def list_notes(
    request: Request, vault: VaultDep, before: Annotated[int | None, Query(ge=0)] = None
) -> Response:
    page = journal.list_entries(vault, before=before)
    template = "_note_rows.html" if request.headers.get("hx-request") else "notes.html"
    return render(request, template, {"page": page})


@router.get("/new")
def new_note(request: Request, vault: VaultDep) -> Response:  # noqa: ARG001 (needs unlock)
    return render(request, "note_form.html", {"entry": None, "text": ""})


@router.post("")
def create_note(request: Request, vault: VaultDep, text: Annotated[str, Form()] = "") -> Response:
    try:
        entry = journal.add_entry(vault, text=text)
    except OnwardError as exc:
        context = {"entry": None, "text": text, "error": exc.user_message, "hint": exc.hint}
        return render(request, "note_form.html", context, status=400)
    return RedirectResponse(f"/notes/{entry.id}?saved=1", status_code=303)


@router.get("/{entry_id}")
def show_note(request: Request, vault: VaultDep, entry_id: str) -> Response:
    entry = journal.get_entry(vault, entry_id=_check_id(entry_id))
    saved = request.query_params.get("saved") == "1"
    return render(request, "note.html", {"entry": entry, "saved": saved})


@router.get("/{entry_id}/edit")
def edit_form(request: Request, vault: VaultDep, entry_id: str) -> Response:
    entry = journal.get_entry(vault, entry_id=_check_id(entry_id))
    return render(request, "note_form.html", {"entry": entry, "text": entry.text})


@router.post("/{entry_id}")
def update_note(
    request: Request, vault: VaultDep, entry_id: str, text: Annotated[str, Form()] = ""
) -> Response:
    entry = journal.get_entry(vault, entry_id=_check_id(entry_id))
    try:
        journal.edit_entry(vault, entry_id=entry.id, text=text)
    except OnwardError as exc:
        context = {"entry": entry, "text": text, "error": exc.user_message, "hint": exc.hint}
        return render(request, "note_form.html", context, status=400)
    return RedirectResponse(f"/notes/{entry.id}?saved=1", status_code=303)


@router.post("/{entry_id}/delete")
def delete_note(vault: VaultDep, entry_id: str) -> Response:
    journal.delete_entry(vault, entry_id=_check_id(entry_id))
    return RedirectResponse("/notes?deleted=1", status_code=303)
