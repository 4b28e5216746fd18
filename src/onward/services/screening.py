"""Saving and reading danger-screen results. The latest result gates the advice.

Every result is kept (history), with its date; the latest one decides which
advice is safe (PRODUCT.md "Safety first"). No result yet means no gates, and
the path asks the person to take the screen first.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass
from datetime import UTC, datetime

from onward.guide.screen import ScreenResult, score_screen
from onward.services import items
from onward.services.vault import Vault

KIND = "screen"


@dataclass(frozen=True, slots=True)
class SavedScreen:
    """A scored screen as stored: answers, result and when it was taken."""

    id: str
    taken_at: datetime
    answers: dict[str, bool]
    result: ScreenResult


def _from_doc(doc: items.Doc) -> SavedScreen:
    data = doc.data
    return SavedScreen(
        id=doc.id,
        taken_at=datetime.fromisoformat(data["taken_at"]),
        answers=dict(data["answers"]),
        result=ScreenResult(**data["result"]),
    )


def save_screen(
    vault: Vault,
    *,
    answers: Mapping[str, bool],
    worries: str | None = None,
    now: datetime | None = None,
) -> SavedScreen:
    """Score and keep a screen; returns the saved result."""
    result = score_screen(answers, worries=worries)
    taken = now or datetime.now(UTC)
    doc = items.add(
        vault,
        kind=KIND,
        data={"taken_at": taken.isoformat(), "answers": dict(answers), "result": asdict(result)},
    )
    return _from_doc(doc)


def latest_screen(vault: Vault) -> SavedScreen | None:
    """The most recent result, or None if the screen was never taken."""
    docs = items.page(vault, kind=KIND, limit=1)
    return _from_doc(docs[0]) if docs else None


def screen_history(vault: Vault, *, limit: int = 50) -> list[SavedScreen]:
    return [_from_doc(d) for d in items.page(vault, kind=KIND, limit=limit)]


def current_gates(vault: Vault) -> frozenset[str]:
    """Gates from the latest screen (empty when none was taken)."""
    latest = latest_screen(vault)
    return frozenset(latest.result.gates) if latest else frozenset()
