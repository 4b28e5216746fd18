"""The JSON API under ``/api/v1`` (hosted mode only; docs/hosting.md §4).

Same session cookie, same CSRF header (``x-csrf-token``) and same authorisation as
the pages: every call works on the vault of the session, never on an id from the
request alone, so another account's object is a 404 (R37). Errors have one shape:
``{"error": {"message": ..., "hint": ...}}`` (``api_common``). Imported messages and
their flags are in ``api_messages``.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Annotated, Any

from fastapi import FastAPI, HTTPException, Query, Request
from fastapi.openapi.utils import get_openapi
from pydantic import BaseModel, Field
from starlette.responses import JSONResponse, Response

from onward.config import Settings
from onward.errors import TooManyAttemptsError
from onward.services import accounts, hosted_sessions, journal, sharing
from onward.services.accounts import Account
from onward.web import api_messages
from onward.web.api_common import PREFIX, AccountDep, ApiVault, new_router
from onward.web.api_common import session_token as _token
from onward.web.deps import SettingsDep
from onward.web.hosted import client_address

router = new_router()


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


# Positions are ``items.seq``, a PostgreSQL ``integer`` (still 32-bit: migration 0011 says
# why); anything outside is a 422, not a database error (found by schemathesis).
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


# --- sharing (R44): the same operations and authorisation as /shares and /shared -----


class AccessOut(BaseModel):
    at: datetime
    what: str


class ShareOut(BaseModel):
    id: str
    label: str
    advocate_code: str
    created: datetime
    expires: datetime
    revoked: bool
    live: bool
    state: str  # "pending", "accepted" or "declined" by the advocate
    reference: str  # what the advocate sees instead of the label
    accesses: list[AccessOut]


class ShareIn(BaseModel):
    advocate_code: str = Field(min_length=1, max_length=80)
    label: str = Field(default="", max_length=sharing.MAX_LABEL)
    note: str = Field(default="", max_length=sharing.MAX_NOTE)
    days: int = Field(default=7, ge=1, le=sharing.MAX_DAYS)
    plan: bool = False
    report: bool = False
    entries: list[str] = Field(default_factory=list, max_length=1000)


class IncomingOut(BaseModel):
    id: str
    reference: str
    created: datetime
    expires: datetime
    state: str  # "pending" (accept or decline it first) or "accepted"


class SharedList(BaseModel):
    advocate_code: str
    shares: list[IncomingOut]


class EntryShared(BaseModel):
    entry: str
    version: int
    occurred_at: str | None
    recorded_at: str | None
    channel: str | None
    what: str
    where: str | None = None
    sha256: str


class PacketOut(BaseModel):
    id: str
    shared: str
    note: str
    plan: str | None
    entries: list[EntryShared]
    has_report: bool
    report_sha256: str | None


def _role(account: Account, role: str) -> None:
    if account.role != role:
        raise HTTPException(status_code=404)


def _share_out(s: sharing.ShareSummary, now: datetime) -> ShareOut:
    return ShareOut(
        id=s.id,
        label=s.label,
        advocate_code=s.recipient,
        created=s.created,
        expires=s.expires,
        revoked=s.revoked,
        live=s.live(now),
        state=s.state,
        reference=s.reference,
        accesses=[AccessOut(at=a.at, what=a.what) for a in s.accesses],
    )


@router.get("/shares")
def list_shares(settings: SettingsDep, account: AccountDep, vault: ApiVault) -> list[ShareOut]:
    _role(account, "client")
    now = datetime.now(UTC)
    return [_share_out(s, now) for s in sharing.list_shares(settings, vault=vault, now=now)]


@router.post("/shares", status_code=201)
def create_share(
    settings: SettingsDep, account: AccountDep, vault: ApiVault, body: ShareIn
) -> ShareOut:
    _role(account, "client")
    now = datetime.now(UTC)
    packet = sharing.build_packet(
        vault, plan=body.plan, report=body.report, entry_ids=body.entries, note=body.note, now=now
    )
    share_id = sharing.create_share(
        settings,
        vault=vault,
        advocate_code=body.advocate_code,
        label=body.label,
        packet=packet,
        until=now + timedelta(days=body.days),
        now=now,
    )
    return _share_out(sharing.get_share(settings, vault=vault, share_id=share_id, now=now), now)


@router.post("/shares/{share_id}/revoke")
def revoke_share(
    settings: SettingsDep, account: AccountDep, vault: ApiVault, share_id: str
) -> ShareOut:
    _role(account, "client")
    sharing.revoke_share(settings, vault=vault, share_id=share_id)
    now = datetime.now(UTC)
    return _share_out(sharing.get_share(settings, vault=vault, share_id=share_id, now=now), now)


@router.get("/shared")
def shared_with_me(settings: SettingsDep, account: AccountDep, vault: ApiVault) -> SharedList:
    _role(account, "advocate")
    sharing.ensure_advocate_keys(settings, account=account, vault=vault)
    found = sharing.shared_with(settings, account=account)
    return SharedList(
        advocate_code=sharing.advocate_code(account),
        shares=[
            IncomingOut(
                id=s.id, reference=s.reference, created=s.created, expires=s.expires, state=s.state
            )
            for s in found
        ],
    )


def _incoming(settings: Settings, account: Account, share_id: str) -> IncomingOut:
    for s in sharing.shared_with(settings, account=account):
        if s.id == share_id:
            return IncomingOut(
                id=s.id, reference=s.reference, created=s.created, expires=s.expires, state=s.state
            )
    raise HTTPException(status_code=404)


@router.post("/shared/{share_id}/accept")
def accept_shared(settings: SettingsDep, account: AccountDep, share_id: str) -> IncomingOut:
    _role(account, "advocate")
    sharing.accept_share(settings, account=account, share_id=share_id)
    return _incoming(settings, account, share_id)


@router.post("/shared/{share_id}/decline", status_code=204)
def decline_shared(settings: SettingsDep, account: AccountDep, share_id: str) -> Response:
    _role(account, "advocate")
    sharing.decline_share(settings, account=account, share_id=share_id)
    return Response(status_code=204)


@router.get("/shared/{share_id}")
def open_shared(
    settings: SettingsDep, account: AccountDep, vault: ApiVault, share_id: str
) -> PacketOut:
    _role(account, "advocate")
    packet = sharing.open_share(settings, account=account, vault=vault, share_id=share_id)
    return PacketOut(
        id=share_id,
        shared=str(packet.get("shared", "")),
        note=str(packet.get("note", "")),
        plan=packet.get("plan"),
        entries=[EntryShared(**e) for e in packet.get("entries", [])],
        has_report=bool(packet.get("report")),
        report_sha256=packet.get("report_sha256"),
    )


@router.get("/shared/{share_id}/report", response_class=Response)
def shared_report(
    settings: SettingsDep, account: AccountDep, vault: ApiVault, share_id: str
) -> Response:
    _role(account, "advocate")
    packet = sharing.open_share(
        settings, account=account, vault=vault, share_id=share_id, what="report"
    )
    pdf = sharing.report_pdf(packet)
    if pdf is None:  # open_share already refuses a packet without a report
        raise HTTPException(status_code=404)
    return Response(pdf, media_type="application/pdf")


# --- passphrase change and recovery --------------------------------------------------


class PassphraseIn(BaseModel):
    old: str = Field(min_length=1, max_length=1024)
    new: str = Field(min_length=1, max_length=1024)


class PassphraseOut(BaseModel):
    other_sessions_ended: int


class RecoverIn(BaseModel):
    name: str = Field(min_length=1, max_length=200)
    recovery_key: str = Field(min_length=1, max_length=200)
    new_passphrase: str = Field(min_length=1, max_length=1024)


def _throttled(exc: TooManyAttemptsError) -> JSONResponse:
    return JSONResponse(
        {"error": {"message": exc.user_message, "hint": exc.hint}},
        status_code=429,
        headers={"Retry-After": str(int(exc.retry_after_s) + 1)},
    )


@router.post("/passphrase", response_model=PassphraseOut)
def change_passphrase(
    request: Request, settings: SettingsDep, account: AccountDep, body: PassphraseIn
) -> Response:
    """Re-wrap the key under a new passphrase; every other session ends (R15, R17)."""
    try:
        ended = accounts.change_passphrase(
            settings, account=account, old=body.old, new=body.new, token=_token(request) or ""
        )
    except TooManyAttemptsError as exc:
        return _throttled(exc)
    return JSONResponse(PassphraseOut(other_sessions_ended=ended).model_dump())


@router.post("/recover", status_code=204, response_class=Response)
def recover(request: Request, settings: SettingsDep, body: RecoverIn) -> Response:
    """A new passphrase with the recovery key. No session is started: sign in after.
    Unknown names get the same answer as a wrong key (R16); throttled like login."""
    try:
        _account, dek = accounts.recover_account(
            settings,
            name=body.name,
            recovery_key=body.recovery_key,
            new_passphrase=body.new_passphrase,
            address=client_address(request, settings),
        )
    except TooManyAttemptsError as exc:
        return _throttled(exc)
    dek.wipe()
    return Response(status_code=204)


def install(app: FastAPI) -> None:
    """Add the API and its OpenAPI document (only the API's own routes)."""
    routers = (router, api_messages.router)
    for each in routers:
        app.include_router(each)
    schema: dict[str, Any] = get_openapi(
        title="Onward API", version="1", routes=[r for each in routers for r in each.routes]
    )

    async def openapi(request: Request) -> Response:  # noqa: ARG001
        return JSONResponse(schema)

    app.add_route(PREFIX + "/openapi.json", openapi, methods=["GET"], include_in_schema=False)
