"""The guidance library for the web app and the CLI: lists, pages, search and coverage.

Guidance is shipped text, not the person's data, so nothing here needs the vault. Pages are
addressed by an opaque key (a hash of the item id) so no URL says what a page is about
(security.md R2). The full-text index is a separate SQLite file beside the vault, built from
the shipped text only; it is not secret and never holds what the person typed.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from onward.config import Settings
from onward.content import library
from onward.content.library import GuidanceItem, Situation, Stage
from onward.errors import InvalidInputError, NotFoundError
from onward.guide.screen import NO_COUPLES_COUNSELLING, NO_TIME_APART_CONTACT, REPAIR_CLOSED
from onward.i18n import gettext as _
from onward.services import prefs, screening
from onward.services.vault import Vault
from onward.store.db import ensure_private_dir

INDEX_FILE = "search.idx"
# Marks put around matched words by the index; never present in shipped text.
MARK_OPEN, MARK_CLOSE = "\x02", "\x03"
REPAIR_PREFIX = "repair-"
_HEADING_RE = re.compile(r"<(/?)h([1-6])>")
# Items that belong to a path the danger screen can close (gate -> closes these items).
GATED_ITEMS: dict[str, tuple[str, ...]] = {
    "repair-counselling": (REPAIR_CLOSED, NO_COUPLES_COUNSELLING),
    "repair-time-apart": (REPAIR_CLOSED, NO_TIME_APART_CONTACT),
}


def stage_titles() -> dict[Stage, str]:
    return {
        Stage.SAFETY: _("Safety first"),
        Stage.UNDERSTAND: _("Understand"),
        Stage.DECIDE: _("Decide"),
        Stage.PLAN: _("Plan and act"),
        Stage.HOLD: _("Hold the line"),
        Stage.RECOVER: _("Close and recover"),
        Stage.HELP: _("Helping a friend"),
    }


@dataclass(frozen=True, slots=True)
class Entry:
    key: str
    id: str
    title: str


@dataclass(frozen=True, slots=True)
class Section:
    stage: str
    title: str
    entries: list[Entry]


@dataclass(frozen=True, slots=True)
class Library:
    sections: list[Section]
    hidden: int  # items left out because the danger screen closed their path


@dataclass(frozen=True, slots=True)
class ItemPage:
    item: GuidanceItem
    html: str
    closed: bool  # the danger screen closed this path; the page says so first


@dataclass(frozen=True, slots=True)
class Hit:
    key: str
    id: str
    title: str
    parts: list[tuple[str, bool]]  # snippet pieces; True marks a matched word


def item_key(item_id: str) -> str:
    """An opaque, stable key for a guidance item (what the URL carries)."""
    return hashlib.sha256(f"onward-guide:{item_id}".encode()).hexdigest()[:20]


@functools.cache
def _by_key() -> dict[str, GuidanceItem]:
    return {item_key(item.id): item for item in library.load_items()}


def closing_gates(item_id: str) -> tuple[str, ...]:
    """The gates that close this item's path (empty for items that are always shown)."""
    if item_id in GATED_ITEMS:
        return GATED_ITEMS[item_id]
    return (REPAIR_CLOSED,) if item_id.startswith(REPAIR_PREFIX) else ()


def is_closed(item_id: str, gates: Collection[str]) -> bool:
    return any(gate in gates for gate in closing_gates(item_id))


def browse(*, situation: str | None, gates: Collection[str]) -> Library:
    """Items grouped by stage; closed paths are left out (and counted)."""
    want = situation if situation in {s.value for s in Situation} else None
    titles = stage_titles()
    sections: list[Section] = []
    hidden = 0
    for stage in Stage:
        entries = []
        for item in library.items_for(stage=stage, situation=want):
            if is_closed(item.id, gates):
                hidden += 1
                continue
            entries.append(Entry(item_key(item.id), item.id, item.title))
        if entries:
            sections.append(Section(stage.value, titles[stage], entries))
    return Library(sections, hidden)


def item_page(key: str, *, gates: Collection[str] = ()) -> ItemPage:
    """One item by its opaque key, rendered to HTML."""
    item = _by_key().get(key)
    if item is None:
        raise NotFoundError(_("That guide page was not found."), hint=_("Go back to the guide."))
    return ItemPage(item, render_body(item), is_closed(item.id, gates))


def library_for(vault: Vault) -> Library:
    """The library for the person's situation, with closed paths left out."""
    situation = prefs.load_prefs(vault).situation
    return browse(situation=situation, gates=screening.current_gates(vault))


def item_page_for(vault: Vault, key: str) -> ItemPage:
    return item_page(key, gates=screening.current_gates(vault))


def item_by_id(item_id: str) -> GuidanceItem:
    return library.get_item(item_id)


def list_items(*, stage: str | None = None, situation: str | None = None) -> list[GuidanceItem]:
    _check_choice(stage, Stage, _("stage"))
    _check_choice(situation, Situation, _("situation"))
    return library.items_for(stage=stage, situation=situation)


def _check_choice(value: str | None, choices: type[StrEnum], what: str) -> None:
    known = [c.value for c in choices]
    if value is not None and value not in known:
        raise InvalidInputError(
            _("There is no {what} called '{value}'.").format(what=what, value=value),
            hint=_("Choose one of: {names}.").format(names=", ".join(known)),
        )


def item_text(item: GuidanceItem) -> str:
    """An item as plain text for the terminal: title, body, sources."""
    lines = [item.title, "=" * len(item.title), "", library.plain_text(item.body_md), ""]
    lines.append(_("Sources:"))
    for source in item.sources:
        where = source.url or source.citation or ""
        lines.append(f"- {source.title}: {where}")
    lines.append(_("Reviewed: {date}").format(date=item.reviewed.isoformat()))
    return "\n".join(lines) + "\n"


def coverage() -> dict[str, list[str]]:
    """Which seed ideas the shipped guidance covers, over every seed id."""
    return library.coverage(library.seed_ids())


def index_path(settings: Settings) -> Path:
    return settings.data_dir / INDEX_FILE


def ensure_index(settings: Settings) -> Path:
    """The search index, built or rebuilt when the shipped text changed."""
    path = index_path(settings)
    if not library.index_is_current(path):
        ensure_private_dir(settings.data_dir)
        library.build_search_index(path)
    return path


def search(settings: Settings, query: str, *, limit: int = 10) -> list[Hit]:
    """Search the shipped guidance; the query is never stored."""
    if not query.strip():
        return []
    rows = library.search(ensure_index(settings), query, limit=limit, mark=(MARK_OPEN, MARK_CLOSE))
    return [Hit(item_key(i), i, title, _split(snippet)) for i, title, snippet in rows]


def _split(snippet: str) -> list[tuple[str, bool]]:
    parts: list[tuple[str, bool]] = []
    for chunk in snippet.split(MARK_OPEN):
        matched, sep, rest = chunk.partition(MARK_CLOSE)
        if sep:
            parts.append((matched, True))
            if rest:
                parts.append((rest, False))
        elif chunk:
            parts.append((chunk, False))
    return parts


def hit_text(hit: Hit) -> str:
    return "".join(f"[{text}]" if matched else text for text, matched in hit.parts)


def render_body(item: GuidanceItem, *, shift: int = 0) -> str:
    """The body as HTML without its own top heading (pages show the title themselves).

    Args:
        shift: move every heading down this many levels (for pages that hold several items).
    """
    lines = item.body_md.splitlines()
    if lines and lines[0].startswith("# "):
        lines = lines[1:]
    html = library.render_html(dataclasses.replace(item, body_md="\n".join(lines) + "\n"))
    if shift:
        html = _HEADING_RE.sub(lambda m: f"<{m[1]}h{min(6, int(m[2]) + shift)}>", html)
    return html


def rendered(items: Sequence[GuidanceItem], *, shift: int = 0) -> list[tuple[GuidanceItem, str]]:
    return [(item, render_body(item, shift=shift)) for item in items]
