"""The repair track pages: one honest talk, an apology, time apart, help, and the stop rules.

Every tool page shows the closed reason instead of the tool when the track is closed, with
the way on to letting go and to safety. Changes to a closed track go back to ``/mend``.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from dataclasses import replace
from typing import Annotated

from fastapi import APIRouter, Form, Request
from starlette.responses import PlainTextResponse, RedirectResponse, Response

from onward.errors import InvalidInputError, OnwardError
from onward.guide.repair import Apology
from onward.i18n import gettext as _
from onward.services import repair_track
from onward.services.repair_track import MendView, RepairClosedError, TalkNotes
from onward.services.tracks_common import local_today, parse_day
from onward.services.vault import Vault
from onward.web.deps import CSRF, VaultDep
from onward.web.routes.track_links import page as render

router = APIRouter(prefix="/mend", dependencies=[CSRF])
Text = Annotated[str, Form()]
BACK = "/mend"


def _tool(request: Request, view: MendView, template: str, **extra: object) -> Response:
    """The tool's page, or the closed page when a stop rule has closed the track."""
    if not view.status.open:
        return render(request, "mend_closed.html", {"view": view})
    return render(request, template, {"view": view, **extra})


def _redo(
    request: Request,
    vault: Vault,
    template: str,
    exc: OnwardError,
    typed: Callable[[MendView], MendView] | None = None,
    **extra: object,
) -> Response:
    """The tool's page again with the error; ``typed`` puts what was typed back in the form."""
    view = repair_track.load_track(vault, today=local_today())
    view = typed(view) if typed else view
    context = {"view": view, "error": exc.user_message, "hint": exc.hint, **extra}
    return render(request, template, context, status=400)


@router.get("")
def overview(request: Request, vault: VaultDep) -> Response:
    view = repair_track.load_track(vault, today=local_today())
    return render(request, "mend.html", {"view": view, "today": local_today()})


@router.get("/talk")
def talk_form(request: Request, vault: VaultDep) -> Response:
    return _tool(request, repair_track.load_track(vault, today=local_today()), "mend_talk.html")


@router.post("/talk")
def save_talk(
    request: Request, vault: VaultDep, my_questions: Text = "", partner_said: Text = ""
) -> Response:
    try:
        repair_track.save_talk(
            vault, my_questions=my_questions, partner_said=partner_said, today=local_today()
        )
    except RepairClosedError:
        return RedirectResponse(BACK, status_code=303)
    except OnwardError as exc:
        notes = TalkNotes(my_questions, partner_said)
        return _redo(request, vault, "mend_talk.html", exc, lambda v: replace(v, talk=notes))
    return RedirectResponse("/mend/talk?saved=1", status_code=303)


@router.get("/sorry")
def sorry_form(request: Request, vault: VaultDep) -> Response:
    return _tool(request, repair_track.load_track(vault, today=local_today()), "mend_sorry.html")


@router.post("/sorry")
def save_sorry(
    request: Request,
    vault: VaultDep,
    what_i_did: Text = "",
    its_effect: Text = "",
    what_i_will_do_differently: Text = "",
    ask: Text = "",
) -> Response:
    apology = Apology(what_i_did, its_effect, what_i_will_do_differently, ask)
    try:
        repair_track.save_apology(vault, apology, today=local_today())
    except RepairClosedError:
        return RedirectResponse(BACK, status_code=303)
    except OnwardError as exc:
        return _redo(
            request,
            vault,
            "mend_sorry.html",
            exc,
            lambda v: replace(v, apology=apology, apology_check=None),
        )
    return RedirectResponse("/mend/sorry?saved=1#check", status_code=303)


@router.get("/pause")
def pause_form(request: Request, vault: VaultDep) -> Response:
    view = repair_track.load_track(vault, today=local_today())
    return _tool(request, view, "mend_pause.html", today=local_today())


@router.post("/pause")
def save_pause(
    request: Request,
    vault: VaultDep,
    start: Text = "",
    days: Text = "",
    contact: Text = "none",
    contact_details: Text = "",
    my_part: Text = "",
    their_part: Text = "",
    my_name: Text = "",
    their_name: Text = "",
) -> Response:
    try:
        repair_track.save_agreement(
            vault,
            start=parse_day(start, field="Start") if start.strip() else local_today(),
            duration_days=_days(days),
            contact=contact,
            contact_details=contact_details,
            my_part=my_part,
            their_part=their_part,
            names=(my_name, their_name),
            today=local_today(),
        )
    except RepairClosedError:
        return RedirectResponse(BACK, status_code=303)
    except OnwardError as exc:
        form = {"start": start, "days": days, "contact": contact,
                "contact_details": contact_details, "my_part": my_part,
                "their_part": their_part, "my_name": my_name, "their_name": their_name}  # fmt: skip
        return _redo(request, vault, "mend_pause.html", exc, form=form, today=local_today())
    return RedirectResponse("/mend/pause?saved=1#agreement", status_code=303)


def _days(value: str) -> int:
    try:
        return int(value.strip())
    except ValueError:
        raise InvalidInputError(
            _("The time apart must be a whole number of days."), hint=_("For example, 30.")
        ) from None


@router.get("/print")
def print_view(request: Request, vault: VaultDep) -> Response:
    view = repair_track.load_track(vault, today=local_today())
    return render(request, "mend_print.html", {"view": view})


@router.get("/text")
def agreement_text(vault: VaultDep) -> Response:
    text = repair_track.agreement_text(vault)
    headers = {"Content-Disposition": 'attachment; filename="agreement.txt"'}
    return PlainTextResponse(text, headers=headers)


@router.post("/status")
def record(vault: VaultDep, event: Text = "") -> Response:
    with contextlib.suppress(RepairClosedError):  # closed already: /mend says why
        repair_track.record_event(vault, event=event, today=local_today())
    return RedirectResponse(BACK + "#next", status_code=303)


@router.get("/help")
def help_page(request: Request, vault: VaultDep) -> Response:
    view = repair_track.load_track(vault, today=local_today())
    extra = {
        "counselling_html": repair_track.counselling_html() if view.counselling_shown else "",
        "rebuilding_html": repair_track.rebuilding_html(),
    }
    return _tool(request, view, "mend_help.html", **extra)
