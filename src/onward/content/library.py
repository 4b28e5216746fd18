"""The guidance library: Markdown files with YAML front matter in ``content/guidance/``.

Each file holds one guidance item. The front matter says what the item is about (``stage``), who
it is for (``situations``), which seed ideas it covers (``covers``, checked against
``seed_ids.txt``), where its facts come from (``sources``) and when a person last reviewed it
(``reviewed``). The loader is strict: a bad field fails with the file and the field named.

The optional search index is a separate SQLite FTS5 file built from the shipped text only. It is
not secret, holds no user text, and :func:`search` opens it read-only so a query never lands in it.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import os
import re
import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from importlib.resources.abc import Traversable
from pathlib import Path

from markdown_it import MarkdownIt

from onward.content.datafiles import ContentError, Record, content_root, parse_yaml
from onward.errors import NotFoundError

GUIDANCE_DIR = "guidance"
SEED_IDS_FILE = "seed_ids.txt"

_ID_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_SEED_RE = re.compile(r"^S\d+\.\d+$")
_FRONT_MATTER_FIELDS = ("id", "title", "stage", "situations", "covers", "sources", "reviewed")


class Stage(StrEnum):
    """Where on the path an item belongs."""

    SAFETY = "safety"
    UNDERSTAND = "understand"
    DECIDE = "decide"
    PLAN = "plan"
    HOLD = "hold"
    RECOVER = "recover"
    HELP = "help"


class Situation(StrEnum):
    """Who the item is for. ``situations: all`` in a file expands to every one of these."""

    LEAVING = "leaving"
    REFUSED = "refused"
    UNSURE = "unsure"
    REPAIR = "repair"
    LEFT = "left"
    HELPER = "helper"


@dataclass(frozen=True, slots=True)
class Source:
    """Where a fact comes from: a title plus a URL, a citation, or both."""

    title: str
    url: str | None = None
    citation: str | None = None
    accessed: dt.date | None = None


@dataclass(frozen=True, slots=True)
class GuidanceItem:
    """One guidance page."""

    id: str
    title: str
    stage: Stage
    situations: tuple[Situation, ...]
    covers: tuple[str, ...]
    sources: tuple[Source, ...]
    reviewed: dt.date
    body_md: str


# --- seed ids -------------------------------------------------------------------------------


@functools.cache
def seed_ids() -> list[str]:
    """The seed idea ids (S0.1 … S4.19), in the order of ``seed-ideas.md``."""
    text = content_root().joinpath(SEED_IDS_FILE).read_text(encoding="utf-8")
    ids: list[str] = []
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if not _SEED_RE.match(line) or line in ids:
            raise ContentError(f"{SEED_IDS_FILE}: line {number} is not a new seed id")
        ids.append(line)
    return ids


# --- loading --------------------------------------------------------------------------------


def load_items(directory: Path | None = None) -> list[GuidanceItem]:
    """All guidance items, sorted by id. The shipped set is parsed once and cached.

    Args:
        directory: read another folder instead of the shipped one (used by tests).
    """
    if directory is None:
        return list(_shipped_items())
    return list(_load_dir(directory))


@functools.cache
def _shipped_items() -> tuple[GuidanceItem, ...]:
    return _load_dir(content_root().joinpath(GUIDANCE_DIR))


def _load_dir(directory: Traversable) -> tuple[GuidanceItem, ...]:
    if not directory.is_dir():
        raise ContentError(f"{directory.name}: guidance folder not found")
    known = set(seed_ids())
    items: dict[str, GuidanceItem] = {}
    for node in sorted(directory.iterdir(), key=lambda n: n.name):
        if not node.name.endswith(".md") or not node.is_file():
            continue
        item = parse_item(node.read_text(encoding="utf-8"), node.name, known_seeds=known)
        if item.id in items:
            raise ContentError(f"{node.name}: field 'id' repeats '{item.id}'")
        items[item.id] = item
    return tuple(items[key] for key in sorted(items))


def parse_item(
    text: str, filename: str, *, known_seeds: Iterable[str] | None = None
) -> GuidanceItem:
    """Parse one guidance file. ``filename`` must be ``<id>.md``."""
    front, body = _split_front_matter(text.replace("\r\n", "\n").lstrip("\ufeff"), filename)
    rec = parse_yaml(front, filename)
    rec.check_keys(required=_FRONT_MATTER_FIELDS)
    item_id = rec.text("id")
    if not _ID_RE.match(item_id):
        raise ContentError(f"{filename}: field 'id' must be kebab-case (a-z, 0-9 and dashes)")
    if filename != f"{item_id}.md":
        raise ContentError(f"{filename}: field 'id' must match the file name ({item_id}.md)")
    if not body.strip():
        raise ContentError(f"{filename}: the body after the front matter is empty")
    return GuidanceItem(
        id=item_id,
        title=rec.text("title"),
        stage=_stage(rec),
        situations=_situations(rec),
        covers=_covers(rec, set(known_seeds) if known_seeds is not None else set(seed_ids())),
        sources=tuple(_source(s) for s in rec.records("sources", id_key=None)),
        reviewed=rec.date("reviewed"),
        body_md=body.strip() + "\n",
    )


def _split_front_matter(text: str, filename: str) -> tuple[str, str]:
    if not text.startswith("---\n"):
        raise ContentError(f"{filename}: must start with a '---' line opening the front matter")
    end = text.find("\n---\n", 3)
    if end == -1:
        raise ContentError(f"{filename}: the front matter has no closing '---' line")
    return text[4 : end + 1], text[end + 5 :]


def _stage(rec: Record) -> Stage:
    value = rec.text("stage")
    try:
        return Stage(value)
    except ValueError:
        allowed = ", ".join(s.value for s in Stage)
        raise ContentError(
            f"{rec.where}: field 'stage' is '{value}', not one of: {allowed}"
        ) from None


def _situations(rec: Record) -> tuple[Situation, ...]:
    if rec.raw("situations") == "all":
        return tuple(Situation)
    values = rec.texts("situations")
    if values == ("all",):
        return tuple(Situation)
    out: list[Situation] = []
    for value in values:
        try:
            situation = Situation(value)
        except ValueError:
            allowed = ", ".join(s.value for s in Situation)
            raise ContentError(
                f"{rec.where}: field 'situations' has '{value}', not one of: {allowed} (or all)"
            ) from None
        if situation in out:
            raise ContentError(f"{rec.where}: field 'situations' repeats '{value}'")
        out.append(situation)
    return tuple(out)


def _covers(rec: Record, known: set[str]) -> tuple[str, ...]:
    values = rec.texts("covers", allow_empty=True)
    for value in values:
        if not _SEED_RE.match(value):
            raise ContentError(
                f"{rec.where}: field 'covers' has '{value}', not a seed id like S0.2"
            )
        if value not in known:
            raise ContentError(f"{rec.where}: field 'covers' has '{value}', not in {SEED_IDS_FILE}")
    if len(set(values)) != len(values):
        raise ContentError(f"{rec.where}: field 'covers' repeats an id")
    return values


def _source(rec: Record) -> Source:
    rec.check_keys(required=("title",), optional=("url", "citation", "accessed"))
    url = rec.opt_text("url")
    citation = rec.opt_text("citation")
    if url is None and citation is None:
        raise ContentError(f"{rec.where}: field 'url' or 'citation' is needed for each source")
    if url is not None and not url.startswith("https://"):
        raise ContentError(f"{rec.where}: field 'url' must start with https://")
    return Source(rec.text("title"), url, citation, rec.opt_date("accessed"))


# --- queries --------------------------------------------------------------------------------


def get_item(item_id: str) -> GuidanceItem:
    """The shipped item with this id."""
    for item in _shipped_items():
        if item.id == item_id:
            return item
    raise NotFoundError(f"There is no guidance page called '{item_id}'.")


def items_for(
    stage: Stage | str | None = None, situation: Situation | str | None = None
) -> list[GuidanceItem]:
    """Shipped items for a stage and/or a situation (``None`` means any)."""
    want_stage = Stage(stage) if stage is not None else None
    want_situation = Situation(situation) if situation is not None else None
    return [
        item
        for item in _shipped_items()
        if (want_stage is None or item.stage is want_stage)
        and (want_situation is None or want_situation in item.situations)
    ]


def coverage(
    all_seed_ids: Sequence[str], items: Sequence[GuidanceItem] | None = None
) -> dict[str, list[str]]:
    """Which of ``all_seed_ids`` some item covers, and which none does (input order kept)."""
    covered_ids = {
        seed for item in (items if items is not None else _shipped_items()) for seed in item.covers
    }
    return {
        "covered": [s for s in all_seed_ids if s in covered_ids],
        "missing": [s for s in all_seed_ids if s not in covered_ids],
    }


# --- rendering ------------------------------------------------------------------------------


@functools.cache
def _markdown() -> MarkdownIt:
    # commonmark with raw HTML off: content is trusted, but nothing in it may inject markup.
    return MarkdownIt("commonmark", {"html": False})


def render_html(item: GuidanceItem) -> str:
    """The item body as HTML (raw HTML in the Markdown is escaped, not passed through)."""
    return str(_markdown().render(item.body_md))


def plain_blocks(body_md: str, *, headings: bool = True) -> list[str]:
    """The text of each block (heading, paragraph, list item) with the Markdown removed.

    Args:
        headings: include headings (False gives running text only, e.g. for readability).
    """
    blocks: list[str] = []
    in_heading = False
    for token in _markdown().parse(body_md):
        if token.type in ("heading_open", "heading_close"):
            in_heading = token.type == "heading_open"
            continue
        if token.type != "inline" or not token.children or (in_heading and not headings):
            continue
        parts: list[str] = []
        for child in token.children:
            if child.type in ("text", "code_inline"):
                parts.append(child.content)
            elif child.type in ("softbreak", "hardbreak"):
                parts.append(" ")
        text = " ".join("".join(parts).split())
        if text:
            blocks.append(text)
    return blocks


def plain_text(body_md: str) -> str:
    """The body as plain text, one block per line."""
    return "\n".join(plain_blocks(body_md))


# --- search index ---------------------------------------------------------------------------

_INDEX_SCHEMA = (
    "CREATE VIRTUAL TABLE guidance USING fts5("
    "id UNINDEXED, title, body, tokenize = 'porter unicode61 remove_diacritics 2')"
)


def content_hash(items: Sequence[GuidanceItem]) -> str:
    """A fingerprint of the shipped text, stored in the index to tell when it is stale."""
    digest = hashlib.sha256()
    for item in items:
        for part in (item.id, item.title, item.body_md):
            digest.update(part.encode("utf-8"))
            digest.update(b"\0")
    return digest.hexdigest()


def build_search_index(path: Path, items: Sequence[GuidanceItem] | None = None) -> None:
    """Write a fresh full-text index of the shipped guidance to ``path`` (atomically)."""
    chosen = list(items) if items is not None else list(_shipped_items())
    tmp = path.with_name(path.name + ".building")
    tmp.unlink(missing_ok=True)
    con = sqlite3.connect(tmp)
    try:
        with con:
            con.execute(_INDEX_SCHEMA)
            con.executemany(
                "INSERT INTO guidance (id, title, body) VALUES (?, ?, ?)",
                [(i.id, i.title, plain_text(i.body_md)) for i in chosen],
            )
            con.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
            con.execute("INSERT INTO meta VALUES ('content_hash', ?)", (content_hash(chosen),))
    finally:
        con.close()
    os.replace(tmp, path)


def _connect_read_only(path: Path) -> sqlite3.Connection:
    if not path.is_file():
        raise ContentError(
            "The guidance search index has not been built yet.",
            hint="Build it with build_search_index(path) first.",
        )
    return sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)


def index_is_current(path: Path) -> bool:
    """True when ``path`` holds an index of exactly the shipped guidance."""
    if not path.is_file():
        return False
    con = _connect_read_only(path)
    try:
        row = con.execute("SELECT value FROM meta WHERE key = 'content_hash'").fetchone()
    except sqlite3.DatabaseError:
        return False
    finally:
        con.close()
    return row is not None and row[0] == content_hash(_shipped_items())


def _fts_query(query: str) -> str:
    # Words only, each quoted and used as a prefix: FTS5 operators in the query are inert.
    words = re.findall(r"\w+", query.lower())
    return " ".join(f'"{word}"*' for word in words[:12])


def search(
    path: Path, query: str, *, limit: int = 10, mark: tuple[str, str] = ("", "")
) -> list[tuple[str, str, str]]:
    """Find guidance items: ``(id, title, snippet)``, best match first.

    Args:
        mark: text put around matched words in the snippet, e.g. ``("<mark>", "</mark>")``
            (the caller escapes the snippet first if it renders HTML).
    """
    match = _fts_query(query)
    if not match:
        return []
    con = _connect_read_only(path)
    try:
        rows = con.execute(
            "SELECT id, title, snippet(guidance, 2, ?, ?, '…', 16) FROM guidance "
            "WHERE guidance MATCH ? ORDER BY bm25(guidance, 0.0, 5.0, 1.0) LIMIT ?",
            (mark[0], mark[1], match, limit),
        ).fetchall()
    finally:
        con.close()
    return [(str(r[0]), str(r[1]), str(r[2])) for r in rows]
