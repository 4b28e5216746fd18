"""Submitted form fields as a dependency: every value of every field, as text."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request


async def form_fields(request: Request) -> dict[str, list[str]]:
    """The form body (already parsed by the CSRF check, so it is read only once)."""
    form = await request.form()
    out: dict[str, list[str]] = {}
    for key, value in form.multi_items():
        if isinstance(value, str):
            out.setdefault(key, []).append(value)
    return out


FieldsDep = Annotated[dict[str, list[str]], Depends(form_fields)]
