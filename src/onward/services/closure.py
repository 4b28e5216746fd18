"""The closure toolkit: tidy up online (evidence first), unsent letters, and what I learned.

Tidying follows one rule from the guidance (``closure-evidence-first``): where there has
been any harassment, save the messages in Onward's vault first, and only then delete them
from the phone. The checklist refuses to mark "delete" done before "save" on a platform
unless the person has said there was no harassment.

Burning a letter deletes its row, and with it the letter's own wrapped key
(crypto-shredding, security.md R23); on SQLite the WAL is truncated afterwards.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, Final

from onward.errors import InvalidInputError
from onward.guide.recovery import load_prompts
from onward.i18n import gettext as _
from onward.services import items
from onward.services.fields import is_blank
from onward.services.tracks_common import (
    GuideLink,
    all_docs,
    checked_lines,
    clean_text,
    guide_html,
    guide_links,
    now_utc,
    require_doc,
)
from onward.services.vault import Vault

LETTER_KIND = "letter"
LEARNED_KIND = "learned"
TIDY_KIND = "tidy"
LETTER_LIMIT: Final = 30_000
STEPS: Final = ("save", "mute", "unfollow", "archive", "delete")
HARASSMENT_ANSWERS: Final = ("yes", "no", "unsure")
GUIDES: Final = (
    "closure-evidence-first",
    "closure-online",
    "closure-contacts-and-photos",
    "closure-unsent-letter",
    "closure-lessons",
)


def platforms() -> dict[str, str]:
    return {
        "whatsapp": "WhatsApp",
        "telegram": "Telegram",
        "instagram": "Instagram",
        "facebook": "Facebook",
        "phone": _("Texts, photos and contacts on your phone"),
    }


def step_labels() -> dict[str, str]:
    return {
        "save": _("Save a copy in Onward's vault"),
        "mute": _("Mute"),
        "unfollow": _("Unfollow or hide"),
        "archive": _("Archive"),
        "delete": _("Delete from my phone"),
    }


@dataclass(frozen=True, slots=True)
class Tidy:
    harassment: str  # "yes", "no", "unsure" or "" (not answered)
    done: dict[str, tuple[str, ...]]
    platforms: dict[str, str]
    steps: dict[str, str]
    steps_html: str
    evidence_html: str
    guides: list[GuideLink]

    @property
    def evidence_first(self) -> bool:
        """True unless the person said there was no harassment."""
        return self.harassment != "no"

    def delete_blocked(self, platform: str) -> bool:
        return self.evidence_first and "save" not in self.done.get(platform, ())


def _tidy_data(vault: Vault) -> dict[str, Any]:
    doc = items.singleton(vault, kind=TIDY_KIND)
    return dict(doc.data) if doc else {"harassment": "", "done": {}}


def load_tidy(vault: Vault) -> Tidy:
    data = _tidy_data(vault)
    return Tidy(
        harassment=data["harassment"],
        done={k: tuple(v) for k, v in data["done"].items()},
        platforms=platforms(),
        steps=step_labels(),
        steps_html=guide_html("closure-online"),
        evidence_html=guide_html("closure-evidence-first"),
        guides=guide_links(*GUIDES),
    )


def update_tidy(vault: Vault, *, harassment: str, done: dict[str, list[str]]) -> Tidy:
    """Save the answer about harassment and the ticked steps (evidence first)."""
    if harassment not in (*HARASSMENT_ANSWERS, ""):
        raise InvalidInputError(_("That answer is not known."), hint=_("Pick one of the choices."))
    clean: dict[str, list[str]] = {}
    for platform, steps in done.items():
        if platform not in platforms():
            continue
        chosen: list[str] = [s for s in STEPS if s in steps]
        if "delete" in chosen and "save" not in chosen and harassment != "no":
            raise InvalidInputError(
                _("Save a copy in Onward before you delete ({name}).").format(
                    name=platforms()[platform]
                ),
                hint=_(
                    "If there has been any harassment, those messages may be evidence. "
                    "Once deleted, they are often gone for good."
                ),
            )
        clean[platform] = chosen
    items.save_singleton(vault, kind=TIDY_KIND, data={"harassment": harassment, "done": clean})
    return load_tidy(vault)


# --- unsent letters --------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Letter:
    id: str
    text: str
    written_at: datetime

    @property
    def preview(self) -> str:
        first = self.text.strip().splitlines()[0] if self.text.strip() else ""
        return first[:80]


@dataclass(frozen=True, slots=True)
class LetterPrompts:
    title: str
    intro: str
    minutes: int
    prompts: tuple[str, ...]


def letter_prompts() -> LetterPrompts:
    raw = load_prompts()["unsent_letter"]
    return LetterPrompts(
        str(raw["title"]),
        " ".join(str(raw["intro"]).split()),
        int(raw["time_box_minutes"]),
        tuple(str(p) for p in raw["prompts"]),
    )


def _letter(doc: items.Doc) -> Letter:
    return Letter(doc.id, doc.data["text"], datetime.fromisoformat(doc.data["at"]))


def write_letter(vault: Vault, *, text: str) -> Letter:
    body = clean_text(text, field=_("The letter"), limit=LETTER_LIMIT)
    if is_blank(body):
        raise InvalidInputError(_("The letter is empty."), hint=_("Write what you want to say."))
    return _letter(
        items.add(vault, kind=LETTER_KIND, data={"text": body, "at": now_utc().isoformat()})
    )


def letters(vault: Vault) -> list[Letter]:
    """Letters kept, newest first."""
    return [_letter(d) for d in reversed(all_docs(vault, kind=LETTER_KIND))]


def get_letter(vault: Vault, *, letter_id: str) -> Letter:
    return _letter(require_doc(items.get(vault, kind=LETTER_KIND, item_id=letter_id)))


def burn_letter(vault: Vault, *, letter_id: str) -> None:
    """Destroy a letter: its row and its own key go, and the SQLite WAL is truncated (R23)."""
    require_doc(items.get(vault, kind=LETTER_KIND, item_id=letter_id))
    items.remove(vault, kind=LETTER_KIND, item_id=letter_id)


# --- what I learned ----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Learned:
    prompts: tuple[str, ...]
    answers: tuple[str, ...]  # one per prompt
    patterns: tuple[str, ...]  # patterns to avoid next time
    guides: list[GuideLink]


def _lesson_prompts() -> tuple[str, ...]:
    return tuple(str(p) for p in load_prompts()["lessons"]["prompts"])


def load_learned(vault: Vault) -> Learned:
    prompts = _lesson_prompts()
    doc = items.singleton(vault, kind=LEARNED_KIND)
    answers = list(doc.data["answers"]) if doc else []
    answers += [""] * (len(prompts) - len(answers))
    patterns = tuple(doc.data["patterns"]) if doc else ()
    return Learned(
        prompts, tuple(answers[: len(prompts)]), patterns, guide_links("closure-lessons")
    )


def save_learned(vault: Vault, *, answers: list[str], patterns: str) -> Learned:
    prompts = _lesson_prompts()
    kept = [clean_text(a, field=_("An answer"), limit=5000) for a in answers[: len(prompts)]]
    found = checked_lines(patterns, field=_("the patterns you noticed"), lines=20, chars=300)
    data = {"answers": kept, "patterns": found}
    items.save_singleton(vault, kind=LEARNED_KIND, data=data | {"at": now_utc().isoformat()})
    return load_learned(vault)
