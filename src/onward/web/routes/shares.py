"""Hosted mode: sharing with an advocate (security.md R44, docs/hosting.md §1.7).

``/shares`` is the client's page: what she has shared, with whom, until when, every
time it was opened, and a revoke button. ``/shared`` is the advocate's list, where
she accepts or declines a new share (R45), and ``/shared/{share_id}`` her read-only
view of an accepted one (the report as a download). Another account's share, a
pending, declined, revoked or expired one all answer 404 (R37).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Annotated

from fastapi import APIRouter, Form, HTTPException, Request
from starlette.responses import RedirectResponse, Response

from onward.errors import OnwardError
from onward.i18n import gettext as _
from onward.services import plans_store, sharing
from onward.services.accounts import Account
from onward.services.vault import Vault
from onward.web import security
from onward.web.deps import CSRF, NeedsUnlock, SettingsDep
from onward.web.hosted import HostedSessions
from onward.web.templating import render

router = APIRouter(dependencies=[CSRF])
Text = Annotated[str, Form()]
Picks = Annotated[list[str] | None, Form()]
DAY_CHOICES = (1, 7, 14, 30, 90)
PREVIEW_CHARS = 80


def signed_in(request: Request, role: str) -> tuple[Account, Vault]:
    """The account and vault of this request; 404 for another role (the page is not
    theirs), a redirect to sign in when there is no session."""
    sessions: HostedSessions = request.app.state.sessions
    token = request.cookies.get(security.SESSION_COOKIE)
    account = sessions.account_for(token)
    vault = sessions.vault_for(token)
    if account is None or vault is None:
        raise NeedsUnlock()  # answered with a redirect to sign in
    if account.role != role:
        raise HTTPException(status_code=404)
    return account, vault


def _preview(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= PREVIEW_CHARS else text[: PREVIEW_CHARS - 1] + "…"


def _client_page(
    request: Request,
    settings: SettingsDep,
    vault: Vault,
    *,
    status: int = 200,
    **extra: object,
) -> Response:
    now = datetime.now(UTC)
    entries = [
        {
            "id": e.entry_id,
            "when": e.latest.occurred_at.strftime("%Y-%m-%d"),
            "preview": _preview(str(e.latest.data.get("what", ""))),
        }
        for e in sharing.shareable_entries(vault)
    ]
    context: dict[str, object] = {
        "shares": sharing.list_shares(settings, vault=vault, now=now),
        "now": now,
        "entries": entries,
        "has_plan": plans_store.load_plan(vault, plans_store.SAFETY) is not None,
        "days": DAY_CHOICES,
        "form": {},
    }
    context.update(extra)
    return render(request, "shares.html", context, status)


@router.get("/shares")
def shares_page(request: Request, settings: SettingsDep) -> Response:
    vault = signed_in(request, "client")[1]
    return _client_page(request, settings, vault)


@router.post("/shares")
def create(
    request: Request,
    settings: SettingsDep,
    advocate: Text = "",
    label: Text = "",
    note: Text = "",
    days: Text = "7",
    plan: Text = "",
    report: Text = "",
    entries: Picks = None,
) -> Response:
    vault = signed_in(request, "client")[1]
    form = {"advocate": advocate, "label": label, "note": note, "days": days}
    now = datetime.now(UTC)
    try:
        length = int(days)
        if length not in DAY_CHOICES:
            raise ValueError
    except ValueError:
        return _client_page(
            request,
            settings,
            vault,
            status=400,
            form=form,
            error=_("Choose how long the share should last."),
        )
    try:
        packet = sharing.build_packet(
            vault, plan=plan == "1", report=report == "1", entry_ids=entries or [], note=note
        )
        sharing.create_share(
            settings,
            vault=vault,
            advocate_code=advocate,
            label=label,
            packet=packet,
            until=now + timedelta(days=length),
            now=now,
        )
    except OnwardError as exc:
        return _client_page(
            request, settings, vault, status=400, form=form, error=exc.user_message, hint=exc.hint
        )
    return RedirectResponse("/shares", status_code=303)


@router.post("/shares/{share_id}/revoke")
def revoke(request: Request, settings: SettingsDep, share_id: str) -> Response:
    vault = signed_in(request, "client")[1]
    sharing.revoke_share(settings, vault=vault, share_id=share_id)
    return RedirectResponse("/shares", status_code=303)


@router.get("/shared")
def shared_page(request: Request, settings: SettingsDep) -> Response:
    account, vault = signed_in(request, "advocate")
    sharing.ensure_advocate_keys(settings, account=account, vault=vault)
    return render(
        request,
        "shared.html",
        {
            "code": sharing.advocate_code(account),
            "shares": sharing.shared_with(settings, account=account),
        },
    )


@router.post("/shared/{share_id}/accept")
def accept(request: Request, settings: SettingsDep, share_id: str) -> Response:
    account = signed_in(request, "advocate")[0]
    sharing.accept_share(settings, account=account, share_id=share_id)
    return RedirectResponse("/shared", status_code=303)


@router.post("/shared/{share_id}/decline")
def decline(request: Request, settings: SettingsDep, share_id: str) -> Response:
    account = signed_in(request, "advocate")[0]
    sharing.decline_share(settings, account=account, share_id=share_id)
    return RedirectResponse("/shared", status_code=303)


@router.get("/shared/{share_id}")
def shared_item(request: Request, settings: SettingsDep, share_id: str) -> Response:
    account, vault = signed_in(request, "advocate")
    packet = sharing.open_share(settings, account=account, vault=vault, share_id=share_id)
    return render(
        request,
        "shared_item.html",
        {"share_id": share_id, "packet": packet, "has_report": bool(packet.get("report"))},
    )


@router.get("/shared/{share_id}/report")
def shared_report(request: Request, settings: SettingsDep, share_id: str) -> Response:
    account, vault = signed_in(request, "advocate")
    packet = sharing.open_share(
        settings, account=account, vault=vault, share_id=share_id, what="report"
    )
    pdf = sharing.report_pdf(packet)
    if pdf is None:
        raise HTTPException(status_code=404)
    stamp = datetime.now(UTC).strftime("%Y-%m-%d")
    headers = {"Content-Disposition": f'attachment; filename="report-{stamp}.pdf"'}
    return Response(pdf, media_type="application/pdf", headers=headers)
