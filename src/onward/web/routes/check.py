"""The safety questions (/check) and the relationship health check (/health)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from starlette.responses import RedirectResponse, Response

from onward.errors import OnwardError
from onward.services import health_check, screen_flow
from onward.services.fields import sent
from onward.web.deps import CSRF, VaultDep
from onward.web.forms import FieldsDep
from onward.web.templating import render

router = APIRouter(dependencies=[CSRF])


@router.get("/check")
def screen_form(request: Request, vault: VaultDep) -> Response:
    return render(request, "check.html", {"page": screen_flow.screen_page(vault)})


@router.post("/check")
def screen_save(request: Request, vault: VaultDep, fields: FieldsDep) -> Response:
    try:
        screen_flow.save_from_fields(vault, fields)
    except OnwardError as exc:
        context = {"page": screen_flow.screen_page(vault), "typed": sent(fields)}  # not lost
        context |= {"error": exc.user_message, "hint": exc.hint}
        return render(request, "check.html", context, status=400)
    return RedirectResponse("/check/result", status_code=303)


@router.get("/check/result")
def screen_result(request: Request, vault: VaultDep) -> Response:
    page = screen_flow.result_page(vault)
    if page is None:
        return RedirectResponse("/check", status_code=303)
    return render(request, "check_result.html", {"page": page})


@router.get("/health")
def health_form(request: Request, vault: VaultDep) -> Response:
    context = {"check": health_check.questions(), "history": health_check.health_history(vault)}
    return render(request, "health.html", context)


@router.post("/health")
def health_save(request: Request, vault: VaultDep, fields: FieldsDep) -> Response:
    try:
        health_check.save_from_fields(vault, fields)
    except OnwardError as exc:
        context = {"check": health_check.questions(), "history": [], "typed": sent(fields)}
        context |= {"error": exc.user_message, "hint": exc.hint}
        return render(request, "health.html", context, status=400)
    return RedirectResponse("/health/result", status_code=303)


@router.get("/health/result")
def health_result(request: Request, vault: VaultDep) -> Response:
    saved = health_check.latest_health(vault)
    if saved is None:
        return RedirectResponse("/health", status_code=303)
    return render(
        request, "health_result.html", {"saved": saved, "check": health_check.questions()}
    )
