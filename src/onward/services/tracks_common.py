"""What the repair, let-go, no-contact and recovery services share.

Reading every item of one kind (oldest first), the person's local date, links to the
guidance pages, and the help lines for the country in their preferences.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Final

from onward.content import library
from onward.errors import InvalidInputError, NotFoundError
from onward.guide import helplines
from onward.i18n import gettext as _
from onward.services import items, prefs
from onward.services.vault import Vault

GUIDE_PATH: Final = "/guide/"  # the generic guidance page (issue 3 builds it)
_BATCH: Final = 500
MAX_TEXT: Final = 20_000  # one letter, plan or note; the journal has room for more


def now_utc() -> datetime:
    return datetime.now(UTC)


def local_today() -> date:
    """Today on this computer's clock (what "today" means to the person using it)."""
    return datetime.now(UTC).astimezone().date()


def all_docs(vault: Vault, *, kind: str) -> list[items.Doc]:
    """Every item of ``kind``, oldest first."""
    out: list[items.Doc] = []
    before: int | None = None
    while True:
        docs = items.page(vault, kind=kind, limit=_BATCH, before_seq=before)
        out.extend(docs)
        if len(docs) < _BATCH:
            break
        before = docs[-1].seq
    out.reverse()
    return out


def clean_text(text: str, *, field: str, limit: int = MAX_TEXT) -> str:
    """Trim; refuse text longer than ``limit`` with a kind message."""
    text = text.strip()
    if len(text) > limit:
        raise InvalidInputError(
            _("{field} is too long ({n} characters at most).").format(field=field, n=limit),
            hint=_("Shorten it a little, or keep the rest in your journal."),
        )
    return text


def lines_of(text: str, *, limit: int = 20) -> list[str]:
    """Non-empty lines of a text box, at most ``limit`` of them."""
    return [line.strip() for line in text.splitlines() if line.strip()][:limit]


def checked_lines(text: str, *, field: str, lines: int, chars: int) -> list[str]:
    """Non-empty lines of a text box. Too many lines, or a line too long, is refused with a
    kind message: what a person wrote is never cut short without a word."""
    found = lines_of(text, limit=lines + 1)
    if len(found) > lines:
        raise InvalidInputError(
            _("There are more than {n} lines in {field}.").format(n=lines, field=field),
            hint=_("Keep the ones that matter most. The journal has room for more."),
        )
    if any(len(line) > chars for line in found):
        raise InvalidInputError(
            _("A line in {field} is too long ({n} characters at most).").format(
                field=field, n=chars
            ),
            hint=_("Split it over two lines, or keep the rest in your journal."),
        )
    return found


def parse_day(value: str, *, field: str) -> date:
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise InvalidInputError(
            _("{field} is not a date.").format(field=field), hint=_("Use the form 2026-03-01.")
        ) from None


def require_doc(doc: items.Doc | None) -> items.Doc:
    if doc is None:
        raise NotFoundError(_("That was not found."), hint=_("It may have been deleted."))
    return doc


@dataclass(frozen=True, slots=True)
class GuideLink:
    """A "read more" link to one guidance page."""

    id: str
    title: str

    @property
    def href(self) -> str:
        return GUIDE_PATH + self.id


def guide_links(*item_ids: str) -> list[GuideLink]:
    return [GuideLink(i, library.get_item(i).title) for i in item_ids]


def guide_html(item_id: str) -> str:
    """A guidance page's body as HTML (shipped Markdown; raw HTML in it is escaped)."""
    return library.render_html(library.get_item(item_id))


@dataclass(frozen=True, slots=True)
class HelpLines:
    """Lines to show: the emergency number first, then the others."""

    country: str
    lines: list[helplines.Line]
    fallback: bool


def crisis_lines(vault: Vault) -> HelpLines:
    """The emergency number and crisis lines for the person's country (or the fallback)."""
    country = prefs.load_prefs(vault).country
    found = helplines.load_helplines(country)
    return HelpLines(found.code, helplines.crisis_lines(country), found.fallback)


def safety_lines(vault: Vault) -> HelpLines:
    """The emergency number and domestic-abuse lines, for when the safety check is positive."""
    country = prefs.load_prefs(vault).country
    found = helplines.load_helplines(country)
    lines = found.by_topic(helplines.Topic.DOMESTIC_ABUSE) or found.by_topic(
        helplines.Topic.DIRECTORY
    )
    return HelpLines(found.code, [found.emergency, *lines], found.fallback)


def format_line(line: helplines.Line) -> str:
    return helplines.format_line(line)
