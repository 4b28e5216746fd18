"""The decision aid: what matters to you, compared two at a time (/decide)."""

from __future__ import annotations

from fastapi import APIRouter, HTTPException, Request
from starlette.responses import RedirectResponse, Response

from onward.errors import OnwardError
from onward.services import decision_aid
from onward.services.fields import sent
from onward.store.ids import is_id
from onward.web.deps import CSRF, VaultDep
from onward.web.forms import FieldsDep
from onward.web.templating import render

router = APIRouter(prefix="/decide", dependencies=[CSRF])


def _check_id(item_id: str) -> str:
    if not is_id(item_id):
        raise HTTPException(status_code=404)
    return item_id


@router.get("")
def decide_form(request: Request, vault: VaultDep) -> Response:
    return render(request, "decide.html", {"page": decision_aid.decide_page(vault)})


@router.post("")
def decide_save(request: Request, vault: VaultDep, fields: FieldsDep) -> Response:
    try:
        saved = decision_aid.save_from_fields(vault, fields)
    except OnwardError as exc:
        context = {"page": decision_aid.decide_page(vault), "typed": sent(fields)}  # not lost
        context |= {"error": exc.user_message, "hint": exc.hint}
        return render(request, "decide.html", context, status=400)
    return RedirectResponse(f"/decide/{saved.id}", status_code=303)


@router.get("/{item_id}")
def decision(request: Request, vault: VaultDep, item_id: str) -> Response:
    saved = decision_aid.get_decision(vault, decision_id=_check_id(item_id))
    context = {"saved": saved, "aid": decision_aid.aid(), "titles": decision_aid.titles()}
    return render(request, "decision.html", context)


@router.post("/{item_id}")
def sure_after(vault: VaultDep, item_id: str, fields: FieldsDep) -> Response:
    decision_aid.save_sure_after(vault, decision_id=_check_id(item_id), fields=fields)
    return RedirectResponse(f"/decide/{item_id}", status_code=303)
