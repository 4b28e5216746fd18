"""Opaque record ids: 128 random bits, hex. They reveal nothing (R2, R37)."""

from __future__ import annotations

import re
import secrets

ID_PATTERN = re.compile(r"^[0-9a-f]{32}$")


def new_id() -> str:
    return secrets.token_hex(16)


def is_id(value: str) -> bool:
    return bool(ID_PATTERN.fullmatch(value))
