"""Bad input on every form of the local app: answered in place, specific, and nothing lost.

Each case posts one form of the local (SQLite) app with realistic bad input: missing or
empty fields, very long text, odd characters, numbers and dates out of range, choices and
ids the app does not know, and wrong uploads. A refused form answers 4xx in place (the
checks of ``_failed_in_place``: no-store, no Location, nothing typed in the URL or the
alert) with an alert that names the problem. A few values are harmless and simply ignored;
those answer 303, and the case says why.

Every case starts from a copy of a vault, made once, that holds a journal entry, a log
entry, the three plans, the self-care plan, the self-worth answers, the lessons, a
no-contact plan, the repair notes and agreement, and an imported chat. Afterwards all of it
reads back the same: nothing lost, nothing half-written, no link added to the chain.
"""

from __future__ import annotations

import io
import re
import shutil
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from tests.conftest import PASSPHRASE, fast_settings
from tests.web.conftest import csrf, unlock
from tests.web.test_form_errors import SENTINEL, _failed_in_place
from tests.web.test_timeline_pages import CHAT, NAME

from onward.guide.decision import load_decision, pairs
from onward.services import (
    chain_store,
    closure,
    conversations,
    evidence_log,
    import_upload,
    journal,
    letgo_track,
    nocontact_log,
    plans_store,
    recovery_log,
    repair_track,
    timeline,
)
from onward.services import vault as vs
from onward.services.evidence_log import EntryInput
from onward.services.tracks_common import local_today
from onward.web import security
from onward.web.app import create_app

SAVED = "saved words 4c1e"  # in the vault before each case; must read back unchanged
TYPED = f"{SENTINEL} typed words"  # sent by a case; never in an alert or a URL
LONG_PASSPHRASE = "violet anchor drifting lantern " * 3  # 93 characters, more than zxcvbn takes
ZEROS = "0" * 32  # a well-formed id that names nothing
PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(256))
INVISIBLE = " \u200b\u200e\n\ufeff\u00a0 \u200b"  # looks empty; str.strip() keeps most of it
LONG_NAME = "long-name-" + "n" * 100_000  # the form cannot even be read
LONGISH_NAME = "long-name-" + "é" * 200  # 410 bytes: longer than a file name can be
LOG_FORM: dict[str, str] = {"at": "2026-03-01T21:30", "channel": "phone", "what": TYPED}
Form = Mapping[str, str | list[str]]


@dataclass(frozen=True)
class Seeded:
    folder: Path
    ids: dict[str, str]  # placeholders in a case's path: log, chat, msg, zeros


@dataclass(frozen=True)
class Web:
    client: TestClient
    token: str
    ids: dict[str, str]

    def post(self, path: str, data: Form, files: Any = None) -> Any:
        return self.client.post(
            path.format(**self.ids),
            data={"csrf": self.token, **data},
            files=files,
            follow_redirects=False,
        )

    def vault(self) -> vs.Vault:
        sessions = self.client.app.state.sessions  # type: ignore[attr-defined]
        vault: vs.Vault | None = sessions.vault_for(
            self.client.cookies.get(security.SESSION_COOKIE)
        )
        assert vault is not None
        return vault


def _seed(vault: vs.Vault) -> dict[str, str]:
    today = local_today()
    journal.add_entry(vault, text=SAVED)
    when = datetime(2026, 3, 1, 21, 30, tzinfo=UTC)
    logged = evidence_log.add_entry(vault, EntryInput(when, "phone", SAVED))
    plans_store.save_plan(vault, plans_store.TALK, {"setting": "message", "reasons": [SAVED]})
    plans_store.save_plan(
        vault, plans_store.LIMITS, {"rule": "no_contact", "duration_days": 30, "channel": SAVED}
    )
    plans_store.save_plan(vault, plans_store.SAFETY, {"safe_places": [SAVED]})
    recovery_log.save_care_plan(vault, calm=SAVED)
    letgo_track.save_worth(vault, values=SAVED, friend_words=SAVED, need=SAVED)
    closure.save_learned(vault, answers=[SAVED], patterns=SAVED)
    nocontact_log.save_plan(vault, start=today - timedelta(days=3), why=SAVED, today=today)
    repair_track.save_talk(vault, my_questions=SAVED, partner_said="", today=today)
    repair_track.save_agreement(
        vault, start=today, duration_days=30, contact="none", my_part=SAVED, today=today
    )
    import_upload.import_stream(vault, io.BytesIO(CHAT.encode()), NAME)
    chat = conversations.list_chats(vault)[0].item_id
    row = timeline.page(vault, timeline.make_query(categories=[], channels=[])).rows[0]
    return {"log": logged.entry_id, "chat": chat, "msg": row.id, "zeros": ZEROS}


def _saved(vault: vs.Vault) -> tuple[object, ...]:
    """Everything the seed wrote, as it reads back now."""
    plans = [plans_store.load_plan(vault, name) for name in plans_store.KINDS]
    return (
        [e.text for e in journal.all_entries(vault)],
        [
            (e.entry_id, [v.data["what"] for v in e.versions])
            for e in evidence_log.list_entries(vault)
        ],
        chain_store.head(vault).length,
        [(p.saved_at, p.data) if p else None for p in plans],
        recovery_log.load_care(vault, today=local_today()).plan,
        letgo_track.load_letgo(vault).worth,
        closure.load_learned(vault).patterns,
        nocontact_log.load_plan(vault),
        repair_track.load_track(vault, today=local_today()).talk,
        repair_track.load_agreement(vault),
        [(c.item_id, c.mapped) for c in conversations.list_chats(vault)],
    )


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> Seeded:
    folder = tmp_path_factory.mktemp("seeded") / "data"
    vault, _ = vs.create_vault(fast_settings(folder), passphrase=PASSPHRASE)
    try:
        ids = _seed(vault)
    finally:
        vault.lock()
    return Seeded(folder, ids)


@pytest.fixture
def web(seeded: Seeded, tmp_path: Path) -> Iterator[Web]:
    """The app on a fresh copy of the seeded vault, unlocked."""
    settings = fast_settings(tmp_path / "data")
    shutil.copytree(seeded.folder, settings.data_dir)
    with TestClient(create_app(settings), base_url="https://testserver") as client:
        assert unlock(client) == 303
        yield Web(client, csrf(client), seeded.ids)


# (id, path, form, words the alert must hold): refused with 400 and answered in place
REFUSED: list[tuple[str, str, Form, tuple[str, ...]]] = [
    # were a crash page ("Something went wrong on our side")
    ("log-at-year-1", "/log", LOG_FORM | {"at": "0001-01-01T00:00"}, ("too far",)),
    ("log-amend-at-year-1", "/log/{log}/amend", LOG_FORM | {"at": "0001-01-01T00:00"},
        ("too far",)),
    ("plan-talk-check-in-year-1", "/plan/talk", {"setting": "message", "trusted_name": "Jo",
        "trusted_how": "phone", "check_in": "0001-01-01T00:00"}, ("too far",)),
    ("report-preview-from-year-1", "/report/preview", {"start": "0001-01-01"}, ("too far",)),
    ("report-pdf-to-year-9999", "/report/pdf", {"end": "9999-12-31"}, ("too far",)),
    ("report-bundle-to-year-9999", "/report/bundle", {"end": "9999-12-31"}, ("too far",)),
    ("mend-pause-start-year-9999", "/mend/pause", {"start": "9999-12-31", "days": "30",
        "contact": "none", "my_part": TYPED}, ("too far ahead", "year")),
    ("recover-long-passphrase", "/recover", {"recovery_key": TYPED,
        "passphrase": LONG_PASSPHRASE, "confirm": LONG_PASSPHRASE}, ("recovery key",)),
    ("passphrase-change-long", "/settings/passphrase", {"old": TYPED, "new": LONG_PASSPHRASE,
        "confirm": LONG_PASSPHRASE}, ("did not open",)),
    # was saved, and then /plan/limits was a crash page for good
    ("plan-limits-start-year-9999", "/plan/limits", {"rule": "no_contact",
        "start": "9999-12-31", "duration": "30"}, ("too far in the future", "year")),
    # repeated what was sent in the alert
    ("plan-care-ticked-unknown", "/plan/care", {"packed": TYPED}, ("not on the checklist",)),
    ("plan-talk-setting-unknown", "/plan/talk", {"setting": TYPED}, ("not on the list",
        "message")),
    ("plan-talk-item-unknown", "/plan/talk", {"setting": "message", "done": TYPED},
        ("not on the list",)),
    ("plan-limits-rule-unknown", "/plan/limits", {"rule": TYPED, "duration": "30"},
        ("not on the list", "no_contact")),
    ("plan-limits-step-unknown", "/plan/limits", {"rule": "no_contact", "duration": "30",
        "step": TYPED}, ("not on the list", "block")),
    ("report-category-unknown", "/report/preview", {"categories": [TYPED]},
        ("Unknown flag type.", "threat")),
    ("timeline-mark-unknown", "/timeline/{msg}/mark", {"category": TYPED, "action": "mark"},
        ("Unknown flag type.", "threat")),
    ("timeline-dismiss-empty", "/timeline/{msg}/dismiss", {"category": ""},
        ("Unknown flag type.", "threat")),
    # said the wrong thing ("must be 1 to 180 days; got 0" for words)
    ("mend-pause-days-words", "/mend/pause", {"days": TYPED, "contact": "none"},
        ("whole number of days", "30")),
    # were cut short without a word, then "Saved."
    ("care-line-too-long", "/care", {"calm": "x" * 201}, ("too long", "200")),
    ("care-too-many-lines", "/care", {"people": "\n".join(f"p{i}" for i in range(21))},
        ("more than 20 lines",)),
    ("worth-line-too-long", "/worth", {"values": "x" * 201}, ("too long", "200")),
    ("learned-line-too-long", "/learned", {"patterns": "x" * 301}, ("too long", "300")),
    # already good: kept so
    ("note-too-long", "/notes", {"text": TYPED + "x" * 100_001}, ("too long",)),
    ("note-whitespace", "/notes", {"text": " \n\t "}, ("empty",)),
    ("log-no-channel", "/log", LOG_FORM | {"channel": ""}, ("Choose how",)),
    ("log-at-words", "/log", LOG_FORM | {"at": "yesterday"}, ("2026-03-01 21:30",)),
    ("log-at-year-9999", "/log", LOG_FORM | {"at": "9999-12-31T23:59"}, ("in the future",)),
    ("log-what-whitespace", "/log", LOG_FORM | {"what": " \n\t "}, ("few words",)),
    # were saved: nothing but invisible characters
    ("log-what-invisible", "/log", LOG_FORM | {"what": INVISIBLE}, ("few words",)),
    ("log-amend-what-invisible", "/log/{log}/amend", LOG_FORM | {"what": "\u200b"},
        ("few words",)),
    ("note-invisible", "/notes", {"text": INVISIBLE}, ("empty",)),
    ("letter-invisible", "/letter", {"text": INVISIBLE}, ("empty",)),
    ("unsent-invisible", "/unsent", {"text": INVISIBLE, "action": "keep"}, ("empty",)),
    ("draft-invisible", "/draft", {"text": INVISIBLE, "action": "check"},
        ("nothing to check",)),
    ("care-log-invisible", "/care/log", {"kind": "care", "text": INVISIBLE}, ("few words",)),
    ("log-redact-no-reason", "/log/{log}/redact", {"reason": "   "}, ("why",)),
    ("settings-idle-huge", "/settings", {"idle_minutes": "99999999999999999999"},
        ("between 1 and 120",)),
    ("settings-idle-1e309", "/settings", {"idle_minutes": "1e309"}, ("whole number",)),
    ("settings-idle-twice", "/settings", {"idle_minutes": ["7", TYPED]}, ("whole number",)),
    ("today-mood-nan", "/today", {"mood": "nan", "urge": "0"}, ("Mood",)),
    ("today-sleep-words", "/today", {"mood": "3", "urge": "0", "sleep": TYPED}, ("sleep",)),
    ("space-start-feb-30", "/space", {"start": "2026-02-30", "why": TYPED}, ("not a date",)),
    ("space-slip-yesterday", "/space/slip", {"day": "yesterday"}, ("not a date",)),
    ("timeline-offset-bidi", "/timeline/settings", {"offset": "\u202e+01:00"}, ("offset",)),
    ("unsent-too-long", "/unsent", {"text": "x" * 10_001, "action": "keep"}, ("too long",)),
    ("letter-whitespace", "/letter", {"text": "   "}, ("empty",)),
    ("draft-empty", "/draft", {"text": "", "action": "check"}, ("nothing to check",)),
    ("urge-too-long", "/urge", {"trigger": "x" * 201}, ("too long",)),
    ("care-log-kind", "/care/log", {"kind": TYPED, "text": "a walk"}, ("not known",)),
    ("mend-status-event", "/mend/status", {"event": TYPED}, ("not known",)),
    ("mend-sorry-too-long", "/mend/sorry", {"ask": "x" * 501}, ("too long",)),
    ("goodbye-too-long", "/goodbye", {"closing": "x" * 601}, ("too long",)),
    ("tidy-answer", "/tidy", {"harassment": TYPED}, ("not known",)),
    ("start-situation", "/start", {"situation": TYPED}, ("choose the line",)),
    ("measure-opt-in", "/measure", {"opted": [TYPED]}, ("optional",)),
    ("measure-answer-nan", "/measure/who5", {f"q{i}": "nan" for i in range(1, 6)},
        ("whole number",)),
    ("chats-two-partners", "/chats/{chat}", {"role0": "partner", "role1": "partner"},
        ("exactly one",)),
    ("decide-nothing-ticked", "/decide", {}, ("at least one",)),
    ("health-answer", "/health", {"h_jealous": TYPED}, ("never, sometimes, often",)),
    ("guide-search-too-long", "/guide", {"q": "x" * 2001}, ("too long",)),
]  # fmt: skip

# (id, path, form, upload, words): wrong uploads, refused with 400 in place
UPLOADS: list[tuple[str, str, Form, Any, tuple[str, ...]]] = [
    ("log-file-empty", "/log", LOG_FORM, [("files", ("a.jpg", b"", "image/jpeg"))],
        ("empty", "again")),
    ("import-empty", "/import", {}, {"upload": (NAME, b"", "text/plain")}, ("empty",)),
    ("import-picture", "/import", {}, {"upload": ("x.png", PNG, "image/png")},
        ("could not tell", "format")),
    ("import-format", "/import", {"fmt": TYPED}, {"upload": (NAME, CHAT.encode(), "text/plain")},
        ("do not know that import format",)),
    ("import-date-order", "/import", {"order": TYPED},
        {"upload": (NAME, CHAT.encode(), "text/plain")}, ("date order", "DMY")),
    ("restore-picture", "/restore", {"passphrase": TYPED, "replace": "yes"},
        {"file": ("b.bak", PNG, "application/octet-stream")}, ("not an Onward backup",)),
    # were "That did not work." (the form could not be read), and for the import a crash
    # page (the name could not be saved on disk) or a name cut short without a word
    ("log-file-name-huge", "/log", LOG_FORM, [("files", (LONG_NAME, PNG, "image/png"))],
        ("name of a file", "too long", "Rename", "shorter")),
    ("log-file-name-long", "/log", LOG_FORM, [("files", (LONGISH_NAME, PNG, "image/png"))],
        ("name of a file", "too long", "Rename", "shorter")),
    ("import-name-huge", "/import", {}, {"upload": (LONG_NAME, CHAT.encode(), "text/plain")},
        ("name of a file", "too long", "Rename", "shorter")),
    ("import-name-long", "/import", {},
        {"upload": (LONGISH_NAME, CHAT.encode(), "text/plain")},
        ("name of a file", "too long", "Rename", "shorter")),
]  # fmt: skip

# (id, path, form, words): an id that is not there, or not an id at all: 404 in place
NOT_FOUND: list[tuple[str, str, Form, tuple[str, ...]]] = [
    ("note-delete", "/notes/{zeros}/delete", {}, ("not found",)),
    ("note-edit-not-an-id", "/notes/" + "A" * 32, {"text": TYPED}, ("does not exist",)),
    ("log-amend", "/log/{zeros}/amend", LOG_FORM, ("not here",)),
    ("log-redact", "/log/{zeros}/redact", {"reason": TYPED}, ("not here",)),
    ("chat-roles", "/chats/{zeros}", {"role0": "partner"}, ("not here",)),
    ("timeline-mark", "/timeline/{zeros}/mark", {"category": "threat"}, ("not here",)),
    ("letter-burn", "/letter/{zeros}/burn", {}, ("not found",)),
    ("unsent-burn", "/unsent/{zeros}/burn", {}, ("not found",)),
    ("urge-done", "/urge/{zeros}/done", {}, ("not found",)),
    ("draft-delete-not-an-id", "/draft/nosuch/delete", {}, ("does not exist",)),
    ("decide-sure", "/decide/{zeros}", {}, ("not found",)),
    ("job-stop", "/job/{zeros}/stop", {}, ("not here",)),
    ("measure-name", "/measure/nosuch", {"q1": "1"}, ("who5",)),
]  # fmt: skip

# (id, path, form, where it goes): harmless values that are ignored, answered with 303
IGNORED: list[tuple[str, str, Form, str]] = [
    # A choice that is neither yes nor no is a question left out, as skipping one is allowed.
    ("check-answer-unknown", "/check", {"q_weapon": TYPED}, "/check/result"),
    # Anything but "keep" destroys the unsent message at once: nothing is written.
    ("unsent-action-unknown", "/unsent", {"text": TYPED, "action": TYPED}, "/unsent?destroyed=1"),
    # The same field twice: the first value counts (forms read through services.fields).
    ("start-situation-twice", "/start", {"situation": ["leaving", TYPED]}, "/home"),
]  # fmt: skip

# (id, path, form, words): refused, and what was typed is shown again in its own fields
KEPT: list[tuple[str, str, Form, tuple[str, ...]]] = [
    ("plan-care", "/plan/care", {"name_1": TYPED, "place_1": f"{TYPED} 2"},
        ("name and a way to reach",)),
    ("plan-talk", "/plan/talk", {"setting": "no-such", "reason_1": TYPED,
        "trusted_name": f"{TYPED} 2", "trusted_how": "phone"}, ("not on the list",)),
    ("plan-limits", "/plan/limits", {"rule": "no_contact", "duration": "custom",
        "custom_days": "", "channel": TYPED}, ("how long",)),
    ("log-amend", "/log/{log}/amend", LOG_FORM | {"at": "9999-12-31T23:59",
        "harm": f"{TYPED} 2"}, ("in the future",)),
    ("mend-talk", "/mend/talk", {"my_questions": "x" * 20_001, "partner_said": TYPED},
        ("too long",)),
    ("mend-sorry", "/mend/sorry", {"what_i_did": TYPED, "ask": "x" * 501}, ("too long",)),
    ("mend-pause", "/mend/pause", {"days": "0", "contact": "none", "my_part": TYPED,
        "their_name": f"{TYPED} 2"}, ("1 to 180 days",)),
    ("worth", "/worth", {"values": TYPED, "need": "x" * 1001}, ("too long",)),
    ("space", "/space", {"start": "9999-12-31", "why": TYPED}, ("after today",)),
    ("learned", "/learned", {"answer": ["x" * 5001], "patterns": TYPED}, ("too long",)),
    ("care", "/care", {"calm": TYPED, "needs": "x" * 201}, ("too long",)),
    # were lost
    ("space-slip", "/space/slip", {"day": "9999-12-31", "trigger": TYPED}, ("outside",)),
    ("care-log", "/care/log", {"kind": "new", "text": TYPED + "x" * 300}, ("too long",)),
    ("today-sleep", "/today", {"mood": "3", "urge": "2", "sleep": TYPED, "note": f"{TYPED} 2"},
        ("sleep",)),
    ("today-note", "/today", {"mood": "3", "urge": "0", "sleep": "7", "note": TYPED * 10},
        ("too long",)),
    ("check", "/check", {"q_weapon": "no", "worries": TYPED + "x" * 2000}, ("too long",)),
]  # fmt: skip

_AID = load_decision()
_PAIR = "pair_{}__{}".format(*pairs(_AID.criterion_ids())[0])
_SURE = f"before_{_AID.sure_items[0].id}"
# (id, path, form, words, in the page, not in the page): refused, and the choices made are
# ticked again (an unknown one is left out)
TICKED: list[tuple[str, str, Form, tuple[str, ...], tuple[str, ...], tuple[str, ...]]] = [
    ("today-urge", "/today", {"mood": "nan", "urge": "3"}, ("Mood",),
        ('name="urge" value="3" checked',), ('value="0" checked',)),
    ("care-log-kind", "/care/log", {"kind": "connect", "text": "x" * 301}, ("too long",),
        ('name="kind" value="connect" checked',), ('value="care" checked',)),
    ("check", "/check", {"q_weapon": "yes", "q_stalking": "no", "worries": "x" * 2001,
        "q_own_thoughts_of_suicide": "yes"}, ("too long",),
        ('name="q_weapon" value="yes" checked', 'name="q_stalking" value="no" checked',
         'value="yes" data-crisis-toggle checked', "data-crisis-box>"),
        ("data-crisis-box hidden",)),  # the crisis lines show at once, as when first ticked
    ("health", "/health", {"h_jealous": "often", "h_feel_safe": "sometimes", "h_afraid": TYPED},
        ("never, sometimes, often",),
        ('name="h_jealous" value="often" checked', 'name="h_feel_safe" value="sometimes" checked'),
        ('name="h_afraid" value="never" checked',)),
    ("decide", "/decide", {_PAIR: "a_much", _SURE: "yes"}, ("at least one",),
        (f'name="{_PAIR}" value="a_much" checked', f'name="{_SURE}" value="yes" checked'),
        ('value="1" checked',)),  # nothing was ticked: nothing is ticked again
]  # fmt: skip

# (id, path, form, the range the alert names): a number out of range is not repeated back
RANGES: list[tuple[str, str, Form, str]] = [
    ("today-mood", "/today", {"mood": "987", "urge": "0"}, "1 to 5"),
    ("today-urge", "/today", {"mood": "3", "urge": "987"}, "0 to 4"),
    ("today-sleep", "/today", {"mood": "3", "urge": "0", "sleep": "98.7"}, "0 to 24"),
    ("today-note-length", "/today", {"mood": "3", "urge": "0", "note": "x" * 987}, "280"),
    ("who5-answer", "/measure/who5", {"q1": "987"} | {f"q{i}": "1" for i in range(2, 6)},
        "0 to 5"),
    ("phq9-difficulty", "/measure/phq9", {f"q{i}": "0" for i in range(1, 10)}
        | {"difficulty": "987"}, "0 to 3"),
    ("mend-pause-days", "/mend/pause", {"days": "987", "contact": "none"}, "1 to 180"),
]  # fmt: skip


def _ids(table: list[tuple[Any, ...]]) -> list[str]:
    return [case[0] for case in table]


def _path(web: Web, path: str) -> str:
    return path.format(**web.ids)


@pytest.mark.parametrize(("path", "form", "words"), [c[1:] for c in REFUSED], ids=_ids(REFUSED))
def test_bad_form_is_refused_in_place_and_loses_nothing(
    web: Web, path: str, form: Form, words: tuple[str, ...]
) -> None:
    before = _saved(web.vault())
    alert = _failed_in_place(web.post(path, form), _path(web, path))
    for word in words:
        assert word in alert, (word, alert)
    assert _saved(web.vault()) == before


@pytest.mark.parametrize(
    ("path", "form", "files", "words"), [c[1:] for c in UPLOADS], ids=_ids(UPLOADS)
)
def test_wrong_upload_is_refused_in_place_and_loses_nothing(
    web: Web, path: str, form: Form, files: Any, words: tuple[str, ...]
) -> None:
    before = _saved(web.vault())
    alert = _failed_in_place(web.post(path, form, files), path)
    for word in words:
        assert word in alert, (word, alert)
    assert _saved(web.vault()) == before


@pytest.mark.parametrize(("path", "form", "words"), [c[1:] for c in NOT_FOUND], ids=_ids(NOT_FOUND))
def test_unknown_id_is_404_in_place(
    web: Web, path: str, form: Form, words: tuple[str, ...]
) -> None:
    before = _saved(web.vault())
    alert = _failed_in_place(web.post(path, form), _path(web, path), 404)
    for word in words:
        assert word in alert, (word, alert)
    assert _saved(web.vault()) == before


@pytest.mark.parametrize(("path", "form", "where"), [c[1:] for c in IGNORED], ids=_ids(IGNORED))
def test_harmless_value_is_ignored(web: Web, path: str, form: Form, where: str) -> None:
    before = _saved(web.vault())
    r = web.post(path, form)
    assert r.status_code == 303 and r.headers["location"] == where
    assert SENTINEL not in r.headers["location"]
    assert web.client.get(where).status_code == 200
    assert _saved(web.vault()) == before


@pytest.mark.parametrize(("path", "form", "words"), [c[1:] for c in KEPT], ids=_ids(KEPT))
def test_refused_form_shows_what_was_typed_again(
    web: Web, path: str, form: Form, words: tuple[str, ...]
) -> None:
    before = _saved(web.vault())
    r = web.post(path, form)
    alert = _failed_in_place(r, _path(web, path))
    for word in words:
        assert word in alert, (word, alert)
    for value in form.values():
        for text in [value] if isinstance(value, str) else value:
            if SENTINEL in text:  # back in its own field, and only there
                assert r.text.count(f">{text}<") + r.text.count(f'"{text}"') == 1, text
    assert _saved(web.vault()) == before


@pytest.mark.parametrize(
    ("path", "form", "words", "shown", "not_shown"), [c[1:] for c in TICKED], ids=_ids(TICKED)
)
def test_refused_form_ticks_the_choices_again(
    web: Web,
    path: str,
    form: Form,
    words: tuple[str, ...],
    shown: tuple[str, ...],
    not_shown: tuple[str, ...],
) -> None:
    before = _saved(web.vault())
    r = web.post(path, form)
    alert = _failed_in_place(r, path)
    for word in words:
        assert word in alert, (word, alert)
    for html in shown:
        assert html in r.text, html
    for html in not_shown:
        assert html not in r.text, html
    assert SENTINEL not in r.text  # an unknown choice is not put back anywhere
    assert _saved(web.vault()) == before


@pytest.mark.parametrize(("path", "form", "allowed"), [c[1:] for c in RANGES], ids=_ids(RANGES))
def test_number_out_of_range_is_not_repeated(web: Web, path: str, form: Form, allowed: str) -> None:
    before = _saved(web.vault())
    alert = _failed_in_place(web.post(path, form), path)
    assert allowed in alert, alert
    assert "987" not in alert and "98.7" not in alert, alert
    assert _saved(web.vault()) == before


def test_too_long_file_name_is_not_repeated(web: Web) -> None:
    """Not in the alert, and nowhere else on the page: not even its first few letters."""
    for path, form, files in [c[1:4] for c in UPLOADS if "-name-" in c[0]]:
        r = web.post(path, form, files)
        assert r.status_code == 400, path
        assert "long-name" not in r.text and "nnnnn" not in r.text and "ééééé" not in r.text


def test_refused_pages_still_open_afterwards(web: Web) -> None:
    """A refused save leaves every page it touches working (a saved start in 9999 did not)."""
    for path, form in [
        ("/plan/limits", {"rule": "no_contact", "start": "9999-12-31", "duration": "30"}),
        ("/mend/pause", {"start": "9999-12-31", "days": "30", "contact": "none"}),
        ("/timeline/settings", {"nocontact": "9999-12-31", "offset": ""}),
    ]:
        web.post(path, form)
        assert web.client.get(path.removesuffix("/settings")).status_code == 200, path
    assert web.client.get("/plan/limits?print=1").status_code == 200
    assert web.client.get("/charts").status_code == 200


def test_long_passphrases_are_taken(web: Web, tmp_path: Path) -> None:
    """zxcvbn refuses more than 72 characters; Onward scores the first 72 instead."""
    r = web.post("/settings/passphrase", {"old": PASSPHRASE, "new": LONG_PASSPHRASE,
                                          "confirm": LONG_PASSPHRASE})  # fmt: skip
    assert r.status_code == 303 and r.headers["location"] == "/settings?done=passphrase"
    settings = fast_settings(tmp_path / "fresh")
    with TestClient(create_app(settings), base_url="https://testserver") as client:
        data = {"csrf": csrf(client), "passphrase": LONG_PASSPHRASE * 1000}
        r = client.post("/setup", data=data | {"confirm": data["passphrase"]})
        assert r.status_code == 200 and "recovery" in r.text.lower()


def test_every_local_form_route_has_a_case(tmp_path: Path) -> None:
    """New form routes get a bad-input case here (skipped: no input, or hosted only)."""
    from onward.web.app import route_inventory

    covered = {
        re.sub(r"\{(\w+)\}", "{}", re.sub(r"/[0-9a-f]{32}|/A{32}|/nosuch", "/{}", c[1]))
        for table in (REFUSED, UPLOADS, NOT_FOUND, IGNORED, KEPT)
        for c in table
    }
    no_input = {"/lock", "/x", "/alive", "/log/anchor", "/goodbye/forget", "/settings/backup"}
    no_input |= {"/setup", "/unlock", "/lines", "/friend"}  # test_form_errors / harmless
    app = create_app(fast_settings(tmp_path / "data"))
    posts = {
        re.sub(r"\{\w+\}", "{}", path)
        for path, methods in route_inventory(app)
        if "POST" in methods and not path.startswith("/api/")
    }
    assert posts - covered - no_input == set()
