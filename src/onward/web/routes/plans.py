"""The plans: telling them (/plan/talk), boundaries (/plan/limits), staying safe (/plan/care).

``?print=1`` shows a plan as print-ready text; ``/plan/care?print=card`` the emergency card.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastapi import APIRouter, Request
from starlette.responses import RedirectResponse, Response

from onward.errors import OnwardError
from onward.services import plan_pages, plans_store
from onward.services.fields import Fields
from onward.services.vault import Vault
from onward.web.deps import CSRF, VaultDep
from onward.web.forms import FieldsDep
from onward.web.templating import render

router = APIRouter(prefix="/plan", dependencies=[CSRF])
PRINT_NAMES = {"talk": plans_store.TALK, "limits": plans_store.LIMITS, "care": plans_store.SAFETY}


# Builds a plan page; with the fields of a refused save, it shows them again (nothing lost).
Build = Callable[[Vault, Fields | None], Any]


def _page(request: Request, vault: Vault, slug: str, build: Build) -> Response:
    wanted = request.query_params.get("print")
    if wanted:
        name = plans_store.CARD if slug == "care" and wanted == "card" else PRINT_NAMES[slug]
        return render(request, "plan_print.html", {"page": plan_pages.print_page(vault, name)})
    saved = request.query_params.get("saved") == "1"
    return render(request, f"plan_{slug}.html", {"page": build(vault, None), "saved": saved})


def _save(
    request: Request,
    vault: Vault,
    slug: str,
    fields: Fields,
    save: Callable[[Vault, Fields], object],
    build: Build,
) -> Response:
    try:
        save(vault, fields)
    except OnwardError as exc:
        context = {"page": build(vault, fields), "error": exc.user_message, "hint": exc.hint}
        return render(request, f"plan_{slug}.html", context, status=400)
    return RedirectResponse(f"/plan/{slug}?saved=1", status_code=303)


@router.get("")
def overview(request: Request, vault: VaultDep) -> Response:
    shared, cards = plan_pages.overview(vault)
    return render(request, "plans.html", {"common": shared, "cards": cards})


@router.get("/talk")
def talk(request: Request, vault: VaultDep) -> Response:
    return _page(request, vault, "talk", plan_pages.talk_page)


@router.post("/talk")
def talk_save(request: Request, vault: VaultDep, fields: FieldsDep) -> Response:
    return _save(request, vault, "talk", fields, plan_pages.save_talk, plan_pages.talk_page)


@router.get("/limits")
def limits(request: Request, vault: VaultDep) -> Response:
    return _page(request, vault, "limits", plan_pages.limits_page)


@router.post("/limits")
def limits_save(request: Request, vault: VaultDep, fields: FieldsDep) -> Response:
    return _save(request, vault, "limits", fields, plan_pages.save_limits, plan_pages.limits_page)


@router.get("/care")
def care(request: Request, vault: VaultDep) -> Response:
    return _page(request, vault, "care", plan_pages.care_page)


@router.post("/care")
def care_save(request: Request, vault: VaultDep, fields: FieldsDep) -> Response:
    return _save(request, vault, "care", fields, plan_pages.save_care, plan_pages.care_page)
