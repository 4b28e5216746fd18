"""Import a chat export, see what it brought in, and say who is who in each chat.

URLs carry only opaque ids and plain words (R1, R2). Imported names and text are always
rendered escaped (R31).
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, File, Form, HTTPException, Request, UploadFile
from starlette.responses import RedirectResponse, Response

from onward.errors import OnwardError
from onward.services import conversations, import_upload
from onward.services.import_upload import DateOrderQuestion
from onward.store.ids import is_id
from onward.web.deps import CSRF, VaultDep
from onward.web.forms import FieldsDep
from onward.web.templating import render

router = APIRouter(dependencies=[CSRF])
Text = Annotated[str, Form()]


def _check_id(value: str) -> str:
    if not is_id(value):
        raise HTTPException(status_code=404)
    return value


def _form(**extra: object) -> dict[str, object]:
    return {"formats": import_upload.formats(), "orders": import_upload.DATE_ORDERS, **extra}


@router.get("/import")
def import_form(request: Request, vault: VaultDep) -> Response:  # noqa: ARG001 (needs unlock)
    return render(request, "import.html", _form())


@router.post("/import")
def import_file(
    request: Request,
    vault: VaultDep,
    upload: Annotated[UploadFile, File()],
    fmt: Text = "",
    order: Text = "",
) -> Response:
    try:
        result = import_upload.import_stream(
            vault,
            upload.file,
            upload.filename or "export",
            fmt=fmt or None,
            date_order=import_upload.parse_date_order(order),
        )
    except DateOrderQuestion as exc:
        context = _form(question=True, examples=exc.examples, fmt=fmt)
        return render(request, "import.html", context, status=400)
    except OnwardError as exc:
        context = _form(error=exc.user_message, hint=exc.hint, fmt=fmt)
        return render(request, "import.html", context, status=400)
    suffix = "?again=1" if result.duplicate else ""
    return RedirectResponse(f"/import/{result.import_id}{suffix}", status_code=303)


@router.get("/import/{import_id}")
def import_done(request: Request, vault: VaultDep, import_id: str) -> Response:
    page = import_upload.import_page(vault, _check_id(import_id))
    again = request.query_params.get("again") == "1"
    return render(request, "import_done.html", {"page": page, "again": again})


@router.get("/chats")
def chat_list(request: Request, vault: VaultDep) -> Response:
    return render(request, "chats.html", {"chats": conversations.list_chats(vault)})


@router.get("/chats/{item_id}")
def chat_page(request: Request, vault: VaultDep, item_id: str) -> Response:
    chat = conversations.get_chat(vault, _check_id(item_id))
    saved = request.query_params.get("saved") == "1"
    return render(request, "chat.html", {"chat": chat, "saved": saved})


@router.post("/chats/{item_id}")
def chat_roles(request: Request, vault: VaultDep, item_id: str, fields: FieldsDep) -> Response:
    chat = conversations.get_chat(vault, _check_id(item_id))
    chosen = {p.name: (fields.get(f"role{i}") or [""])[0] for i, p in enumerate(chat.participants)}
    try:
        conversations.set_roles_from_choices(vault, chat.item_id, chosen)
    except OnwardError as exc:
        context = {"chat": chat, "error": exc.user_message, "hint": exc.hint}
        return render(request, "chat.html", context, status=400)
    return RedirectResponse(f"/chats/{chat.item_id}?saved=1", status_code=303)
