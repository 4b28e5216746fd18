"""The recovery space: daily check-in, questionnaires, trends, self-care and journal prompts.

It also puts ``due_reminders(request)`` into the templates (the home page's ``_due.html``
calls it), so what is due shows inside the app; nothing is sent anywhere.
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from dataclasses import replace
from typing import Annotated

from fastapi import APIRouter, Depends, FastAPI, Form, Request
from starlette.responses import RedirectResponse, Response

from onward.errors import OnwardError
from onward.services import measures_log, recovery_log, reminders, trends
from onward.services.tracks_common import local_today
from onward.web import security
from onward.web.deps import CSRF, VaultDep
from onward.web.routes.track_links import page as render

Text = Annotated[str, Form()]
Many = Annotated[list[str] | None, Form()]


def due_for(request: Request) -> list[reminders.Reminder]:
    """What is due for the unlocked vault of this request (empty when locked)."""
    sessions = request.app.state.sessions
    vault = sessions.vault_for(request.cookies.get(security.SESSION_COOKIE))
    if vault is None:
        return []
    try:
        return reminders.due_items(vault, local_today())
    except OnwardError:
        return []


@contextlib.asynccontextmanager
async def _install(app: FastAPI) -> AsyncIterator[None]:
    app.state.templates.env.globals["due_reminders"] = due_for
    yield


router = APIRouter(dependencies=[CSRF], lifespan=_install)


@router.get("/today")
def today(request: Request, vault: VaultDep) -> Response:
    view = recovery_log.load_today(vault, today=local_today())
    return render(request, "today.html", {"view": view})


@router.post("/today")
def checkin(
    request: Request,
    vault: VaultDep,
    mood: Text = "",
    urge: Text = "0",
    sleep: Text = "",
    note: Text = "",
) -> Response:
    try:
        recovery_log.save_checkin_form(
            vault, day=local_today(), mood=mood, urge=urge, sleep=sleep, note=note
        )
    except OnwardError as exc:
        view = recovery_log.load_today(vault, today=local_today())
        typed = {"urge": urge, "sleep": sleep, "note": note}  # shown again, not lost
        context = {"view": view, "error": exc.user_message, "hint": exc.hint, "typed": typed}
        return render(request, "today.html", context, status=400)
    return RedirectResponse("/today?saved=1#prompts", status_code=303)


@router.get("/measure")
def measures(request: Request, vault: VaultDep) -> Response:
    view = measures_log.overview(vault, today=local_today())
    return render(request, "measures.html", {"view": view})


@router.post("/measure")
def measures_opt(vault: VaultDep, opted: Many = None) -> Response:
    measures_log.set_opted_in(vault, names=opted or [])
    return RedirectResponse("/measure?saved=1", status_code=303)


@router.get("/measure/{name}")
def measure_form(request: Request, vault: VaultDep, name: str) -> Response:  # noqa: ARG001
    return render(request, "measure.html", {"measure": measures_log.measure(name), "given": {}})


async def _answers(request: Request) -> dict[str, str]:
    """The questionnaire's fields: q1..qN (one radio group per question) and difficulty."""
    form = await request.form()
    return {k: str(v) for k, v in form.items() if k.startswith("q") or k == "difficulty"}


@router.post("/measure/{name}")
def measure_take(
    request: Request,
    vault: VaultDep,
    name: str,
    given: Annotated[dict[str, str], Depends(_answers)],
) -> Response:
    try:
        outcome = measures_log.take_form(vault, name=name, form=given, today=local_today())
    except OnwardError as exc:
        context = {"measure": measures_log.measure(name), "given": given}
        context |= {"error": exc.user_message, "hint": exc.hint}
        return render(request, "measure.html", context, status=400)
    return render(request, "measure_result.html", {"outcome": outcome})


@router.get("/trends")
def trends_page(request: Request, vault: VaultDep) -> Response:
    view = trends.load_trends(vault, today=local_today())
    return render(request, "trends.html", {"view": view})


@router.get("/care")
def care(request: Request, vault: VaultDep) -> Response:
    view = recovery_log.load_care(vault, today=local_today())
    return render(request, "care.html", {"view": view, "kinds": recovery_log.activity_kinds()})


@router.post("/care")
def care_save(
    request: Request,
    vault: VaultDep,
    calm: Text = "",
    people: Text = "",
    needs: Text = "",
    new: Text = "",
    alone: Text = "",
) -> Response:
    typed = {"calm": calm, "people": people, "needs": needs, "new": new, "alone": alone}
    try:
        recovery_log.save_care_plan(vault, **typed)
    except OnwardError as exc:
        view = recovery_log.load_care(vault, today=local_today())
        view = replace(view, plan={f: tuple(text.splitlines()) for f, text in typed.items()})
        context = {"view": view, "kinds": recovery_log.activity_kinds()}
        context |= {"error": exc.user_message, "hint": exc.hint}
        return render(request, "care.html", context, status=400)
    return RedirectResponse("/care?saved=1", status_code=303)


@router.post("/care/log")
def care_log(request: Request, vault: VaultDep, kind: Text = "", text: Text = "") -> Response:
    try:
        recovery_log.log_activity(vault, day=local_today(), kind=kind, text=text)
    except OnwardError as exc:
        view = recovery_log.load_care(vault, today=local_today())
        context = {"view": view, "kinds": recovery_log.activity_kinds()}
        context |= {"activity": {"kind": kind, "text": text}}  # shown again, not lost
        context |= {"error": exc.user_message, "hint": exc.hint}
        return render(request, "care.html", context, status=400)
    return RedirectResponse("/care?logged=1#log", status_code=303)


@router.get("/prompts")
def prompts(request: Request, vault: VaultDep) -> Response:
    return render(request, "prompts.html", {"prompts": recovery_log.journal_prompts(vault)})
