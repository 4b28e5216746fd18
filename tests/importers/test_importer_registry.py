"""Registry: the built-ins, detection order, and errors that say what to do."""

from __future__ import annotations

import importlib
import json
import sys
import types
from pathlib import Path

import pytest

from onward.errors import ImportFileError
from onward.importers import base, registry
from onward.importers.base import registered

EXPORTS = Path(__file__).resolve().parents[1] / "data" / "exports"
WHATSAPP = "onward.importers.whatsapp.text_export"
MINE = ("telegram", "sms_backup_restore", "facebook", "instagram", "signal", "csv")


def _whatsapp_missing() -> bool:
    try:
        importlib.import_module(WHATSAPP)
    except ModuleNotFoundError:
        return True
    return False


@pytest.fixture(autouse=True)
def whatsapp_importable(monkeypatch: pytest.MonkeyPatch) -> None:
    """Stand in for the WhatsApp importer only while its module does not exist yet."""
    if _whatsapp_missing():
        stub = types.ModuleType(WHATSAPP)
        stub.SOURCE = "whatsapp"  # type: ignore[attr-defined]
        stub.VERSION = "0"  # type: ignore[attr-defined]
        stub.detect = lambda path: False  # type: ignore[attr-defined]
        monkeypatch.setitem(sys.modules, WHATSAPP, stub)


def test_registry_lists_every_builtin_importer() -> None:
    sources = set(registered())
    assert {"imessage", "whatsapp", *MINE} <= sources
    for name in registry.BUILTIN_MODULES:
        module = importlib.import_module(name)
        assert registered()[module.SOURCE] is module
        assert module.__doc__
        assert "how" in module.__doc__.lower()


def test_registry_detection_order_is_specific_first_and_csv_last() -> None:
    order = [importer.SOURCE for importer in registry.detection_order()]
    assert order[0] == "imessage"
    assert order[-1] == "csv"
    assert order.index("signal") < order.index("whatsapp")
    assert order.index("instagram") < order.index("facebook")


def test_registry_third_party_importer_comes_before_the_csv_fallback(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    plugin = types.ModuleType("onward_plugin_example")
    plugin.SOURCE = "example"  # type: ignore[attr-defined]
    registered()  # built-ins first, as in a running app
    monkeypatch.setitem(base._REGISTRY, "example", plugin)
    order = [importer.SOURCE for importer in registry.detection_order()]
    assert order.index("example") == len(order) - 2


CASES = sorted(
    case.parent
    for source in MINE
    for case in (EXPORTS / source).glob("*/case.json")
    if json.loads(case.read_text()).get("detect", True)
)


@pytest.mark.parametrize("folder", CASES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_registry_detects_each_fixture_as_its_own_format(folder: Path) -> None:
    case = json.loads((folder / "case.json").read_text())
    assert registry.detect_format(folder / case["input"]) == folder.parent.name


def test_registry_unknown_file_names_the_formats_and_the_flag(tmp_path: Path) -> None:
    path = tmp_path / "notes.bin"
    path.write_bytes(b"\x00\x01 nothing to see")
    with pytest.raises(ImportFileError) as caught:
        registry.detect_format(path)
    assert caught.value.user_message == "We could not tell what kind of export this is"
    assert caught.value.hint is not None
    assert "--format" in caught.value.hint
    assert all(source in caught.value.hint for source in MINE)


def test_registry_missing_file_is_an_import_error(tmp_path: Path) -> None:
    with pytest.raises(ImportFileError):
        registry.detect_format(tmp_path / "nope.json")


def test_registry_get_returns_the_module_or_a_helpful_error() -> None:
    assert registry.get("telegram").SOURCE == "telegram"
    with pytest.raises(ImportFileError) as caught:
        registry.get("myspace")
    assert caught.value.hint is not None
    assert "telegram" in caught.value.hint
