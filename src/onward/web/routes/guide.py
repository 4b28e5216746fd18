"""The guidance library (/guide): browse by stage, search, read one page.

Search is a POST so the words a person searches for never land in a URL or the history.
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from starlette.responses import Response

from onward.services import guide_library
from onward.services.fields import one
from onward.web.deps import CSRF, SettingsDep, VaultDep
from onward.web.forms import FieldsDep
from onward.web.templating import render

router = APIRouter(prefix="/guide", dependencies=[CSRF])


@router.get("")
def browse(request: Request, vault: VaultDep) -> Response:
    return render(
        request,
        "guide.html",
        {"library": guide_library.library_for(vault), "hits": None, "query": ""},
    )


@router.post("")
def search(request: Request, vault: VaultDep, settings: SettingsDep, fields: FieldsDep) -> Response:
    query = one(fields, "q")[:200]
    hits = guide_library.search(settings, query)
    context = {"library": guide_library.library_for(vault), "hits": hits, "query": query}
    return render(request, "guide.html", context)


@router.get("/{item_id}")
def item(request: Request, vault: VaultDep, item_id: str) -> Response:
    page = guide_library.item_page_for(vault, item_id)
    return render(request, "guide_item.html", {"page": page})
