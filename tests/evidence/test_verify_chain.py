"""The standalone checker agrees with the app's chain rules and needs only the standard library."""

from __future__ import annotations

import ast
import hashlib
import json
import sys
import zipfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from tests.evidence.test_chain import EVENTS, build

from onward.evidence import chain, verify_chain


@settings(max_examples=80, deadline=None)
@given(EVENTS)
def test_verify_chain_canonical_matches_the_app(event: dict[str, object]) -> None:
    assert verify_chain.canonical(event) == chain.canonical(event)
    assert verify_chain.link_hash(chain.GENESIS, event) == chain.link_hash(chain.GENESIS, event)


def test_verify_chain_imports_only_the_standard_library() -> None:
    tree = ast.parse(Path(verify_chain.__file__).read_text())
    modules = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            modules |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom):
            modules.add((node.module or "").split(".")[0])
    assert modules <= set(sys.stdlib_module_names) | {"__future__"}, modules


def _folder(root: Path, events: list[dict[str, object]], records: dict[str, bytes]) -> Path:
    links = [
        {"seq": x.seq, "prev": x.prev, "hash": x.hash, "event": x.event} for x in build(events)
    ]
    head = links[-1]["hash"] if links else chain.GENESIS
    doc = {"format": verify_chain.CHAIN_FORMAT, "head": head, "length": len(links), "links": links}
    files = {"chain.json": verify_chain.chain_text(doc), **records}
    for rel, data in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_bytes(data)
    sums = "".join(f"{hashlib.sha256(d).hexdigest()}  {p}\n" for p, d in sorted(files.items()))
    (root / "SHA256SUMS").write_text(sums)
    return root


def _record(item: str) -> tuple[dict[str, object], bytes]:
    data = chain.canonical({"entry": "e", "version": 1, "attachments": [], "salt": item})
    return {"type": "create", "item": item, "sha256": hashlib.sha256(data).hexdigest()}, data


def test_verify_chain_checks_records_against_their_links(tmp_path: Path) -> None:
    event, data = _record("a" * 32)
    root = _folder(
        tmp_path / "ok", [event, {"type": "anchor"}], {f"records/log-{'a' * 32}.json": data}
    )
    ok, line = verify_chain.check(str(root))
    assert ok and line.startswith("OK: 2 files, chain of 2 links, head ")
    assert verify_chain.main([str(root)]) == 0
    orphan = _folder(tmp_path / "orphan", [{"type": "anchor"}], {"records/log-b.json": data})
    ok, line = verify_chain.check(str(orphan))
    assert not ok and line == "FAILED: records/log-b.json: has no link on the chain"
    assert verify_chain.main([str(orphan)]) == 1


def test_verify_chain_refuses_bad_manifest_lines(tmp_path: Path) -> None:
    root = _folder(tmp_path / "b", [{"type": "anchor"}], {})
    good = (root / "SHA256SUMS").read_text()
    for bad in ("not a line\n", f"{'0' * 64}  ../outside\n", f"{'0' * 64}  /etc/passwd\n", good):
        (root / "SHA256SUMS").write_text(good + bad)
        ok, line = verify_chain.check(str(root))
        assert not ok and line.startswith("FAILED: SHA256SUMS line 2"), line
    (root / "SHA256SUMS").write_bytes(b"\xff\xfe")
    assert verify_chain.check(str(root)) == (False, "FAILED: SHA256SUMS: is not valid text")
    (root / "SHA256SUMS").unlink()
    assert verify_chain.check(str(root)) == (False, "FAILED: SHA256SUMS: is missing")


def test_verify_chain_reads_a_zip_with_a_top_folder(tmp_path: Path) -> None:
    root = _folder(tmp_path / "b", [{"type": "anchor"}], {"working/x.jpg": b"x"})
    with zipfile.ZipFile(tmp_path / "b.zip", "w") as z:
        for path in root.rglob("*"):
            if path.is_file():
                z.write(path, f"report-x/{path.relative_to(root).as_posix()}")
    assert verify_chain.check(str(tmp_path / "b.zip"))[0]
    assert verify_chain.check(str(tmp_path / "nothing-here"))[0] is False


def test_verify_chain_detects_a_rewritten_chain_file(tmp_path: Path) -> None:
    root = _folder(tmp_path / "b", [{"type": "anchor"}, {"type": "export"}], {})
    doc = json.loads((root / "chain.json").read_text())
    (root / "chain.json").write_text(json.dumps(doc))  # same content, other layout
    ok, line = verify_chain.check(str(root))
    assert not ok and line.startswith("FAILED: chain.json: ")


@pytest.mark.parametrize("code", ["nope", "0000-0000-0000-0000"])
def test_verify_chain_code_must_be_on_the_chain(tmp_path: Path, code: str) -> None:
    root = _folder(tmp_path / "b", [{"type": "anchor"}], {})
    assert verify_chain.main([str(root), "--code", code]) == 1
    first = json.loads((root / "chain.json").read_text())["links"][0]["hash"]
    assert verify_chain.main([str(root), "--code", verify_chain.short_code(first).lower()]) == 0
