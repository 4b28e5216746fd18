"""Import a chat export, see what it brought in, and say who is who in each chat.

URLs carry only opaque ids and plain words (R1, R2). Imported names and text are always
rendered escaped (R31).
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, File, Form, HTTPException, Request, UploadFile
from starlette.responses import RedirectResponse, Response

from onward.config import Settings
from onward.errors import OnwardError
from onward.services import conversations, import_jobs, import_upload
from onward.services.import_upload import DateOrderQuestion
from onward.services.vault import Vault
from onward.store.ids import is_id
from onward.web import security
from onward.web.deps import CSRF, SettingsDep, VaultDep
from onward.web.forms import FieldsDep
from onward.web.routes import second_check
from onward.web.templating import render

router = APIRouter(dependencies=[CSRF])
Text = Annotated[str, Form()]


def _check_id(value: str) -> str:
    if not is_id(value):
        raise HTTPException(status_code=404)
    return value


def _form(**extra: object) -> dict[str, object]:
    return {"formats": import_upload.format_choices(), "orders": import_upload.DATE_ORDERS, **extra}


@router.get("/import")
def import_form(request: Request, vault: VaultDep) -> Response:  # noqa: ARG001 (needs unlock)
    return render(request, "import.html", _form(question=request.query_params.get("ask") == "1"))


def _enqueue(
    request: Request, settings: Settings, vault: Vault, upload: UploadFile, fmt: str, order: str
) -> Response:
    """Hosted mode: save the upload encrypted, queue it, show its progress page."""
    account = request.app.state.sessions.account_for(request.cookies.get(security.SESSION_COOKIE))
    if account is None:
        raise HTTPException(status_code=401)
    try:
        job_id = import_jobs.enqueue(
            settings,
            vault,
            account,
            upload.file,
            upload.filename or "export",
            fmt=fmt or None,
            date_order=import_upload.parse_date_order(order),
        )
    except OnwardError as exc:
        context = _form(error=exc.user_message, hint=exc.hint, fmt=fmt)
        return render(request, "import.html", context, status=400)
    return RedirectResponse(f"/job/{job_id}", status_code=303)


@router.get("/job/{job_id}")
def job_page(request: Request, vault: VaultDep, job_id: str) -> Response:
    job = import_jobs.job_view(vault, _check_id(job_id))
    return render(request, "import_job.html", {"job": job})


@router.post("/job/{job_id}/stop")
def job_stop(request: Request, vault: VaultDep, job_id: str) -> Response:
    """Stop a queued or running import (docs/hosting.md §1.9); nothing of it is kept."""
    outcome = import_jobs.cancel(vault, _check_id(job_id))
    if outcome == "finished":
        job = import_jobs.job_view(vault, job_id)
        return render(request, "import_job.html", {"job": job, "already": True})
    return RedirectResponse(f"/job/{job_id}", status_code=303)


@router.get("/job/{job_id}/status")
def job_status(request: Request, vault: VaultDep, job_id: str) -> Response:
    """The polled fragment; when the import is done, htmx follows HX-Redirect to its result."""
    job = import_jobs.job_view(vault, _check_id(job_id))
    response = render(request, "_import_job.html", {"job": job})
    if job.state == "done" and job.import_id and request.headers.get("hx-request"):
        suffix = "?again=1" if job.duplicate else ""
        response.headers["HX-Redirect"] = f"/import/{job.import_id}{suffix}"
    return response


@router.post("/import")
def import_file(
    request: Request,
    vault: VaultDep,
    upload: Annotated[UploadFile, File()],
    settings: SettingsDep,
    fmt: Text = "",
    order: Text = "",
) -> Response:
    if settings.hosted:  # large exports run in the import worker (docs/hosting.md §1.9)
        return _enqueue(request, settings, vault, upload, fmt, order)
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
    second_check.kick(request, vault)
    suffix = "?again=1" if result.duplicate else ""
    return RedirectResponse(f"/import/{result.import_id}{suffix}", status_code=303)


@router.get("/import/{import_id}")
def import_done(request: Request, vault: VaultDep, import_id: str) -> Response:
    page = import_upload.import_page(vault, _check_id(import_id))
    again = request.query_params.get("again") == "1"
    context = {"page": page, "again": again, "second_check": second_check.left(request, vault)}
    return render(request, "import_done.html", context)


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
    second_check.kick(request, vault)
    return RedirectResponse(f"/chats/{chat.item_id}?saved=1", status_code=303)
