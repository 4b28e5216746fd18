"""The let-go pages: a calm goodbye, self-worth, and the check of one's own drafts."""

from __future__ import annotations

from dataclasses import replace
from typing import Annotated

from fastapi import APIRouter, Form, HTTPException, Request
from starlette.responses import RedirectResponse, Response

from onward.errors import OnwardError
from onward.guide.letgo import GoodbyeParts
from onward.services import drafts, letgo_track
from onward.services.letgo_track import Worth
from onward.store.ids import is_id
from onward.web.deps import CSRF, VaultDep
from onward.web.routes.track_links import page as render

router = APIRouter(dependencies=[CSRF])
Text = Annotated[str, Form()]


def _id(item_id: str) -> str:
    if not is_id(item_id):
        raise HTTPException(status_code=404)
    return item_id


@router.get("/goodbye")
def goodbye_form(request: Request, vault: VaultDep) -> Response:
    view = letgo_track.load_letgo(vault)
    return render(request, "goodbye.html", {"view": view, "parts": view.goodbye, "result": None})


@router.post("/goodbye")
def goodbye_check(
    request: Request,
    vault: VaultDep,
    feeling: Text = "",
    respect: Text = "",
    wish: Text = "",
    closing: Text = "",
    name: Text = "",
    action: Text = "check",
) -> Response:
    parts = GoodbyeParts(feeling, respect, wish, closing, name)
    try:
        result = letgo_track.compose_goodbye(vault, parts, keep=action == "keep")
    except OnwardError as exc:
        view = letgo_track.load_letgo(vault)
        context = {"view": view, "parts": parts, "result": None, "error": exc.user_message}
        return render(request, "goodbye.html", context, status=400)
    return render(
        request, "goodbye.html", {"view": result.view, "parts": result.parts, "result": result}
    )


@router.post("/goodbye/forget")
def goodbye_forget(vault: VaultDep) -> Response:
    letgo_track.forget_goodbye(vault)
    return RedirectResponse("/goodbye?forgotten=1", status_code=303)


@router.get("/worth")
def worth_form(request: Request, vault: VaultDep) -> Response:
    return render(request, "worth.html", {"view": letgo_track.load_letgo(vault)})


@router.post("/worth")
def worth_save(
    request: Request, vault: VaultDep, values: Text = "", friend_words: Text = "", need: Text = ""
) -> Response:
    try:
        letgo_track.save_worth(vault, values=values, friend_words=friend_words, need=need)
    except OnwardError as exc:
        typed = Worth(tuple(values.splitlines()), friend_words, need)  # shown again, not lost
        view = replace(letgo_track.load_letgo(vault), worth=typed)
        context = {"view": view, "error": exc.user_message, "hint": exc.hint}
        return render(request, "worth.html", context, status=400)
    return RedirectResponse("/worth?saved=1", status_code=303)


@router.get("/draft")
def draft_form(request: Request, vault: VaultDep) -> Response:
    context = {"saved": drafts.saved_drafts(vault), "result": None, "text": ""}
    return render(request, "draft.html", context)


@router.post("/draft")
def draft_check(
    request: Request, vault: VaultDep, text: Text = "", action: Text = "check"
) -> Response:
    try:
        result = drafts.check_message(vault, text=text, keep=action == "keep")
    except OnwardError as exc:
        context = {"saved": drafts.saved_drafts(vault), "result": None, "text": text}
        context |= {"error": exc.user_message, "hint": exc.hint}
        return render(request, "draft.html", context, status=400)
    return render(request, "draft.html", {"saved": result.kept, "result": result, "text": text})


@router.post("/draft/{item_id}/delete")
def draft_delete(vault: VaultDep, item_id: str) -> Response:
    drafts.delete_draft(vault, draft_id=_id(item_id))
    return RedirectResponse("/draft?deleted=1", status_code=303)
