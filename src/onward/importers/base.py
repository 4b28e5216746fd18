"""The importer contract: pure, streaming parsers registered by name.

An importer module exposes ``SOURCE`` (a short name), ``detect(path) -> bool``
and ``parse(path, *, options) -> Iterator[Res[Message]]``. It yields a
``Message`` for each good record and an ``ImportIssue`` for each bad one (file,
record location and reason, never message text). It raises ``ImportFileError``
only when the whole file is unusable. Importers never write files and never
import the store, services, web, SQLAlchemy or Jinja.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal, Protocol

from onward.model import Message

DateOrder = Literal["DMY", "MDY", "YMD"]


@dataclass(frozen=True, slots=True)
class ImportIssue:
    """A record that could not be parsed. Never holds message text."""

    file: str
    where: str  # "line 12", "record 40", "message_3.json[17]"
    reason: str


Res = Message | ImportIssue


@dataclass(frozen=True, slots=True)
class ParseOptions:
    """Choices the person can make about a file."""

    date_order: DateOrder | None = None  # None: decide from the file, or raise
    timezone: str | None = None  # IANA name for exports with local times; None: system zone
    max_bytes: int = 2 * 1024**3


@dataclass(slots=True)
class ParseReport:
    """What a parser learned about the whole file; filled in while parsing."""

    date_order: DateOrder | None = None
    date_order_rule: str | None = None
    warnings: list[str] = field(default_factory=list)
    parser_version: str = "1"


class Importer(Protocol):
    """What every registered importer provides."""

    SOURCE: str
    VERSION: str

    def detect(self, path: Path) -> bool: ...

    def parse(self, path: Path, *, options: ParseOptions, report: ParseReport) -> Iterator[Res]: ...


_REGISTRY: dict[str, Importer] = {}


def register(importer: Importer) -> Importer:
    """Add an importer (built-in or third-party) to the registry."""
    _REGISTRY[importer.SOURCE] = importer
    return importer


def registered() -> dict[str, Importer]:
    """Every registered importer by source name (built-ins loaded on first use)."""
    _load_builtins()
    return dict(_REGISTRY)


_BUILTINS_LOADED = False
_BUILTIN_MODULES: list[str] = []  # filled in by importers/registry.py


def _load_builtins() -> None:
    global _BUILTINS_LOADED
    if _BUILTINS_LOADED:
        return
    _BUILTINS_LOADED = True
    import importlib

    for name in _BUILTIN_MODULES:
        register(importlib.import_module(name))


def add_builtin(module_name: str) -> None:
    """Declare a built-in importer module (imported lazily)."""
    if module_name not in _BUILTIN_MODULES:
        _BUILTIN_MODULES.append(module_name)


Detector = Callable[[Path], bool]
