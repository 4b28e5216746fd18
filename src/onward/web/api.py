"""The JSON API under ``/api/v1`` (hosted mode only; docs/hosting.md §4).

Same session cookie, same CSRF header (``x-csrf-token``) and same authorisation as
the pages: every call works on the vault of the session, never on an id from the
request alone, so another account's object is a 404 (R37). Errors have one shape:
``{"error": {"message": ..., "hint": ...}}``.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, FastAPI, HTTPException, Query, Request, Security
from fastapi.openapi.utils import get_openapi
from fastapi.security import APIKeyCookie
from pydantic import BaseModel, Field
from starlette.responses import JSONResponse, Response

from onward.services import hosted_sessions, journal
from onward.services.accounts import Account
from onward.services.vault import Vault
from onward.web import security
from onward.web.deps import CSRF, SettingsDep
from onward.web.hosted import HostedSessions

PREFIX = "/api/v1"


class ErrorDetail(BaseModel):
    message: str
    hint: str | None = None


class ErrorOut(BaseModel):
    """The one error shape of the API."""

    error: ErrorDetail


# Every answer an operation can give is in the document (schemathesis checks it).
_ERRORS: dict[int | str, dict[str, Any]] = {
    401: {"model": ErrorOut, "description": "Not signed in, or the session has ended."},
    403: {"model": ErrorOut, "description": "A changing request without the CSRF header."},
    404: {"model": ErrorOut, "description": "No such object in this account."},
    422: {"model": ErrorOut, "description": "The request does not fit this operation."},
}
router = APIRouter(prefix=PREFIX, dependencies=[CSRF], responses=_ERRORS)


def _token(request: Request) -> str | None:
    return request.cookies.get(security.SESSION_COOKIE)


# Declares the session cookie as the API's security scheme in the OpenAPI document.
SessionCookie = APIKeyCookie(name=security.SESSION_COOKIE, auto_error=False)


def api_account(
    request: Request, _cookie: Annotated[str | None, Security(SessionCookie)]
) -> Account:
    sessions: HostedSessions = request.app.state.sessions
    account = sessions.account_for(_token(request))
    if account is None:
        raise HTTPException(status_code=401)
    return account


def api_vault(request: Request, account: Annotated[Account, Depends(api_account)]) -> Vault:  # noqa: ARG001
    vault = request.app.state.sessions.vault_for(_token(request))
    if vault is None:
        raise HTTPException(status_code=401)
    result: Vault = vault
    return result


AccountDep = Annotated[Account, Depends(api_account)]
ApiVault = Annotated[Vault, Depends(api_vault)]


class Me(BaseModel):
    id: str
    role: str


class SessionOut(BaseModel):
    handle: str
    agent: str
    created: datetime
    last_seen: datetime
    current: bool


class EntryIn(BaseModel):
    text: str = Field(min_length=1, max_length=100_000)


class EntryOut(BaseModel):
    id: str
    text: str
    created_at: datetime
    updated_at: datetime | None


class EntryList(BaseModel):
    entries: list[EntryOut]
    next_before: int | None
    total: int


def _entry(e: journal.Entry) -> EntryOut:
    return EntryOut(id=e.id, text=e.text, created_at=e.created_at, updated_at=e.updated_at)


@router.get("/me")
def me(account: AccountDep) -> Me:
    return Me(id=account.id, role=account.role)


@router.get("/sessions")
def sessions(request: Request, settings: SettingsDep, account: AccountDep) -> list[SessionOut]:
    views = hosted_sessions.list_sessions(settings, account=account, token=_token(request) or "")
    return [SessionOut(**{k: getattr(v, k) for k in SessionOut.model_fields}) for v in views]


# Positions are PostgreSQL ``integer`` sequence numbers; anything outside is a 422, not a
# database error (found by schemathesis).
Position = Annotated[int | None, Query(ge=1, le=2**31 - 1)]


@router.get("/entries")
def list_entries(vault: ApiVault, before: Position = None) -> EntryList:
    page = journal.list_entries(vault, before=before)
    return EntryList(
        entries=[_entry(e) for e in page.entries], next_before=page.next_before, total=page.total
    )


@router.post("/entries", status_code=201)
def create_entry(vault: ApiVault, body: EntryIn) -> EntryOut:
    return _entry(journal.add_entry(vault, text=body.text))


@router.get("/entries/{entry_id}")
def get_entry(vault: ApiVault, entry_id: str) -> EntryOut:
    return _entry(journal.get_entry(vault, entry_id=entry_id))


def install(app: FastAPI) -> None:
    """Add the API and its OpenAPI document (only the API's own routes)."""
    app.include_router(router)
    schema: dict[str, Any] = get_openapi(
        title="Onward API", version="1", routes=list(router.routes)
    )

    async def openapi(request: Request) -> Response:  # noqa: ARG001
        return JSONResponse(schema)

    app.add_route(PREFIX + "/openapi.json", openapi, methods=["GET"], include_in_schema=False)
