"""Golden-file helpers for the WhatsApp importer tests (imported by the test modules).

Each folder under ``tests/data/exports/whatsapp/`` is one variant, in the layout the other
importers' golden tests use: the export file, ``case.json`` (input file name, parse options,
whether ``detect`` should claim it) and ``expected.json`` (every record and the report, or the
error). Zip variants also hold ``src/`` and ``zip.json``, from which the committed .zip is built.
Run the tests with ``ONWARD_UPDATE_GOLDEN=1`` to rebuild the zips and rewrite the snapshots,
then review the diff line by line before committing it.
"""

from __future__ import annotations

import json
import os
import zipfile
from dataclasses import asdict
from pathlib import Path
from typing import Any

from onward.errors import OnwardError
from onward.importers.base import ImportIssue, ParseOptions, ParseReport
from onward.importers.whatsapp import text_export
from onward.model import Message

FIXTURES = Path(__file__).resolve().parents[2] / "data" / "exports" / "whatsapp"
UPDATE = os.environ.get("ONWARD_UPDATE_GOLDEN") == "1"
# Fixed metadata so that rebuilt archives are byte-identical.
_ZIP_TIME = (2024, 1, 5, 10, 0, 0)


def variants() -> list[str]:
    """Every fixture folder name."""
    return sorted(p.parent.name for p in FIXTURES.glob("*/case.json"))


def case_of(variant: str) -> dict[str, Any]:
    """A variant's case.json."""
    case: dict[str, Any] = json.loads((FIXTURES / variant / "case.json").read_text("utf-8"))
    return case


def _zip_entry(archive: zipfile.ZipFile, name: str, data: bytes) -> None:
    info = zipfile.ZipInfo(name, date_time=_ZIP_TIME)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = 0o644 << 16
    archive.writestr(info, data)


def build_zip(folder: Path) -> Path:
    """Build (or rebuild) a variant's .zip from its ``src/`` folder and ``zip.json``."""
    spec = json.loads((folder / "zip.json").read_text(encoding="utf-8"))
    target = folder / str(spec["name"])
    with zipfile.ZipFile(target, "w") as archive:
        for source in sorted((folder / "src").iterdir()):
            _zip_entry(archive, source.name, source.read_bytes())
        for name, text in spec.get("extra_entries", {}).items():
            _zip_entry(archive, name, text.encode("utf-8"))
        for name, size in spec.get("zeros_entries", {}).items():
            _zip_entry(archive, name, bytes(size))
    return target


def input_file(variant: str) -> Path:
    """The export file of a variant (its zip rebuilt first when updating)."""
    folder = FIXTURES / variant
    if UPDATE and (folder / "zip.json").exists():
        build_zip(folder)
    return folder / str(case_of(variant)["input"])


def options_of(variant: str) -> ParseOptions:
    """The parse options a variant runs with."""
    return ParseOptions(**case_of(variant).get("options", {}))


def record_json(item: Message | ImportIssue) -> dict[str, Any]:
    """A record as plain JSON (datetimes in ISO 8601, enums by value)."""
    kind = "issue" if isinstance(item, ImportIssue) else "message"
    data = {"record": kind, **asdict(item)}
    plain: dict[str, Any] = json.loads(json.dumps(data, default=lambda v: v.isoformat()))
    return plain


def run_variant(variant: str) -> dict[str, Any]:
    """Parse a variant: its report and records, or the error it raises."""
    report = ParseReport()
    path = input_file(variant)
    try:
        items = list(text_export.parse(path, options=options_of(variant), report=report))
    except OnwardError as exc:
        return {
            "error": {"type": type(exc).__name__, "message": exc.user_message, "hint": exc.hint}
        }
    return {"report": asdict(report), "records": [record_json(item) for item in items]}


def check_golden(variant: str) -> dict[str, Any]:
    """Compare a variant's parse with its committed snapshot (rewrite it when updating)."""
    actual = run_variant(variant)
    expected_file = FIXTURES / variant / "expected.json"
    if UPDATE:
        text = json.dumps(actual, indent=1, ensure_ascii=False) + "\n"
        expected_file.write_text(text, encoding="utf-8")
    expected = json.loads(expected_file.read_text(encoding="utf-8"))
    assert actual == expected
    return actual
