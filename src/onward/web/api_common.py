"""What every part of the JSON API shares: the prefix, the one error shape, the
documented error answers and the session dependencies (docs/hosting.md §4).

Every call works on the vault of the session, never on an id from the request alone,
so another account's object is a 404 (R37).
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Request, Security
from fastapi.security import APIKeyCookie
from pydantic import BaseModel

from onward.services.accounts import Account
from onward.services.vault import Vault
from onward.web import security
from onward.web.deps import CSRF
from onward.web.hosted import HostedSessions

PREFIX = "/api/v1"


class ErrorDetail(BaseModel):
    message: str
    hint: str | None = None


class ErrorOut(BaseModel):
    """The one error shape of the API."""

    error: ErrorDetail


# Every answer an operation can give is in the document (schemathesis checks it).
ERRORS: dict[int | str, dict[str, Any]] = {
    400: {
        "model": ErrorOut,
        "description": "Well formed, but it cannot be done; the answer says why.",
    },
    401: {"model": ErrorOut, "description": "Not signed in, or the session has ended."},
    403: {"model": ErrorOut, "description": "A changing request without the CSRF header."},
    404: {"model": ErrorOut, "description": "No such object in this account."},
    422: {"model": ErrorOut, "description": "The request does not fit this operation."},
    429: {"model": ErrorOut, "description": "Too many tries; wait as Retry-After says."},
}


def new_router() -> APIRouter:
    """A router under ``PREFIX`` with the CSRF check and the documented error answers."""
    return APIRouter(prefix=PREFIX, dependencies=[CSRF], responses=ERRORS)


def session_token(request: Request) -> str | None:
    return request.cookies.get(security.SESSION_COOKIE)


# Declares the session cookie as the API's security scheme in the OpenAPI document.
SessionCookie = APIKeyCookie(name=security.SESSION_COOKIE, auto_error=False)


def api_account(
    request: Request, _cookie: Annotated[str | None, Security(SessionCookie)]
) -> Account:
    sessions: HostedSessions = request.app.state.sessions
    account = sessions.account_for(session_token(request))
    if account is None:
        raise HTTPException(status_code=401)
    return account


def api_vault(request: Request, account: Annotated[Account, Depends(api_account)]) -> Vault:  # noqa: ARG001
    vault = request.app.state.sessions.vault_for(session_token(request))
    if vault is None:
        raise HTTPException(status_code=401)
    result: Vault = vault
    return result


AccountDep = Annotated[Account, Depends(api_account)]
ApiVault = Annotated[Vault, Depends(api_vault)]
