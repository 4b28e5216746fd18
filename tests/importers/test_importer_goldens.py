"""Golden files: every fixture export parses to the snapshot stored next to it.

Each variant folder under tests/data/exports/<source>/<variant>/ holds the synthetic export,
``case.json`` (input path, options, optional CSV mapping, whether detect() should claim it)
and ``expected.json`` (every record and the report, or the error). Regenerate after a
deliberate change with ``ONWARD_UPDATE_GOLDEN=1`` and review the diff line by line.
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from onward.errors import OnwardError
from onward.importers.base import ImportIssue, ParseOptions, ParseReport
from onward.importers.csv import generic as csv_generic
from onward.importers.facebook import json_export as facebook
from onward.importers.instagram import json_export as instagram
from onward.importers.signal import export as signal
from onward.importers.sms import backup_restore
from onward.importers.telegram import json_export as telegram
from onward.model import Message

EXPORTS = Path(__file__).resolve().parents[1] / "data" / "exports"
MODULES: dict[str, ModuleType] = {
    "telegram": telegram,
    "sms_backup_restore": backup_restore,
    "facebook": facebook,
    "instagram": instagram,
    "signal": signal,
    "csv": csv_generic,
}
CASES = sorted(case.parent for source in MODULES for case in (EXPORTS / source).glob("*/case.json"))
UPDATE = os.environ.get("ONWARD_UPDATE_GOLDEN") == "1"


def record_json(item: Message | ImportIssue) -> dict[str, Any]:
    """A record as plain JSON (datetimes in ISO 8601, enums by value)."""
    kind = "issue" if isinstance(item, ImportIssue) else "message"
    data = {"record": kind, **asdict(item)}
    result: dict[str, Any] = json.loads(json.dumps(data, default=lambda value: value.isoformat()))
    return result


def run_case(folder: Path) -> dict[str, Any]:
    case = json.loads((folder / "case.json").read_text())
    module = MODULES[folder.parent.name]
    options = ParseOptions(**case.get("options", {}))
    report = ParseReport()
    extra: dict[str, Any] = {}
    if "mapping" in case:
        extra["mapping"] = csv_generic.CsvMapping(**case["mapping"])
    try:
        items = list(module.parse(folder / case["input"], options=options, report=report, **extra))
    except OnwardError as exc:
        return {
            "error": {"type": type(exc).__name__, "message": exc.user_message, "hint": exc.hint}
        }
    return {"report": asdict(report), "records": [record_json(item) for item in items]}


@pytest.mark.parametrize("folder", CASES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_golden_export_parses_to_snapshot(folder: Path) -> None:
    result = run_case(folder)
    expected_file = folder / "expected.json"
    if UPDATE:
        text = json.dumps(result, indent=1, ensure_ascii=False) + "\n"
        expected_file.write_text(text, encoding="utf-8")
    assert result == json.loads(expected_file.read_text(encoding="utf-8"))


@pytest.mark.parametrize("folder", CASES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_golden_export_is_detected_by_its_importer(folder: Path) -> None:
    case = json.loads((folder / "case.json").read_text())
    module = MODULES[folder.parent.name]
    assert module.detect(folder / case["input"]) is case.get("detect", True)


def test_golden_cases_cover_every_source() -> None:
    assert {folder.parent.name for folder in CASES} == set(MODULES)


PAYLOADS = ("<script>", "onerror=alert(1)>", "\u202e")  # security.md R31: kept as plain text


@pytest.mark.parametrize("source", sorted(set(MODULES) - {"instagram"}))
def test_golden_html_and_bidi_payloads_are_kept_verbatim(source: str) -> None:
    texts = [
        record["text"]
        for folder in CASES
        if folder.parent.name == source
        for record in run_case(folder).get("records", [])
        if record["record"] == "message"
    ]
    for payload in PAYLOADS[:2]:
        assert any(payload in text for text in texts), payload
    if source != "csv":
        assert any(PAYLOADS[2] in text for text in texts)
