"""Closure pages: tidy up online (evidence first), unsent letters that can be burned, lessons."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, HTTPException, Request
from starlette.responses import RedirectResponse, Response

from onward.errors import OnwardError
from onward.services import closure
from onward.store.ids import is_id
from onward.web.deps import CSRF, VaultDep
from onward.web.routes.track_links import page as render

router = APIRouter(dependencies=[CSRF])
Text = Annotated[str, Form()]
Ticks = Annotated[list[str] | None, Form()]


def _id(item_id: str) -> str:
    if not is_id(item_id):
        raise HTTPException(status_code=404)
    return item_id


@router.get("/tidy")
def tidy(request: Request, vault: VaultDep) -> Response:
    return render(request, "tidy.html", {"view": closure.load_tidy(vault)})


@router.post("/tidy")
def tidy_save(
    request: Request,
    vault: VaultDep,
    harassment: Text = "",
    done_whatsapp: Ticks = None,
    done_telegram: Ticks = None,
    done_instagram: Ticks = None,
    done_facebook: Ticks = None,
    done_phone: Ticks = None,
) -> Response:
    ticks = (done_whatsapp, done_telegram, done_instagram, done_facebook, done_phone)
    done = {p: t or [] for p, t in zip(closure.platforms(), ticks, strict=True)}
    try:
        closure.update_tidy(vault, harassment=harassment, done=done)
    except OnwardError as exc:
        context: dict[str, object] = {"view": closure.load_tidy(vault)}
        context |= {"error": exc.user_message, "hint": exc.hint}
        return render(request, "tidy.html", context, status=400)
    return RedirectResponse("/tidy?saved=1", status_code=303)


@router.get("/letter")
def letters(request: Request, vault: VaultDep) -> Response:
    context = {"letters": closure.letters(vault), "prompts": closure.letter_prompts()}
    return render(request, "letters.html", context)


@router.post("/letter")
def write(request: Request, vault: VaultDep, text: Text = "") -> Response:
    try:
        letter = closure.write_letter(vault, text=text)
    except OnwardError as exc:
        context = {"letters": closure.letters(vault), "prompts": closure.letter_prompts()}
        context |= {"text": text, "error": exc.user_message, "hint": exc.hint}
        return render(request, "letters.html", context, status=400)
    return RedirectResponse(f"/letter/{letter.id}", status_code=303)


@router.get("/letter/{item_id}")
def letter(request: Request, vault: VaultDep, item_id: str) -> Response:
    found = closure.get_letter(vault, letter_id=_id(item_id))
    return render(request, "letter.html", {"letter": found})


@router.post("/letter/{item_id}/burn")
def burn(request: Request, vault: VaultDep, item_id: str) -> Response:
    closure.burn_letter(vault, letter_id=_id(item_id))
    return render(request, "letter_burned.html")


@router.get("/learned")
def learned(request: Request, vault: VaultDep) -> Response:
    return render(request, "learned.html", {"view": closure.load_learned(vault)})


@router.post("/learned")
def learned_save(
    request: Request, vault: VaultDep, answer: Ticks = None, patterns: Text = ""
) -> Response:
    try:
        closure.save_learned(vault, answers=answer or [], patterns=patterns)
    except OnwardError as exc:
        view = closure.load_learned(vault)
        answers = [*(answer or []), *[""] * len(view.prompts)][: len(view.prompts)]
        typed = {"answers": answers, "patterns": patterns}  # shown again in the form, not lost
        context = {"view": view, "typed": typed, "error": exc.user_message, "hint": exc.hint}
        return render(request, "learned.html", context, status=400)
    return RedirectResponse("/learned?saved=1", status_code=303)
