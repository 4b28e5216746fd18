"""Report and export folder: contents, custody event, verification and tampering (R24-R30)."""

from __future__ import annotations

import hashlib
import io
import json
import shutil
import subprocess
import zipfile
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest
from pypdf import PdfReader
from tests.conftest import PASSPHRASE
from tests.report.fixtures import EXPORT, JOURNAL_SENTINEL, T0, Seeded, seed
from tests.report.test_working_copy import GPS_MARK

from onward.config import Settings
from onward.errors import IntegrityError, InvalidInputError
from onward.evidence.chain import short_code
from onward.services import (
    chain_store,
    evidence_log,
    report_data,
    report_export,
    reports,
    timeline,
)
from onward.services import vault as vs
from onward.services.report_data import ReportOptions


@pytest.fixture
def seeded(settings: Settings) -> Iterator[tuple[vs.Vault, Seeded]]:
    v, _ = vs.create_vault(settings, passphrase=PASSPHRASE)
    yield v, seed(v)
    v.lock()


def _files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def test_export_folder_holds_records_originals_and_verifies(
    seeded: tuple[vs.Vault, Seeded], tmp_path: Path
) -> None:
    vault, s = seeded
    head_before = chain_store.head(vault)
    result = report_export.write_bundle(
        vault, ReportOptions(), report_export.DirSink(tmp_path / "b")
    )
    files = _files(tmp_path / "b")
    names = set(files)
    entry = evidence_log.get_entry(vault, entry_id=s.kept)
    for version in entry.versions:  # every version, as the exact bytes its chain event hashes
        data = files[f"records/log-{version.item_id}.json"]
        assert hashlib.sha256(data).hexdigest() == version.sha256
    redactions = [n for n in names if n.startswith("records/redaction-")]
    assert len(redactions) == 1 and b"wrong person" in files[redactions[0]]
    contacts = [n for n in names if n.startswith("records/contact-")]
    assert len(contacts) == 2  # the two flagged messages, not the unflagged ones
    body = json.loads(files[contacts[0]])["body"]
    assert body["sender"] == "Alex Morgan"
    (provenance,) = [n for n in names if n.startswith("records/import-")]
    assert "key" not in json.loads(files[provenance])["provenance"]
    assert not any("key" in k for k in json.loads(files[provenance])["provenance"])
    (kept_export,) = [n for n in names if n.startswith("originals/imports/")]
    assert files[kept_export] == EXPORT and kept_export.endswith("WhatsApp_Chat_with_Alex.txt")
    photo = next(n for n in names if n.startswith("originals/") and n.endswith("door.jpg"))
    assert files[photo] == s.photo  # byte for byte, location data and all
    working = photo.replace("originals/", "working/")
    assert GPS_MARK not in files[working] and files[working].startswith(b"\xff\xd8")
    assert not any(n.startswith("working/") and n.endswith(".pdf") for n in names)
    assert {"chain.json", "report.pdf", "report.html", "verify_chain.py", "README.txt"} <= names
    every = b"".join(files.values())
    assert JOURNAL_SENTINEL.encode() not in every  # the journal is never exported
    assert b"SENTINEL-removed" not in every  # the redacted text is gone
    # the manifest lists everything else, in sha256sum format
    lines = files["SHA256SUMS"].decode().splitlines()
    assert sorted(line.split("  ", 1)[1] for line in lines) == sorted(names - {"SHA256SUMS"})
    ok, line = report_export.verify_export(tmp_path / "b")
    assert ok, line
    assert (
        line
        == f"OK: {len(lines)} files, chain of {head_before.length} links, head {head_before.code}"
    )
    # the export itself is now on the chain, with the manifest's hash (custody)
    last = chain_store.read_chain(vault)[-1]
    assert last.event["type"] == "export" and last.event["what"] == "bundle"
    assert last.event["sha256"] == hashlib.sha256(files["SHA256SUMS"]).hexdigest()
    assert last.seq == result.export_link == head_before.length + 1
    assert result.chain_code == head_before.code


def test_export_report_content(seeded: tuple[vs.Vault, Seeded], tmp_path: Path) -> None:
    vault, _ = seeded
    report_export.write_bundle(vault, ReportOptions(), report_export.DirSink(tmp_path / "b"))
    text = " ".join(
        " ".join((p.extract_text() or "").split())
        for p in PdfReader(tmp_path / "b" / "report.pdf").pages
    )
    assert "Alex Morgan at the door for 40 min." in text
    assert "You will regret leaving me." in text and "I saw your car at Sam's." in text
    assert "good night" not in text  # not flagged
    assert "WhatsApp Chat with Alex.txt" in text and "whatsapp.text_export" in text
    assert "wrong person" in text and "door.jpg" in text
    assert "The original file is in the export as originals/imports/" in text
    assert chain_store.read_chain(vault)[-2].hash[:16].upper() in text.replace("-", "")
    html = (tmp_path / "b" / "report.html").read_text()
    assert "Alex Morgan at the door for 40 min." in html


def test_a_message_the_person_marked_is_reported_as_theirs_and_verifies(
    seeded: tuple[vs.Vault, Seeded], tmp_path: Path
) -> None:
    vault, _ = seeded
    rows = timeline.page(vault, timeline.TimelineQuery()).rows
    (plain,) = [r.id for r in rows if "good night" in "".join(p.text for p in r.text)]
    timeline.set_own_mark(vault, plain, category="hoovering", marked=True)
    report_export.write_bundle(vault, ReportOptions(), report_export.DirSink(tmp_path / "b"))
    ok, line = report_export.verify_export(tmp_path / "b")
    assert ok, line
    contacts = sorted((tmp_path / "b" / "records").glob("contact-*.json"))
    assert len(contacts) == 3  # the two flagged messages and the one the person marked
    marked = [json.loads(p.read_bytes())["body"] for p in contacts]
    (mine,) = [b for b in marked if b["text"] == "good night"]
    assert mine["flags"] == [
        {
            "category": "hoovering",
            "reason": "You marked this message.",
            "span": None,
            "rule_id": "person",
        }
    ]
    text = " ".join(
        " ".join((p.extract_text() or "").split())
        for p in PdfReader(tmp_path / "b" / "report.pdf").pages
    )
    assert "good night" in text
    assert "(marked by the person, not found by Onward)" in text
    assert "or marked by the person who made this report" in text


def test_export_with_names_removed_keeps_records_exact(
    seeded: tuple[vs.Vault, Seeded], tmp_path: Path
) -> None:
    vault, _ = seeded
    options = report_data.make_options(redact_names=True, categories="threat")
    report_export.write_bundle(vault, options, report_export.DirSink(tmp_path / "b"))
    ctx_text = (tmp_path / "b" / "report.html").read_text()
    assert "Alex" not in ctx_text and "Morgan" not in ctx_text and "Sam Lee" not in ctx_text
    assert "[name removed] here. You will regret leaving me." in ctx_text
    assert "I saw your car" not in ctx_text  # only the chosen flag type
    records = b"".join(p.read_bytes() for p in (tmp_path / "b" / "records").iterdir())
    assert b"Alex Morgan" in records  # the checkable records are as stored
    assert report_export.verify_export(tmp_path / "b")[0]


def test_export_date_range(seeded: tuple[vs.Vault, Seeded]) -> None:
    vault, _ = seeded
    later = reports.build_report(vault, ReportOptions(start=date(2026, 4, 1)))
    assert later.entries == () and later.messages == () and later.redactions == ()
    assert later.per_day == () and later.summary.contacts_total == 0
    window = reports.build_report(
        vault, ReportOptions(start=date(2026, 2, 28), end=date(2026, 3, 2))
    )
    assert len(window.entries) == 1 and len(window.messages) == 2
    assert window.summary.contacts_total == 5  # four imported + the logged visit
    with pytest.raises(InvalidInputError):
        report_data.make_options(start="2026-03-02", end="2026-03-01")
    with pytest.raises(InvalidInputError):
        report_data.make_options(categories="threat,nonsense")
    with pytest.raises(InvalidInputError):
        report_data.make_options(start="March")


def test_export_pdf_alone_is_recorded(seeded: tuple[vs.Vault, Seeded]) -> None:
    vault, _ = seeded
    result = report_export.export_pdf(vault, ReportOptions())
    last = chain_store.read_chain(vault)[-1]
    assert last.event["what"] == "report"
    assert last.event["sha256"] == hashlib.sha256(result.pdf).hexdigest() == result.sha256
    text = " ".join(
        " ".join((p.extract_text() or "").split()) for p in PdfReader(io.BytesIO(result.pdf)).pages
    )
    # the original was kept in the vault: the PDF alone says so, and where to find it
    assert "Onward keeps a copy of the original file." in text
    assert "did not keep a copy" not in text
    assert last.event["scope"] == {
        "from": None,
        "to": None,
        "categories": [],
        "names_removed": False,
    }


def test_an_export_whose_file_cannot_be_written_is_not_noted_on_the_chain(
    seeded: tuple[vs.Vault, Seeded], tmp_path: Path
) -> None:
    vault, _ = seeded
    before = chain_store.head(vault)
    handed: list[bytes] = []

    def full_disk(pdf: bytes) -> None:
        handed.append(pdf)
        raise OSError(28, "No space left on device", "r.pdf")

    with pytest.raises(OSError, match="No space left"):
        report_export.export_pdf(vault, ReportOptions(), deliver=full_disk)
    with pytest.raises(OSError, match="No space left"):
        report_export.write_bundle(
            vault, ReportOptions(), report_export.DirSink(tmp_path / "b"), deliver=full_disk
        )
    assert len(handed) == 2 and handed[0].startswith(b"%PDF")
    assert chain_store.head(vault) == before  # no link for an export nobody got
    result = report_export.export_pdf(vault, ReportOptions(), deliver=handed.append)
    assert handed[-1] == result.pdf and chain_store.head(vault).length == before.length + 1


def test_export_zip_verifies_from_memory(seeded: tuple[vs.Vault, Seeded], tmp_path: Path) -> None:
    vault, _ = seeded
    name, data, _ = report_export.export_zip(vault, ReportOptions())
    assert name.startswith("report-") and name.endswith(".zip")
    (tmp_path / name).write_bytes(data)
    ok, line = report_export.verify_export(tmp_path / name)
    assert ok, line
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        z.extractall(tmp_path / "x")
    (folder,) = (tmp_path / "x").iterdir()
    assert report_export.verify_export(folder)[0]


def test_export_refuses_a_folder_with_files(tmp_path: Path) -> None:
    (tmp_path / "full").mkdir()
    (tmp_path / "full" / "x").write_text("x")
    with pytest.raises(InvalidInputError):
        report_export.DirSink(tmp_path / "full")


def test_export_refuses_a_damaged_chain(seeded: tuple[vs.Vault, Seeded], tmp_path: Path) -> None:
    from sqlalchemy import update

    from onward.store.tables import chain_links

    vault, _ = seeded
    with vault.engine.begin() as conn:
        conn.execute(update(chain_links).where(chain_links.c.seq == 2).values(hash="0" * 64))
    with pytest.raises(IntegrityError, match="link 2"):
        report_export.write_bundle(vault, ReportOptions(), report_export.DirSink(tmp_path / "b"))


def test_export_finds_wrapped_import_keys(settings: Settings) -> None:
    from tests.report.fixtures import add_import

    v, _ = vs.create_vault(settings, passphrase=PASSPHRASE)
    try:
        add_import(v, key="none")  # no key: messages are counted, not dropped
        ctx = reports.build_report(v, ReportOptions())
        assert ctx.summary.unreadable == 2 and ctx.messages == ()
        add_import(v, key="hex", at=T0 + timedelta(days=1), export=b"another export")
        ctx = reports.build_report(v, ReportOptions())
        assert ctx.summary.unreadable == 2 and len(ctx.messages) == 2
    finally:
        v.lock()


# --- tampering: every kind of file in the folder -------------------------------------------


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from tests.conftest import fast_settings

    root = tmp_path_factory.mktemp("export")
    v, _ = vs.create_vault(fast_settings(root / "data"), passphrase=PASSPHRASE)
    try:
        seed(v)
        report_export.write_bundle(v, ReportOptions(), report_export.DirSink(root / "b"))
    finally:
        v.lock()
    return root / "b"


def _flip(src: Path, dst: Path, rel: str, at: int | None = None) -> None:
    shutil.copytree(src, dst)
    path = dst / rel
    data = bytearray(path.read_bytes())
    i = len(data) // 2 if at is None else at
    data[i] ^= 0x01
    path.write_bytes(bytes(data))


def _pick(folder: Path, prefix: str) -> str:
    return next(
        p.relative_to(folder).as_posix()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and p.relative_to(folder).as_posix().startswith(prefix)
    )


@pytest.mark.parametrize(
    "prefix", ["records/log-", "records/redaction-", "records/contact-", "records/import-",
               "originals/imports/", "originals/", "working/", "chain.json", "report.pdf",
               "README.txt", "verify_chain.py"],
)  # fmt: skip
def test_export_any_flipped_byte_fails_naming_the_file(
    folder: Path, tmp_path: Path, prefix: str
) -> None:
    rel = _pick(folder, prefix)
    _flip(folder, tmp_path / "t", rel)
    ok, line = report_export.verify_export(tmp_path / "t")
    assert not ok and line.startswith("FAILED: ") and rel in line, line


def test_export_flipped_manifest_fails_naming_it(folder: Path, tmp_path: Path) -> None:
    manifest = (folder / "SHA256SUMS").read_text()
    line_no = next(i for i, ln in enumerate(manifest.splitlines()) if "records/log-" in ln)
    start = sum(len(ln) + 1 for ln in manifest.splitlines()[:line_no])
    # A digit of the hash: flipping its low bit gives another digit, so the line stays a
    # valid manifest line (an "a" would become "`" and fail as an invalid line instead).
    offset = start + next(i for i, ch in enumerate(manifest[start : start + 64]) if ch.isdigit())
    _flip(folder, tmp_path / "hash", "SHA256SUMS", at=offset)
    ok, line = report_export.verify_export(tmp_path / "hash")
    assert not ok and line.startswith("FAILED: SHA256SUMS:") and "still matches the chain" in line
    _flip(folder, tmp_path / "name", "SHA256SUMS", at=start + 75)  # inside the file name
    ok, line = report_export.verify_export(tmp_path / "name")
    assert not ok and line.startswith(f"FAILED: SHA256SUMS line {line_no + 1}: lists "), line


def test_export_added_or_removed_files_fail(folder: Path, tmp_path: Path) -> None:
    shutil.copytree(folder, tmp_path / "add")
    (tmp_path / "add" / "records" / "extra.json").write_text("{}")
    ok, line = report_export.verify_export(tmp_path / "add")
    assert not ok and "records/extra.json: is not listed in SHA256SUMS" in line
    shutil.copytree(folder, tmp_path / "gone")
    rel = _pick(folder, "records/contact-")
    (tmp_path / "gone" / rel).unlink()
    ok, line = report_export.verify_export(tmp_path / "gone")
    assert not ok and "SHA256SUMS line" in line and f"lists {rel}, which is not here" in line


def test_export_code_check(folder: Path) -> None:
    chain = json.loads((folder / "chain.json").read_text())
    assert report_export.verify_export(folder, code=short_code(chain["links"][1]["hash"]))[0]
    ok, line = report_export.verify_export(folder, code="0000-0000-0000-0001")
    assert not ok and "not on this chain" in line


def test_export_standalone_script_runs_without_the_app(folder: Path, tmp_path: Path) -> None:
    """verify_chain.py in a bare interpreter (-I: no site-packages, no cwd on the path)."""
    python = shutil.which("python3") or "python3"
    shutil.copytree(folder, tmp_path / "b")
    run = subprocess.run(
        [python, "-I", "verify_chain.py"], cwd=tmp_path / "b", capture_output=True, text=True
    )
    assert run.returncode == 0 and run.stdout.startswith("OK: "), run.stdout + run.stderr
    assert run.stdout.strip() == report_export.verify_export(folder)[1]
    check = subprocess.run(
        ["sha256sum", "-c", "--quiet", "SHA256SUMS"], cwd=tmp_path / "b", capture_output=True
    )
    assert check.returncode == 0
    rel = _pick(folder, "records/log-")
    data = bytearray((tmp_path / "b" / rel).read_bytes())
    data[10] ^= 1
    (tmp_path / "b" / rel).write_bytes(bytes(data))
    run = subprocess.run(
        [python, "-I", str(tmp_path / "b" / "verify_chain.py")],
        cwd=tmp_path, capture_output=True, text=True,
    )  # fmt: skip
    assert run.returncode == 1 and rel in run.stdout
