"""The second check: model flags stored on imported messages, resumable, idempotent.

The texts were chosen by running ``onward check`` (rules) and ``onward check --deep``
(rules + model) on candidates written for this test: the rules miss the two self-harm
messages and the model flags them; the ordinary ones get nothing from either.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from tests.conftest import PASSPHRASE

from onward.analysis.flags import PARTNER_CATEGORIES, detect_flags
from onward.analysis.model_flags import MODEL_VERSION, model_flags
from onward.config import Settings
from onward.importers.base import ParseOptions
from onward.report.texts import category_label
from onward.services import contacts as cs
from onward.services import conversations, imports, items, reports, second_check, timeline
from onward.services import second_check_progress as progress_store
from onward.services import vault as vs
from onward.services.imports import run_import
from onward.services.report_data import ReportOptions
from onward.services.second_check_runner import SecondCheckRunner
from onward.store import contacts_repo, second_check_repo
from onward.store.contacts_repo import ContactFilter

MISSED = "everyone would be happier without me in the picture"  # rules: nothing; model: self-harm
LETTERS = "I've written the letters. Goodbye."  # likewise
THREAT = "I will kill you if you leave"  # a rule flag already
ORDINARY = (
    "did you remember to buy milk",
    "see you at the game on saturday",
    "happy birthday to your mum",
)
EXPORT = "\n".join(
    [
        f"14/03/2021, 08:01 - Sam: {ORDINARY[0]}",
        "14/03/2021, 08:02 - Alex: the train was late again today",
        f"14/03/2021, 08:03 - Sam: {MISSED}",
        f"14/03/2021, 08:04 - Sam: {ORDINARY[1]}",
        f"14/03/2021, 08:05 - Sam: {THREAT}",
        f"14/03/2021, 08:06 - Alex: {LETTERS}",
        f"14/03/2021, 08:07 - Sam: {LETTERS}",
        f"15/03/2021, 09:00 - Sam: {ORDINARY[2]}",
    ]
)
SAM_TEXTS = [ORDINARY[0], MISSED, ORDINARY[1], THREAT, LETTERS, ORDINARY[2]]
Snapshot = list[tuple[str | None, str, list[tuple[Any, ...]], int, int]]


@pytest.fixture
def vault(settings: Settings, tmp_path: Path) -> Iterator[vs.Vault]:
    v, _ = vs.create_vault(settings, passphrase=PASSPHRASE)
    path = tmp_path / "WhatsApp Chat with Sam.txt"
    path.write_text(EXPORT + "\n", encoding="utf-8")
    run_import(v, path, options=ParseOptions(timezone="UTC"), me="Alex", partner="Sam")
    yield v
    v.lock()


def stored(vault: vs.Vault) -> list[cs.Contact]:
    with items.reading(vault) as conn:
        rows = contacts_repo.page(conn, vault_id=vault.vault_id, where=ContactFilter(), limit=100)
        ciphers = imports.ciphers_for(conn, vault, {r.import_id for r in rows if r.import_id})
    return [cs.decrypt_row(vault, r, ciphers) for r in rows]


def snapshot(vault: vs.Vault) -> Snapshot:
    """(sender, text, flags, flag bits, dismissed bits) of every row, in time order."""
    return [
        (
            c.sender,
            c.text,
            [tuple(sorted((k, str(v)) for k, v in f.items())) for f in c.body.get("flags", [])],
            c.flags,
            c.dismissed,
        )
        for c in stored(vault)
    ]


def model_of(vault: vs.Vault, text: str, sender: str = "Sam") -> list[dict[str, Any]]:
    contact = next(c for c in stored(vault) if c.text == text and c.sender == sender)
    return [f for f in contact.body.get("flags", []) if cs.is_model_flag(f)]


def expected_model_flags(texts: list[str]) -> dict[str, set[str]]:
    """What the model finds on its own for each text (rules passed as already found)."""
    rules = [detect_flags(t, categories=frozenset(PARTNER_CATEGORIES)) for t in texts]
    found = model_flags(texts, categories=PARTNER_CATEGORIES, rule_flags=rules)
    return {t: {f.category for f in fs} for t, fs in zip(texts, found, strict=True)}


def rewrite(vault: vs.Vault, change: Callable[[cs.Contact], tuple[dict[str, Any], int]]) -> None:
    """Re-seal every imported row with ``change(contact) -> (body, flag bits)``."""
    with items.transaction(vault) as conn:
        rows = contacts_repo.page(conn, vault_id=vault.vault_id, where=ContactFilter(), limit=100)
        ciphers = imports.ciphers_for(conn, vault, {r.import_id for r in rows if r.import_id})
        for row in rows:
            body, bits = change(cs.decrypt_row(vault, row, ciphers))
            sealed = ciphers[str(row.import_id)].encrypt(
                cs.encode_body(body), cs.contact_aad(vault.vault_id, row.id)
            )
            contacts_repo.set_body(
                conn, vault_id=vault.vault_id, contact_id=row.id, body=sealed, flags=bits
            )


def test_second_check_stores_model_flags_where_the_rules_missed(vault: vs.Vault) -> None:
    before = snapshot(vault)
    assert not model_of(vault, MISSED) and second_check.pending(vault) == len(SAM_TEXTS)
    summary = second_check.run(vault)
    assert summary.checked == len(SAM_TEXTS) and second_check.pending(vault) == 0
    expected = expected_model_flags(SAM_TEXTS)
    assert "self_harm_pressure" in expected[MISSED]  # chosen with `onward check --deep`
    for text in SAM_TEXTS:
        assert {f["category"] for f in model_of(vault, text)} == expected[text]
    assert summary.flagged == sum(1 for t in SAM_TEXTS if expected[t])
    flag = model_of(vault, MISSED)[0]
    assert flag["span"] is None and flag["model"] == MODEL_VERSION
    assert flag["rule_id"] == "model.self_harm_pressure" and 0 < flag["score"] <= 1
    assert "similar to" in flag["reason"]
    row = next(c for c in stored(vault) if c.text == MISSED)
    assert row.flags == cs.bits_for(expected[MISSED]) and row.dismissed == 0
    for text in ORDINARY:
        assert not model_of(vault, text)
    # the rule's threat flag is kept and never doubled by the model
    threat = next(c for c in stored(vault) if c.text == THREAT)
    categories = [f["category"] for f in threat.body.get("flags", [])]
    assert categories.count("threat") == 1 and len(categories) == len(set(categories))
    # my own messages are not read
    assert not model_of(vault, LETTERS, sender="Alex")
    untouched = [s for s in before if s[0] == "Alex" or s[1] in ORDINARY]
    assert untouched == [s for s in snapshot(vault) if s[0] == "Alex" or s[1] in ORDINARY]


def test_message_page_and_report_label_model_flags(vault: vs.Vault) -> None:
    second_check.run(vault)
    row = next(c for c in stored(vault) if c.text == MISSED)
    view = timeline.message(vault, row.id)
    shown = [f for f in view.flags if f.category == "self_harm_pressure"]
    assert shown and shown[0].model and shown[0].words == []
    assert all(not f.model for f in view.flags if f.rule_id.startswith(tuple(PARTNER_CATEGORIES)))
    ctx = reports.build_report(vault, ReportOptions())
    labels = next(m.categories for m in ctx.messages if m.contact_id == row.id)
    assert any("found by the second check" in label for label in labels)
    threat = next(m for m in ctx.messages if THREAT in m.text)
    assert category_label("threat") in threat.categories  # a rule's flag: no model label


def test_a_stopped_pass_resumes_to_the_same_result(vault: vs.Vault, settings: Settings) -> None:
    batches: list[int] = []
    second_check.run(
        vault, batch=2, on_batch=lambda s: batches.append(s.checked), stop=lambda: len(batches) >= 2
    )
    assert batches == [2, 2] and second_check.pending(vault) == len(SAM_TEXTS) - 4
    vault.lock()  # the app locks mid-way; the pass goes on after the next unlock
    again, _ = vs.unlock_vault(settings, passphrase=PASSPHRASE)
    try:
        rest = second_check.run(again, batch=2)
        assert rest.checked == len(SAM_TEXTS) - 4 and second_check.pending(again) == 0
        expected = expected_model_flags(SAM_TEXTS)
        for text in SAM_TEXTS:
            assert {f["category"] for f in model_of(again, text)} == expected[text]
            assert all(f["model"] == MODEL_VERSION for f in model_of(again, text))
        assert second_check.run(again).checked == 0  # done: nothing read again
    finally:
        again.lock()


def test_checking_again_never_adds_a_flag_twice(vault: vs.Vault) -> None:
    second_check.run(vault)
    once = snapshot(vault)
    with items.transaction(vault) as conn:
        import_ids = second_check_repo.import_ids(conn, vault_id=vault.vault_id)
        progress_store.forget(conn, vault, import_ids)
    assert second_check.pending(vault) == len(SAM_TEXTS)
    summary = second_check.run(vault)
    assert summary.checked == len(SAM_TEXTS) and summary.flagged == 0
    assert snapshot(vault) == once


def test_a_new_model_version_replaces_only_model_flags(vault: vs.Vault) -> None:
    second_check.run(vault)
    current = snapshot(vault)
    row = next(c for c in stored(vault) if c.text == MISSED)
    timeline.set_dismissed(vault, row.id, category="self_harm_pressure", dismissed=True)
    insult = cs.CATEGORY_BITS["insult"]

    def as_old_model(contact: cs.Contact) -> tuple[dict[str, Any], int]:
        flags = [
            {**f, "model": "flag-heads-0"} if cs.is_model_flag(f) else f
            for f in contact.body.get("flags", [])
        ]
        bits = contact.flags
        if contact.text == ORDINARY[0]:  # an old flag the current model will not find again
            flags.append(
                {
                    "category": "insult",
                    "reason": "old",
                    "span": None,
                    "rule_id": "model.insult",
                    "score": 0.9,
                    "model": "flag-heads-0",
                }
            )
            bits |= insult
        return {**contact.body, "flags": flags}, bits

    rewrite(vault, as_old_model)
    with items.transaction(vault) as conn:
        progress = progress_store.load(conn, vault)
        progress.marks = {
            k: progress_store.Mark(m.seq, "flag-heads-0", True) for k, m in progress.marks.items()
        }
        progress_store.save(conn, vault, progress)
    assert second_check.pending(vault) == len(SAM_TEXTS)
    summary = second_check.run(vault)
    model_count = sum(len(model_of(vault, t)) for t in SAM_TEXTS)
    assert summary.removed == model_count + 1
    milk = next(c for c in stored(vault) if c.text == ORDINARY[0])
    assert not milk.body.get("flags", []) and milk.flags & insult == 0
    dismissed = cs.CATEGORY_BITS["self_harm_pressure"]
    assert next(c for c in stored(vault) if c.text == MISSED).dismissed == dismissed
    # apart from the dismissal, the same flags as before, all of this version
    now = snapshot(vault)
    assert [(s[0], s[1], s[2], s[3]) for s in now] == [(s[0], s[1], s[2], s[3]) for s in current]
    assert all(f["model"] == MODEL_VERSION for t in SAM_TEXTS for f in model_of(vault, t))


def test_a_dismissed_model_flag_stays_dismissed_and_is_not_added_again(vault: vs.Vault) -> None:
    second_check.run(vault)
    row = next(c for c in stored(vault) if c.text == MISSED)
    timeline.set_dismissed(vault, row.id, category="self_harm_pressure", dismissed=True)
    view = timeline.message(vault, row.id)
    assert [f.dismissed for f in view.flags if f.category == "self_harm_pressure"] == [True]
    with items.transaction(vault) as conn:
        progress_store.forget(
            conn, vault, second_check_repo.import_ids(conn, vault_id=vault.vault_id)
        )
    second_check.run(vault)
    again = next(c for c in stored(vault) if c.text == MISSED)
    assert again.dismissed == cs.CATEGORY_BITS["self_harm_pressure"]
    assert [f["category"] for f in again.body.get("flags", [])].count("self_harm_pressure") == 1


def test_the_persons_own_mark_survives_both_checks(vault: vs.Vault) -> None:
    row = next(c for c in stored(vault) if c.text == MISSED)
    timeline.set_own_mark(vault, row.id, category="self_harm_pressure", marked=True)
    second_check.run(vault)
    flags = next(c for c in stored(vault) if c.text == MISSED).body["flags"]
    assert [f["rule_id"] for f in flags if f["category"] == "self_harm_pressure"] == [
        cs.PERSON_RULE
    ]  # the model adds no second flag where the person marked one
    chat = conversations.list_chats(vault)[0]
    conversations.set_roles(vault, chat.item_id, me="Sam", partner="Alex")
    conversations.set_roles(vault, chat.item_id, me="Alex", partner="Sam")  # rules read again
    again = next(c for c in stored(vault) if c.text == MISSED)
    assert cs.PERSON_RULE in [f["rule_id"] for f in again.body["flags"]]
    assert again.flags & cs.CATEGORY_BITS["self_harm_pressure"]


def test_rows_that_become_the_other_persons_are_checked(vault: vs.Vault) -> None:
    second_check.run(vault)
    assert not model_of(vault, LETTERS, sender="Alex") and second_check.pending(vault) == 0
    chat = conversations.list_chats(vault)[0]
    conversations.set_roles(vault, chat.item_id, me="Sam", partner="Alex")
    assert second_check.pending(vault) == 2  # Alex's two messages
    summary = second_check.run(vault)
    assert summary.checked == 2
    expected = expected_model_flags([LETTERS])[LETTERS]
    assert {f["category"] for f in model_of(vault, LETTERS, sender="Alex")} == expected


def test_the_background_runner_finishes_and_stops_cleanly(vault: vs.Vault) -> None:
    runner = SecondCheckRunner(batch=2, pause=0)
    runner.start(vault)
    runner.stop()  # as on lock: after the current batch at most
    assert runner.left(vault) is None and runner.wait()
    runner.start(vault)
    assert runner.left(vault) is not None  # running: the status line shows
    assert runner.wait(timeout=300)
    assert runner.left(vault) is None and second_check.pending(vault) == 0
    assert "self_harm_pressure" in {f["category"] for f in model_of(vault, MISSED)}
