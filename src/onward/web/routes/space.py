"""No-contact pages: the counter and plan, slips, the urge pause, and the unsent box.

The pause works without JavaScript: the server shows the pause text and the buttons at
once. With JavaScript, ``static/pause.js`` adds a countdown and holds the buttons until the
pause is over.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, HTTPException, Request
from starlette.responses import RedirectResponse, Response

from onward.errors import OnwardError
from onward.services import nocontact_log
from onward.services.tracks_common import local_today, parse_day
from onward.services.vault import Vault
from onward.store.ids import is_id
from onward.web.deps import CSRF, VaultDep
from onward.web.routes.track_links import page as render

router = APIRouter(dependencies=[CSRF])
Text = Annotated[str, Form()]


def _id(item_id: str) -> str:
    if not is_id(item_id):
        raise HTTPException(status_code=404)
    return item_id


def _space(
    request: Request,
    vault: Vault,
    exc: OnwardError,
    form: dict[str, str] | None = None,
    slip: dict[str, str] | None = None,
) -> Response:
    """The page again with the error; ``form``: the plan as typed, ``slip``: the slip as
    typed, shown again (not lost)."""
    view = nocontact_log.load_space(vault, today=local_today())
    context = {"view": view, "today": local_today(), "error": exc.user_message, "hint": exc.hint}
    return render(request, "space.html", context | {"form": form, "slip": slip}, status=400)


@router.get("/space")
def space(request: Request, vault: VaultDep) -> Response:
    view = nocontact_log.load_space(vault, today=local_today())
    return render(request, "space.html", {"view": view, "today": local_today()})


@router.post("/space")
def save_plan(
    request: Request,
    vault: VaultDep,
    start: Text = "",
    why: Text = "",
    instead: Text = "",
    people: Text = "",
) -> Response:
    try:
        day = parse_day(start, field="Start") if start.strip() else local_today()
        nocontact_log.save_plan(
            vault, start=day, why=why, instead=instead, people=people, today=local_today()
        )
    except OnwardError as exc:
        form = {"start": start, "why": why, "instead": instead, "people": people}
        return _space(request, vault, exc, form)
    return RedirectResponse("/space?saved=1", status_code=303)


@router.post("/space/slip")
def slip(request: Request, vault: VaultDep, day: Text = "", trigger: Text = "") -> Response:
    try:
        when = parse_day(day, field="Day") if day.strip() else local_today()
        nocontact_log.log_slip(vault, day=when, trigger=trigger, today=local_today())
    except OnwardError as exc:
        return _space(request, vault, exc, slip={"day": day, "trigger": trigger})
    return RedirectResponse("/space?slip=1", status_code=303)


@router.get("/urge")
def urge_form(request: Request, vault: VaultDep) -> Response:
    return render(request, "urge.html", {"plan": nocontact_log.load_plan(vault)})


@router.post("/urge")
def urge_log(request: Request, vault: VaultDep, trigger: Text = "") -> Response:
    try:
        pause = nocontact_log.log_urge(vault, trigger=trigger)
    except OnwardError as exc:
        context = {"plan": None, "error": exc.user_message, "hint": exc.hint}
        return render(request, "urge.html", context, status=400)
    return RedirectResponse(f"/urge/{pause.urge.id}", status_code=303)


@router.get("/urge/{item_id}")
def urge_pause(request: Request, vault: VaultDep, item_id: str) -> Response:
    pause = nocontact_log.get_pause(vault, urge_id=_id(item_id))
    return render(request, "urge_pause.html", {"pause": pause})


@router.post("/urge/{item_id}/done")
def urge_done(vault: VaultDep, item_id: str, outcome: Text = "passed") -> Response:
    acted = outcome == "acted"
    nocontact_log.finish_urge(vault, urge_id=_id(item_id), acted=acted, today=local_today())
    return RedirectResponse("/space?acted=1" if acted else "/space?passed=1", status_code=303)


@router.get("/unsent")
def unsent(request: Request, vault: VaultDep) -> Response:
    return render(request, "unsent.html", {"kept": nocontact_log.unsent_messages(vault)})


@router.post("/unsent")
def unsent_done(request: Request, vault: VaultDep, text: Text = "", action: Text = "") -> Response:
    if action != "keep":
        # "Destroy at once": the text was only ever in this request; nothing is written.
        return RedirectResponse("/unsent?destroyed=1", status_code=303)
    try:
        nocontact_log.keep_unsent(vault, text=text)
    except OnwardError as exc:
        context = {"kept": nocontact_log.unsent_messages(vault), "error": exc.user_message}
        return render(request, "unsent.html", context | {"text": text}, status=400)
    return RedirectResponse("/unsent?kept=1", status_code=303)


@router.post("/unsent/{item_id}/burn")
def unsent_burn(vault: VaultDep, item_id: str) -> Response:
    nocontact_log.destroy_unsent(vault, message_id=_id(item_id))
    return RedirectResponse("/unsent?destroyed=1", status_code=303)
