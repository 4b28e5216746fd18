"""Helper mode (/friend): for a friend or relative. No vault, nothing stored.

These routes never open or create a vault, and read only shipped text.
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from starlette.responses import Response

from onward.services import friend
from onward.services.fields import one
from onward.web.deps import CSRF
from onward.web.forms import FieldsDep
from onward.web.templating import render

router = APIRouter(prefix="/friend", dependencies=[CSRF])


@router.get("")
def show(request: Request) -> Response:
    return render(request, "friend.html", {"page": friend.friend_guide(None)})


@router.post("")
def choose_country(request: Request, fields: FieldsDep) -> Response:
    """Show another country's helplines; the choice is not kept anywhere."""
    page = friend.friend_guide(one(fields, "country"))
    return render(request, "friend.html", {"page": page})
