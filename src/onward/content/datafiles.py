"""Read and check the data files shipped inside ``onward.content``.

Content is data: guidance, questionnaires, plans and helplines live in YAML and Markdown files
that reviewers and translators can edit. Every loader goes through :class:`Record`, so a typo in a
file fails loudly with the file and the field named, instead of showing a person a half-empty
screen.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from importlib import resources
from importlib.resources.abc import Traversable
from typing import Any

import yaml

from onward.errors import OnwardError

_FIX_HINT = (
    "This is a fault in Onward's shipped content. Please report it; the tests name the file."
)


class ContentError(OnwardError):
    """A shipped content file is missing or malformed (a release bug, not the person's fault)."""

    def __init__(self, user_message: str, hint: str | None = _FIX_HINT) -> None:
        super().__init__(user_message, hint)


def content_root() -> Traversable:
    """The folder that holds the shipped content files (works from a wheel too)."""
    return resources.files("onward.content")


def read_text(*parts: str) -> str:
    """Read a shipped text file, e.g. ``read_text("helplines", "US.yaml")``."""
    node = content_root().joinpath(*parts)
    if not node.is_file():
        raise ContentError(f"{'/'.join(parts)}: file not found in the shipped content")
    return node.read_text(encoding="utf-8")


def parse_yaml(text: str, where: str) -> Record:
    """Parse YAML text whose top level must be a mapping."""
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise ContentError(f"{where}: not valid YAML ({exc.__class__.__name__})") from exc
    if not isinstance(data, dict):
        raise ContentError(f"{where}: the top level must be a mapping of fields")
    return Record(data, where)


def load_data(*parts: str) -> Record:
    """Load a shipped YAML file as a checked :class:`Record`."""
    return parse_yaml(read_text(*parts), "/".join(parts))


class Record:
    """A YAML mapping with typed, checked access. Errors name the file and the field."""

    def __init__(self, data: Mapping[str, Any], where: str) -> None:
        self._data = data
        self.where = where

    def _fail(self, key: str, problem: str) -> ContentError:
        return ContentError(f"{self.where}: field '{key}' {problem}")

    def has(self, key: str) -> bool:
        return key in self._data and self._data[key] is not None

    def check_keys(self, *, required: Iterable[str], optional: Iterable[str] = ()) -> None:
        """Fail on a missing required field or on any field nobody reads (likely a typo)."""
        required = tuple(required)
        allowed = set(required) | set(optional)
        for key in required:
            if key not in self._data:
                raise self._fail(key, "is missing")
        for key in self._data:
            if key not in allowed:
                raise self._fail(str(key), f"is not known (allowed: {', '.join(sorted(allowed))})")

    def text(self, key: str) -> str:
        value = self._data.get(key)
        if not isinstance(value, str) or not value.strip():
            raise self._fail(key, "must be a non-empty text")
        return value.strip()

    def opt_text(self, key: str) -> str | None:
        return self.text(key) if self.has(key) else None

    def flag(self, key: str, default: bool = False) -> bool:
        if not self.has(key):
            return default
        value = self._data[key]
        if not isinstance(value, bool):
            raise self._fail(key, "must be true or false")
        return value

    def number(self, key: str) -> int:
        value = self._data.get(key)
        if isinstance(value, bool) or not isinstance(value, int):
            raise self._fail(key, "must be a whole number")
        return value

    def real(self, key: str) -> float:
        value = self._data.get(key)
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise self._fail(key, "must be a number")
        return float(value)

    def texts(self, key: str, *, allow_empty: bool = False) -> tuple[str, ...]:
        value = self._data.get(key, [] if allow_empty else None)
        if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
            raise self._fail(key, "must be a list of non-empty texts")
        if not value and not allow_empty:
            raise self._fail(key, "must not be empty")
        return tuple(v.strip() for v in value)

    def opt_texts(self, key: str) -> tuple[str, ...]:
        return self.texts(key, allow_empty=True) if self.has(key) else ()

    def record(self, key: str) -> Record:
        value = self._data.get(key)
        if not isinstance(value, dict):
            raise self._fail(key, "must be a mapping of fields")
        return Record(value, f"{self.where}: {key}")

    def records(self, key: str, *, id_key: str | None = "id") -> tuple[Record, ...]:
        """A list of mappings; with ``id_key`` the ids must be unique."""
        value = self._data.get(key)
        if not isinstance(value, list) or not value:
            raise self._fail(key, "must be a non-empty list")
        out: list[Record] = []
        seen: set[str] = set()
        for index, entry in enumerate(value):
            if not isinstance(entry, dict):
                raise self._fail(f"{key}[{index}]", "must be a mapping of fields")
            label = f"{key}[{index}]"
            if id_key is not None:
                ident = entry.get(id_key)
                if not isinstance(ident, str) or not ident:
                    raise self._fail(f"{label}.{id_key}", "must be a non-empty text")
                if ident in seen:
                    raise self._fail(f"{label}.{id_key}", f"repeats the id '{ident}'")
                seen.add(ident)
                label = f"{label} ({ident})"
            out.append(Record(entry, f"{self.where}: {label}"))
        return tuple(out)

    def date(self, key: str) -> dt.date:
        value = self._data.get(key)
        # YAML turns an unquoted 2026-11-21 into a date already; a quoted one stays a string.
        if isinstance(value, dt.datetime):
            raise self._fail(key, "must be a date (YYYY-MM-DD), not a date and time")
        if isinstance(value, dt.date):
            return value
        if isinstance(value, str):
            try:
                return dt.date.fromisoformat(value.strip())
            except ValueError:
                pass
        raise self._fail(key, "must be an ISO date (YYYY-MM-DD)")

    def opt_date(self, key: str) -> dt.date | None:
        return self.date(key) if self.has(key) else None

    def raw(self, key: str) -> Any:
        return self._data.get(key)
