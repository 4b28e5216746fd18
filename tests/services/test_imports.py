"""Imports: round trips, duplicates, overlapping exports, date order, issues, who is who."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest
from tests.conftest import PASSPHRASE

from onward.config import Settings
from onward.errors import DateOrderUndecidedError, ImportFileError, InvalidInputError
from onward.importers.base import ParseOptions
from onward.model import Message
from onward.services import chain_store, conversations, imports, items, originals
from onward.services import contacts as cs
from onward.services import vault as vs
from onward.services.imports import ImportResult, run_import
from onward.store import contacts_repo, provenance_repo
from onward.store.contacts_repo import ContactFilter

EXPORTS = Path(__file__).parents[1] / "data" / "exports"
WA_ANDROID = EXPORTS / "whatsapp" / "android-24h-dmy" / "WhatsApp Chat with Sam Taylor.txt"
WA_IOS = EXPORTS / "whatsapp" / "ios-bracketed-seconds" / "WhatsApp Chat - Jordan Müller.txt"
TELEGRAM = EXPORTS / "telegram" / "single_chat" / "result.json"
SMS = EXPORTS / "sms_backup_restore" / "messages" / "sms-20240501100000.xml"
BAD = EXPORTS / "whatsapp" / "bad-records" / "WhatsApp Chat with Sam.txt"
UNDECIDABLE = EXPORTS / "whatsapp" / "undecidable" / "WhatsApp Chat with Sam.txt"
BERLIN = ParseOptions(timezone="Europe/Berlin")
UTC_OPTIONS = ParseOptions(timezone="UTC")


@pytest.fixture
def vault(settings: Settings) -> Iterator[vs.Vault]:
    v, _ = vs.create_vault(settings, passphrase=PASSPHRASE)
    yield v
    v.lock()


def _expected(path: Path) -> list[dict[str, object]]:
    data = json.loads((path.parent / "expected.json").read_text())
    return [r for r in data["records"] if r.get("record") == "message"]


def stored(vault: vs.Vault) -> list[cs.Contact]:
    """Every stored contact, decrypted, in time order."""
    with items.transaction(vault) as conn:
        rows = contacts_repo.page(
            conn, vault_id=vault.vault_id, where=ContactFilter(), limit=10_000
        )
        ciphers = imports.ciphers_for(conn, vault, {r.import_id for r in rows if r.import_id})
    return [cs.decrypt_row(vault, r, ciphers) for r in rows]


def _counts(vault: vs.Vault) -> tuple[int, int, int]:
    with items.transaction(vault) as conn:
        n = contacts_repo.count(conn, vault_id=vault.vault_id, where=ContactFilter())
        imps = len(provenance_repo.list_imports(conn, vault_id=vault.vault_id))
    return n, imps, len(chain_store.read_chain(vault))


@pytest.mark.parametrize("path", [WA_ANDROID, WA_IOS, TELEGRAM, SMS], ids=lambda p: p.parent.name)
def test_import_round_trip_keeps_every_record_exactly(vault: vs.Vault, path: Path) -> None:
    options = UTC_OPTIONS if path == SMS else BERLIN
    result = run_import(vault, path, options=options)
    expected = _expected(path)
    assert (result.messages, result.added, result.duplicate) == (
        len(expected),
        len(expected),
        False,
    )
    got = stored(vault)
    want = sorted(
        (
            datetime.fromisoformat(str(r["ts"])),
            r["sender"] or "",
            r["text"],
            r["kind"],
            r["channel"],
        )
        for r in expected
    )
    have = sorted((c.ts, c.sender or "", c.text, c.kind, c.channel) for c in got)
    assert have == want
    assert all(c.import_id == result.import_id for c in got)
    doc = imports.load_import(vault, result.import_id)
    assert doc["sha256"] == result.file_sha256 and doc["parser"] == result.format
    assert "wrapped_key" not in doc
    link = chain_store.read_chain(vault)[-1].event
    assert link["type"] == "import" and link["file_sha256"] == result.file_sha256
    assert (link["messages"], link["added"]) == (len(expected), len(expected))


def test_import_keeps_the_original_file(vault: vs.Vault) -> None:
    result = run_import(vault, WA_ANDROID, options=BERLIN)
    doc = imports.load_import(vault, result.import_id)
    assert doc["original"]["kind"] == originals.KIND_ORIGINAL
    with items.transaction(vault) as conn:
        kept = originals.read_original(conn, vault, doc["original"]["item"])
    assert kept == WA_ANDROID.read_bytes()
    assert result.original_kept


def test_reimporting_the_same_file_is_skipped(vault: vs.Vault) -> None:
    first = run_import(vault, WA_ANDROID, options=BERLIN)
    before = _counts(vault)
    again = run_import(vault, WA_ANDROID, options=BERLIN)
    assert again.duplicate and again.import_id == first.import_id and again.added == 0
    assert _counts(vault) == before  # one record set, one import, one chain link


def _wa(lines: list[str]) -> str:
    return "".join(f"14/03/2021, {line}\n" for line in lines)


def test_overlapping_exports_add_no_duplicates_but_keep_same_minute_repeats(
    vault: vs.Vault, tmp_path: Path
) -> None:
    early = ["08:00 - Sam: one", "08:01 - Sam: ok", "08:01 - Sam: ok", "08:02 - Alex: two"]
    later = [*early[1:], "08:03 - Sam: three", "08:03 - Sam: ok", "08:04 - Sam: ok"]
    first = tmp_path / "a" / "WhatsApp Chat with Sam.txt"
    second = tmp_path / "b" / "WhatsApp Chat with Sam.txt"
    for path, lines in ((first, early), (second, later)):
        path.parent.mkdir()
        path.write_text(_wa(lines), encoding="utf-8")
    assert run_import(vault, first, options=UTC_OPTIONS).added == 4
    result = run_import(vault, second, options=UTC_OPTIONS)
    assert (result.messages, result.added, result.skipped) == (6, 3, 3)
    texts = [(c.ts.strftime("%H:%M"), c.text) for c in stored(vault)]
    assert texts.count(("08:01", "ok")) == 2  # a genuine repeat in the same minute survives
    assert len(texts) == 7
    people = {p.name: p.messages for p in conversations.list_chats(vault)[0].participants}
    assert people == {"Sam": 6, "Alex": 1}  # stored records, not records read


def test_undecidable_date_order_is_an_error_until_chosen(vault: vs.Vault) -> None:
    with pytest.raises(DateOrderUndecidedError) as caught:
        run_import(vault, UNDECIDABLE, options=UTC_OPTIONS)
    assert "--date-order" in (caught.value.hint or "")
    assert _counts(vault) == (0, 0, 0)
    result = run_import(vault, UNDECIDABLE, options=ParseOptions(date_order="MDY", timezone="UTC"))
    assert result.added == 2 and result.first == "2021-03-04T10:00:00+00:00"


def test_bad_records_become_issues_with_file_and_line_and_no_text(vault: vs.Vault) -> None:
    result = run_import(vault, BAD, options=UTC_OPTIONS)
    assert result.added == 2
    assert [i["where"] for i in result.issues] == ["line 1", "line 4", "line 6"]
    assert all(i["file"] == BAD.name for i in result.issues)
    doc = imports.load_import(vault, result.import_id)
    dumped = json.dumps(doc["issues"])
    for text in ("impossible", "continuation", "Saved from", "notes"):
        assert text not in dumped
    assert doc["counts"]["issues"] == 3


def test_helper_process_passes_on_issues_errors_and_the_report(
    vault: vs.Vault, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What the parser finds in a helper process reaches the import as it would in process:
    the issues, the date-order rule, and an error with its hint (nothing stored)."""
    from onward.services import import_helper

    monkeypatch.setattr(import_helper.os, "cpu_count", lambda: 2)
    monkeypatch.setattr(import_helper, "WORKER_MIN_BYTES", 0)
    with pytest.raises(DateOrderUndecidedError) as caught:
        run_import(vault, UNDECIDABLE, options=UTC_OPTIONS)
    assert "--date-order" in (caught.value.hint or "")
    assert _counts(vault) == (0, 0, 0)
    result = run_import(vault, BAD, options=UTC_OPTIONS)
    assert result.added == 2 and result.issue_count == 3
    assert [i["where"] for i in result.issues] == ["line 1", "line 4", "line 6"]
    assert result.date_order is not None and result.date_order_rule
    again = run_import(vault, BAD, options=UTC_OPTIONS)  # the helper starts, gets no job
    assert again.duplicate and again.import_id == result.import_id


def test_unreadable_file_fails_clearly(vault: vs.Vault, tmp_path: Path) -> None:
    with pytest.raises(ImportFileError, match="could not find"):
        run_import(vault, tmp_path / "missing.txt", options=UTC_OPTIONS)
    junk = tmp_path / "notes.txt"
    junk.write_text("nothing like a chat here\n")
    with pytest.raises(ImportFileError):
        run_import(vault, junk, options=UTC_OPTIONS)
    assert _counts(vault) == (0, 0, 0)


def _roles(vault: vs.Vault) -> dict[str | None, set[int]]:
    found: dict[str | None, set[int]] = {}
    for c in stored(vault):
        found.setdefault(c.sender, set()).add(c.role)
    return found


def test_who_is_who_updates_roles_and_is_remembered(vault: vs.Vault, tmp_path: Path) -> None:
    result = run_import(vault, WA_ANDROID, options=BERLIN)
    assert [c.mapped for c in result.chats] == [False]
    assert _roles(vault)["Sam Taylor"] == {cs.ROLE_UNKNOWN}
    chat = conversations.set_roles(
        vault, result.chats[0].item_id, me="Alex Rivera", partner="Sam Taylor"
    )
    assert {(p.name, p.role, p.messages) for p in chat.participants} == {
        ("Sam Taylor", "partner", 5),
        ("Alex Rivera", "me", 3),
    }
    roles = _roles(vault)
    assert roles["Sam Taylor"] == {cs.ROLE_PARTNER} and roles["Alex Rivera"] == {cs.ROLE_ME}
    assert roles[None] == {cs.ROLE_UNKNOWN}  # app notices belong to nobody
    # A later export of the same chat gets its roles straight away.
    later = tmp_path / WA_ANDROID.name
    later.write_text(_wa(["09:00 - Sam Taylor: again", "09:01 - Kim: hi"]), encoding="utf-8")
    again = run_import(vault, later, options=BERLIN)
    assert again.chats[0].item_id == result.chats[0].item_id and again.chats[0].mapped
    roles = _roles(vault)
    assert roles["Sam Taylor"] == {cs.ROLE_PARTNER} and roles["Kim"] == {cs.ROLE_OTHER}


def test_names_given_at_import_set_roles(vault: vs.Vault) -> None:
    result = run_import(vault, WA_IOS, options=BERLIN, me="Alex Rivera", partner="Jordan Müller")
    assert result.chats[0].mapped
    roles = _roles(vault)
    assert roles["Jordan Müller"] == {cs.ROLE_PARTNER} and roles["Alex Rivera"] == {cs.ROLE_ME}


def test_unknown_name_at_import_is_refused_and_nothing_stored(vault: vs.Vault) -> None:
    with pytest.raises(InvalidInputError, match="Nobody called Robin") as caught:
        run_import(vault, WA_ANDROID, options=BERLIN, partner="Robin")
    assert "Sam Taylor" in (caught.value.hint or "")
    assert _counts(vault) == (0, 0, 0)


def test_flags_are_stored_with_reasons_and_spans(vault: vs.Vault, tmp_path: Path) -> None:
    path = tmp_path / "WhatsApp Chat with Sam.txt"
    path.write_text(_wa(["08:00 - Sam: I will kill you if you leave", "08:01 - Sam: hi"]))
    result = run_import(vault, path, options=UTC_OPTIONS)
    assert result.flagged == 1
    flagged = [c for c in stored(vault) if c.flags]
    assert len(flagged) == 1
    flag = flagged[0].body["flags"][0]
    assert flag["category"] == "threat" and flag["reason"] and flag["rule_id"]
    start, end = flag["span"]
    assert "kill" in flagged[0].text[start:end]
    assert flagged[0].flags == cs.CATEGORY_BITS["threat"]


def test_large_import_flags_in_a_helper_process_like_in_process(
    vault: vs.Vault, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The helper process (used for large exports: it parses, finds flags and writes the
    JSON) gives the same rows, flags and issues, batch boundaries and all."""
    from onward.services import import_helper

    lines = [
        f"{8 + i // 60:02d}:{i % 60:02d} - {'Sam' if i % 2 else 'Alex'}: "
        + ("I will kill you if you leave" if i % 97 == 5 else f"hello number {i}")
        for i in range(600)
    ]
    monkeypatch.setattr(imports, "BATCH_ROWS", 64)  # several batches in flight
    monkeypatch.setattr(import_helper.os, "cpu_count", lambda: 2)
    results = []
    for name, parallel, extra in (("Kim", False, []), ("Sam", True, ["23:59 - Sam: bye"])):
        path = tmp_path / f"WhatsApp Chat with {name}.txt"
        path.write_text(_wa(lines + extra))  # another file: not a repeat of the first
        monkeypatch.setattr(import_helper, "WORKER_MIN_BYTES", 0 if parallel else 1 << 40)
        assert import_helper.uses_helper(path.stat().st_size) is parallel
        result = run_import(vault, path, options=UTC_OPTIONS)
        assert result.added == 600 + len(extra) and result.flagged == 7
        results.append(result)
    in_process_result, helper_result = results
    assert helper_result.date_order == in_process_result.date_order is not None
    assert helper_result.date_order_rule == in_process_result.date_order_rule
    by_chat: dict[str, list[object]] = {}
    for c in stored(vault):
        by_chat.setdefault(c.body["conv"], []).append(
            (c.ts, c.flags, c.text, c.body.get("flags", []))
        )
    in_process, helper = sorted(by_chat.values(), key=len)  # Kim's chat, then Sam's
    assert len(in_process) == 600 and in_process == helper[:600]


def test_begging_is_not_flagged_on_imported_messages(vault: vs.Vault, tmp_path: Path) -> None:
    path = tmp_path / "WhatsApp Chat with Sam.txt"
    path.write_text(_wa(["08:00 - Sam: please please take me back, I'm begging you"]))
    run_import(vault, path, options=UTC_OPTIONS)
    assert all(not c.flags & cs.CATEGORY_BITS["begging"] for c in stored(vault))


def test_result_counts_and_chats(vault: vs.Vault) -> None:
    result: ImportResult = run_import(vault, SMS, options=UTC_OPTIONS)
    names = {c.name for c in result.chats}
    assert {"+447700900456", "+447700900789"} <= names  # a group thread is a chat too
    assert result.by_kind["text"] >= 1 and sum(result.by_kind.values()) == result.messages
    assert result.first is not None and result.last is not None and result.first <= result.last


def test_a_folder_imports_and_is_recognised_again(vault: vs.Vault) -> None:
    folder = EXPORTS / "signal" / "export_root" / "signal-chats"
    first = run_import(vault, folder, options=UTC_OPTIONS)
    expected = _expected(folder)
    assert first.added == len(expected) and not first.original_kept
    assert any("folder" in w for w in first.warnings)
    assert sorted(c.name for c in first.chats) == ["Jordan Vale", "Riley Chen"]
    again = run_import(vault, folder, options=UTC_OPTIONS)
    assert again.duplicate and again.import_id == first.import_id


def test_row_sealer_matches_keys_and_batch_cipher(vault: vs.Vault) -> None:
    from onward.services.import_prep import json_str
    from onward.services.import_seal import RowSealer, row_id
    from onward.store.crypto import BatchCipher, SecretKey
    from onward.store.ids import is_id

    key = SecretKey.generate()
    import_id = "f" * 32
    sealer = RowSealer(vault, key, import_id)
    keys = cs.Keys(vault)
    for parts in (
        ("c" * 32, "2021-01-01T00:00:00+00:00", "Sam", "text", 'héllo "👋"\n\t\\ \x01', 0),
        ("c", "t", None, "system", "", 3),
    ):
        conv, ts_iso, sender, kind, text, ordinal = parts
        head = f"[{json_str(conv)}".encode()
        tail = (
            f",{json_str(ts_iso)},{json_str(sender)},{json_str(kind)},{json_str(text)},{ordinal}]"
        )
        assert sealer.dedupe_tail(head, tail.encode()) == keys.dedupe(*parts)
    raw = json.dumps({"text": "x", "n": 1}).encode()
    contact_id, blob = sealer.seal(raw)
    assert contact_id == row_id(import_id, 0) and is_id(contact_id)
    assert BatchCipher(key).decrypt(blob, cs.contact_aad(vault.vault_id, contact_id)) == raw
    big = b"y" * 100_000  # larger than the sealer's reusable buffer
    big_id, big_blob = sealer.seal(big)
    assert BatchCipher(key).decrypt(big_blob, cs.contact_aad(vault.vault_id, big_id)) == big
    ids = [sealer.seal(b"")[0] for _ in range(5000)]
    assert len(set(ids)) == 5000 and ids == sorted(ids)  # unique, and in insert order
    assert all(i.startswith(import_id[:20]) and is_id(i) for i in ids)


def test_row_body_fast_path_matches_the_json_encoder() -> None:
    from datetime import UTC, datetime

    from onward.model import Attachment, Channel, MessageKind
    from onward.services.import_prep import _needs_doc, _plain_body, body_doc, json_str

    plain = Message(
        ts=datetime(2021, 1, 1, tzinfo=UTC),
        sender='Jö "Q"',
        text='tab\there, quote " and \\ and 👋\u2028',
        kind=MessageKind.TEXT,
        channel=Channel.WHATSAPP,
        conversation=None,
        source_ref="line 3",
    )
    encode = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
    system = dataclasses.replace(plain, sender=None, kind=MessageKind.SYSTEM)
    for msg in (plain, system):
        assert not _needs_doc(msg, [])
        fast = _plain_body(
            json_str(msg.text), json_str(msg.sender), json_str("Chat"), msg.source_ref
        )
        assert fast == encode(body_doc(msg, "Chat", [])).encode()
    with_file = dataclasses.replace(plain, attachments=(Attachment("a.jpg", "image/jpeg"),))
    assert (
        _needs_doc(with_file, [])
        and body_doc(with_file, "C", [])["attachments"][0]["name"] == "a.jpg"
    )


@pytest.mark.parametrize(
    "export",
    [
        WA_IOS,
        EXPORTS / "whatsapp" / "dst-berlin" / "WhatsApp Chat with Sam.txt",
        EXPORTS / "whatsapp" / "android-zip-media" / "WhatsApp Chat with Jordan Lee.zip",
        TELEGRAM,
        SMS,
    ],
    ids=lambda p: p.parent.name,
)
@pytest.mark.parametrize("helper", [False, True], ids=["in-process", "helper-process"])
def test_imported_rows_match_the_reference_format(
    vault: vs.Vault, export: Path, helper: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The import's fast row builder writes what the plain definitions give: each dedupe key
    is ``time_keyed(ts, Keys.dedupe(conv, iso time, sender, kind, text, ordinal))`` and each
    body the compact JSON of ``body_doc``. Overlapping exports imported before and after a
    change to the fast path must still meet."""
    from collections import Counter

    from sqlalchemy import select

    from onward.importers.base import ParseReport
    from onward.importers.registry import detect_format, get
    from onward.services import import_helper
    from onward.services.import_flags import check_text
    from onward.services.import_prep import body_doc, flag_json
    from onward.services.import_rows import DEDUPE, conv_id_for
    from onward.services.import_rows import time_keyed as keyed
    from onward.store import imports_repo
    from onward.store.tables import contacts

    monkeypatch.setattr(import_helper.os, "cpu_count", lambda: 2)
    monkeypatch.setattr(import_helper, "WORKER_MIN_BYTES", 0 if helper else 1 << 40)
    result = run_import(vault, export, options=BERLIN, me=None, partner=None)
    keys = cs.Keys(vault)
    source = detect_format(export)
    parsed = [
        m
        for m in get(source).parse(export, options=BERLIN, report=ParseReport())
        if isinstance(m, Message)
    ]
    seen: Counter[tuple[str, str, str | None, str]] = Counter()
    expected = []
    for m in parsed:
        conv_name = m.conversation or export.stem
        conv = conv_id_for(keys, source, conv_name)
        iso = m.ts.isoformat()
        ordinal = seen[(conv, iso, m.sender, m.text)]
        seen[(conv, iso, m.sender, m.text)] += 1
        checked = m.kind.value == "text" and m.sender is not None
        flags = [flag_json(f) for f in check_text(m.text)] if checked else []
        digest = keys.dedupe(conv, iso, m.sender, m.kind.value, m.text, ordinal)
        expected.append((keyed(int(m.ts.timestamp()), digest), body_doc(m, conv_name, flags)))
    with items.transaction(vault) as conn:
        rows = contacts_repo.page(
            conn, vault_id=vault.vault_id, where=ContactFilter(), limit=10_000
        )
        ciphers = imports.ciphers_for(conn, vault, {result.import_id})
        dedupes = dict(conn.execute(select(contacts.c.id, contacts.c.dedupe)).all())
    rows.sort(key=lambda r: r.id)  # ids are in insert order
    assert imports_repo.ROW_COLUMNS[DEDUPE] == "dedupe"
    assert len(rows) == len(expected) == result.added > 0
    encode = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
    for row, (dedupe, doc) in zip(rows, expected, strict=True):
        assert dedupes[row.id] == dedupe
        raw = ciphers[result.import_id].decrypt(row.body, cs.contact_aad(vault.vault_id, row.id))
        assert raw == encode(doc).encode()


def test_own_messages_are_checked_when_they_become_the_other_persons(
    vault: vs.Vault, tmp_path: Path
) -> None:
    """An import with who-is-who known skips flags on the person's own messages (they are
    never shown); swapping the roles later checks them, once."""
    from onward.services import flag_recheck
    from onward.services.contacts import CATEGORY_BITS, ROLE_ME, ROLE_PARTNER
    from onward.services.import_flags import check_text

    export = tmp_path / "WhatsApp Chat with Sam.txt"
    export.write_text(
        "01/02/2024, 10:00 - Sam: you'll regret this, I know where you live\n"
        "01/02/2024, 10:01 - Alex: I'll hurt myself if you leave\n"
        "01/02/2024, 10:02 - Alex: ok see you at 7\n",
        encoding="utf-8",
    )
    options = ParseOptions(timezone="UTC", date_order="DMY")
    result = run_import(vault, export, options=options, me="Alex", partner="Sam")
    by_text = {c.text: c for c in stored(vault)}
    threat, plea = (
        by_text["you'll regret this, I know where you live"],
        by_text["I'll hurt myself if you leave"],
    )
    assert threat.role == ROLE_PARTNER and threat.flags == CATEGORY_BITS["threat"]
    assert plea.role == ROLE_ME and plea.flags == 0 and "flags" not in plea.body

    chat = conversations.set_roles(vault, result.chats[0].item_id, me="Sam", partner="Alex")
    assert chat.mapped
    by_text = {c.text: c for c in stored(vault)}
    plea = by_text["I'll hurt myself if you leave"]
    assert plea.role == ROLE_PARTNER
    assert plea.flags == CATEGORY_BITS["self_harm_pressure"]
    assert [f["rule_id"] for f in plea.body["flags"]] == [f.rule_id for f in check_text(plea.text)]
    assert by_text["ok see you at 7"].flags == 0
    # the old partner's rows keep their flags (not shown while the role is "me")
    assert by_text["you'll regret this, I know where you live"].flags == CATEGORY_BITS["threat"]

    # nothing left to do: the rows now have the partner role, and a re-check changes nothing
    keys = cs.Keys(vault)
    with items.transaction(vault) as conn:
        sender_key = keys.sender(plea.conv_id, "Alex")
        assert sender_key is not None
        again = flag_recheck.recheck_sender(
            conn, vault, conv_id=plea.conv_id, sender_key=sender_key
        )
    assert again == 0
