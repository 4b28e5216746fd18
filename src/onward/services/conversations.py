"""Who is who in each chat: the person, the ex-partner, and everyone else; remembered per chat.

Each chat has one encrypted item (kind ``conv``) holding its name, source, opaque
``conv_id``, the participants' names, and who is ``me`` and who is the ``partner``. Roles
are also kept on every timeline row (an index column), so the timeline and the charts can
filter by role without decrypting. Setting roles updates both; the next import of the same
chat reads the item and gives new rows their roles straight away.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, Final

from sqlalchemy import Connection

from onward.errors import InvalidInputError, NotFoundError
from onward.i18n import gettext as _
from onward.report.texts import format_label
from onward.services import flag_recheck, items, second_check_progress, timeline_figures
from onward.services.contacts import ROLE_ME, ROLE_OTHER, ROLE_PARTNER, ROLE_UNKNOWN, Keys
from onward.services.import_prep import CHECKED_ROLES, role_for
from onward.services.import_rows import ChatState
from onward.services.vault import Vault
from onward.store import contacts_repo, repos
from onward.store.ids import is_id, new_id

KIND: Final = "conv"
MAX_CHATS: Final = 100_000
ROLE_NAMES: Final = {ROLE_ME: "me", ROLE_PARTNER: "partner", ROLE_OTHER: "other"}


@dataclass(slots=True)
class Chat:
    """One chat's who-is-who record."""

    item_id: str
    conv_id: str
    name: str
    source: str
    participants: list[str] = field(default_factory=list)
    me: str | None = None
    partner: str | None = None
    imports: list[str] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)  # stored records per participant

    @property
    def mapped(self) -> bool:
        return self.partner is not None

    def data(self) -> dict[str, Any]:
        return {
            "conv_id": self.conv_id,
            "name": self.name,
            "source": self.source,
            "participants": self.participants,
            "me": self.me,
            "partner": self.partner,
            "imports": self.imports,
            "counts": self.counts,
        }


@dataclass(frozen=True, slots=True)
class ChatRef:
    """A chat touched by an import: its who-is-who item and whether roles are known."""

    item_id: str
    name: str
    mapped: bool


@dataclass(frozen=True, slots=True)
class Participant:
    name: str
    messages: int
    role: str  # "me", "partner", "other" or "" (not said yet)


@dataclass(frozen=True, slots=True)
class ChatView:
    item_id: str
    name: str
    source: str
    participants: list[Participant]
    mapped: bool

    @property
    def source_label(self) -> str:
        """The export's format, by the name a person knows."""
        return format_label(self.source)


def _chat(item_id: str, data: dict[str, Any]) -> Chat:
    return Chat(
        item_id=item_id,
        conv_id=str(data["conv_id"]),
        name=str(data["name"]),
        source=str(data["source"]),
        participants=[str(p) for p in data.get("participants", [])],
        me=data.get("me"),
        partner=data.get("partner"),
        imports=[str(i) for i in data.get("imports", [])],
        counts={str(k): int(v) for k, v in (data.get("counts") or {}).items()},
    )


def load_chats(conn: Connection, vault: Vault) -> dict[str, Chat]:
    """Every chat record by conv_id."""
    rows = repos.list_items(
        conn, vault_id=vault.vault_id, kind=KIND, limit=MAX_CHATS, newest_first=False
    )
    found = (_chat(row.id, items.decrypt(vault, KIND, row).data) for row in rows)
    return {chat.conv_id: chat for chat in found}


def states_for(known: dict[str, Chat], *, source: str) -> dict[str, ChatState]:
    """The remembered chats of one source, keyed by name, as an import starts them."""
    return {
        c.name: ChatState(c.conv_id, c.name, c.me, c.partner, existed=True)
        for c in known.values()
        if c.source == source
    }


def _save(conn: Connection, vault: Vault, chat: Chat, *, new: bool) -> None:
    body = items.encrypt(vault, KIND, chat.item_id, chat.data())
    if new:
        repos.insert_item(conn, vault_id=vault.vault_id, item_id=chat.item_id, kind=KIND, body=body)
    else:
        repos.update_item(conn, vault_id=vault.vault_id, kind=KIND, item_id=chat.item_id, body=body)


def _apply_roles(conn: Connection, vault: Vault, chat: Chat, keys: Keys) -> None:
    """Give every stored row of the chat the role its sender now has; a sender who becomes
    the other person (or unknown) first gets the flag check an import skipped."""
    for name in chat.participants:
        sender_key = keys.sender(chat.conv_id, name)
        assert sender_key is not None
        role = role_for(name, chat.me, chat.partner)
        if role in CHECKED_ROLES:
            flag_recheck.recheck_sender(conn, vault, conv_id=chat.conv_id, sender_key=sender_key)
        contacts_repo.set_roles(
            conn, vault_id=vault.vault_id, conv_id=chat.conv_id, sender_key=sender_key, role=role
        )
    # Rows that became the other person's are checked again by the second check.
    second_check_progress.forget(conn, vault, chat.imports)


def _check_named(name: str | None, states: list[ChatState], option: str) -> None:
    if name is None or any(name in s.senders for s in states):
        return
    names = sorted({n for s in states for n in s.senders})
    raise InvalidInputError(
        _("Nobody called %(name)s wrote in this export (%(option)s).")
        % {"name": name, "option": option},
        hint=_("Names in this export: %(names)s") % {"names": ", ".join(names) or "-"},
    )


def save_after_import(
    conn: Connection,
    vault: Vault,
    known: dict[str, Chat],
    states: Iterable[ChatState],
    *,
    keys: Keys,
    me: str | None,
    partner: str | None,
    import_id: str,
    source: str,
) -> list[ChatRef]:
    """Create or update the chats an import touched; apply names given for me/partner."""
    touched = [s for s in states if s.senders]
    _check_named(me, touched, "--me")
    _check_named(partner, touched, "--partner")
    refs: list[ChatRef] = []
    for state in touched:
        chat = known.get(state.conv_id)
        new = chat is None
        if chat is None:
            chat = Chat(new_id(), state.conv_id, state.name, source)
        before = (chat.me, chat.partner)
        chat.participants = sorted(set(chat.participants) | set(state.senders))
        chat.imports = [*chat.imports, import_id]
        for name, added in state.added.items():
            chat.counts[name] = chat.counts.get(name, 0) + added
        if me is not None and me in state.senders:
            chat.me = me
        if partner is not None and partner in state.senders:
            chat.partner = partner
        if not new and (chat.me, chat.partner) != before:
            _apply_roles(conn, vault, chat, keys)
        _save(conn, vault, chat, new=new)
        refs.append(ChatRef(chat.item_id, chat.name, chat.mapped))
    return refs


def _find(conn: Connection, vault: Vault, chat_id: str) -> Chat:
    if is_id(chat_id):
        for chat in load_chats(conn, vault).values():
            if chat_id in (chat.item_id, chat.conv_id):
                return chat
    raise NotFoundError(_("That chat is not here."), hint=_("See the list of chats."))


def _view(chat: Chat) -> ChatView:
    people = []
    for name in chat.participants:
        role = role_for(name, chat.me, chat.partner)
        people.append(
            Participant(
                name=name,
                messages=chat.counts.get(name, 0),
                role=ROLE_NAMES.get(role, "") if chat.mapped else "",
            )
        )
    people.sort(key=lambda p: (-p.messages, p.name))
    return ChatView(chat.item_id, chat.name, chat.source, people, chat.mapped)


def list_chats(vault: Vault) -> list[ChatView]:
    """Every chat with its participants and how many stored records each has."""
    with items.reading(vault) as conn:
        chats = sorted(load_chats(conn, vault).values(), key=lambda c: (c.name, c.source))
    return [_view(chat) for chat in chats]


def get_chat(vault: Vault, chat_id: str) -> ChatView:
    with items.reading(vault) as conn:
        return _view(_find(conn, vault, chat_id))


def set_roles(vault: Vault, chat_id: str, *, me: str | None, partner: str) -> ChatView:
    """Say who is the person and who is the ex-partner in one chat (item id or conv id);
    everyone else becomes "other". Updates every stored row and is remembered."""
    if me is not None and me == partner:
        raise InvalidInputError(
            _("The same name cannot be both you and the other person."),
            hint=_("Choose one name for each."),
        )
    keys = Keys(vault)
    with items.transaction(vault) as conn:
        chat = _find(conn, vault, chat_id)
        for name in (me, partner):
            if name is not None and name not in chat.participants:
                raise InvalidInputError(
                    _("Nobody called %(name)s is in this chat.") % {"name": name},
                    hint=_("Names in this chat: %(names)s")
                    % {"names": ", ".join(chat.participants)},
                )
        chat.me, chat.partner = me, partner
        _apply_roles(conn, vault, chat, keys)
        _save(conn, vault, chat, new=False)
        timeline_figures.invalidate(conn, vault)
        return _view(chat)


def unmapped(vault: Vault) -> list[ChatRef]:
    """Chats where the ex-partner has not been named yet."""
    with items.reading(vault) as conn:
        chats = load_chats(conn, vault).values()
    return [ChatRef(c.item_id, c.name, False) for c in chats if not c.mapped]


def role_label(role: int) -> str:
    """A plain word for a stored role."""
    return {
        ROLE_ME: _("you"),
        ROLE_PARTNER: _("the other person"),
        ROLE_OTHER: _("someone else"),
        ROLE_UNKNOWN: _("not said yet"),
    }.get(role, _("not said yet"))


def set_roles_from_choices(vault: Vault, chat_id: str, choices: dict[str, str]) -> ChatView:
    """Roles from a form: each participant's name -> "me", "partner" or "other"."""
    me = [name for name, role in choices.items() if role == "me"]
    partner = [name for name, role in choices.items() if role == "partner"]
    if len(partner) != 1 or len(me) > 1:
        raise InvalidInputError(
            _("Choose exactly one person as the other person, and at most one as you."),
            hint=_("Everyone else is someone else."),
        )
    return set_roles(vault, chat_id, me=me[0] if me else None, partner=partner[0])
