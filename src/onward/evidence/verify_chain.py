#!/usr/bin/env python3
"""Check an Onward export folder with nothing but Python's standard library.

Usage (Python 3.7 or newer; run it from inside the export folder, or pass the folder
or the .zip file)::

    python3 verify_chain.py [FOLDER_OR_ZIP] [--code XXXX-XXXX-XXXX-XXXX]

It checks, in this order, and stops at the first problem it finds:

1. ``SHA256SUMS``: every file listed exists and has that SHA-256, and no file is
   present that is not listed (``sha256sum -c SHA256SUMS`` checks the first part too);
2. ``chain.json``: link *n* has sequence number *n*, names the previous link's hash,
   and its hash is SHA-256(previous hash bytes + canonical JSON of its event);
   the canonical JSON is RFC 8785 for the values Onward writes (sorted keys, no
   spaces, UTF-8, no floats);
3. ``records/log-*.json`` and ``records/redaction-*.json``: the SHA-256 of each file
   equals the ``sha256`` in the chain event that names it, every attached original in
   ``originals/`` has the SHA-256 its record gives, and every imported file in
   ``originals/imports/`` has the SHA-256 recorded by an import event on the chain.

With ``--code``, it also checks that a short code written down earlier is the head
of some link on the chain. It prints ``OK: …`` and exits 0, or ``FAILED: …`` naming
the first file or link that does not match and exits 1.

This file is the same code Onward's own ``onward verify`` runs. It shows that the
records were not changed after they were captured; it does not show who wrote them
or that they are true.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import sys
import zipfile
from typing import Any, Dict, List, Optional, Set, Tuple  # noqa: UP035 (runs on Python 3.7)

GENESIS = "0" * 64
MANIFEST = "SHA256SUMS"
CHAIN = "chain.json"
CHAIN_FORMAT = "onward-chain/1"
RECORD_PREFIXES = ("log-", "redaction-")
IMPORT_ORIGINALS = "originals/imports/"
_LINE = re.compile(r"([0-9a-f]{64}) [ *](.+)")


class Failure(Exception):
    """The first thing that did not match: where (a file or a link) and why."""

    def __init__(self, where: str, why: str, kind: str = "") -> None:
        super().__init__(f"{where}: {why}")
        self.where, self.why, self.kind = where, why, kind


def canonical(event: Any) -> bytes:
    """RFC 8785 canonical JSON for objects without floats (what Onward writes)."""
    return json.dumps(event, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode(
        "utf-8"
    )


def link_hash(prev: str, event: Any) -> str:
    return hashlib.sha256(bytes.fromhex(prev) + canonical(event)).hexdigest()


def chain_text(document: Dict[str, Any]) -> bytes:  # noqa: UP006
    """The exact bytes Onward writes for chain.json (so any change shows)."""
    return (json.dumps(document, sort_keys=True, indent=1, ensure_ascii=False) + "\n").encode(
        "utf-8"
    )


def short_code(head: str) -> str:
    return "-".join(head[i : i + 4] for i in range(0, 16, 4)).upper()


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


class Source:
    """The export's files, from a folder or a .zip, by relative path with '/'."""

    def __init__(self, path: str) -> None:
        self._zip: Optional[zipfile.ZipFile] = None  # noqa: UP045
        self._root = path
        self._prefix = ""
        if os.path.isfile(path) and zipfile.is_zipfile(path):
            self._zip = zipfile.ZipFile(path)
            names = [n for n in self._zip.namelist() if not n.endswith("/")]
            tops = {n.split("/", 1)[0] for n in names}
            if len(tops) == 1 and all("/" in n for n in names):
                self._prefix = tops.pop() + "/"
            self._names = sorted(n[len(self._prefix) :] for n in names)
        elif os.path.isdir(path):
            found = []
            for folder, _dirs, files in os.walk(path):
                for name in files:
                    rel = os.path.relpath(os.path.join(folder, name), path)
                    found.append(rel.replace(os.sep, "/"))
            self._names = sorted(found)
        else:
            raise Failure(path, "is not a folder or a .zip file")

    def names(self) -> List[str]:  # noqa: UP006
        return list(self._names)

    def read(self, name: str) -> bytes:
        if self._zip is not None:
            return self._zip.read(self._prefix + name)
        with open(os.path.join(self._root, *name.split("/")), "rb") as handle:
            return handle.read()


def check_manifest(src: Source) -> int:
    """Every listed file matches and nothing is unlisted; returns the number of files."""
    names = set(src.names())
    if MANIFEST not in names:
        raise Failure(MANIFEST, "is missing")
    try:
        text = src.read(MANIFEST).decode("utf-8")
    except UnicodeDecodeError:
        raise Failure(MANIFEST, "is not valid text", "manifest") from None
    listed: Dict[str, Tuple[str, int]] = {}  # noqa: UP006
    for number, line in enumerate(text.split("\n"), start=1):
        if not line:
            continue
        match = _LINE.fullmatch(line)
        path = match.group(2) if match else ""
        if not match or path.startswith("/") or ".." in path.split("/") or path in listed:
            raise Failure(f"{MANIFEST} line {number}", "is not a valid line", "manifest")
        listed[path] = (match.group(1), number)
    for path, (digest, number) in sorted(listed.items()):
        if path not in names:
            raise Failure(
                f"{MANIFEST} line {number}", f"lists {path}, which is not here", "manifest"
            )
        if sha256(src.read(path)) != digest:
            why = f"does not match its SHA-256 in {MANIFEST} (line {number})"
            raise Failure(path, why, "mismatch")
    unlisted = sorted(names - set(listed) - {MANIFEST})
    if unlisted:
        raise Failure(unlisted[0], f"is not listed in {MANIFEST}", "manifest")
    return len(listed)


def check_chain(src: Source) -> List[Dict[str, Any]]:  # noqa: UP006
    """The links of chain.json, each one following the last; returns them."""
    try:
        raw = src.read(CHAIN)
    except (KeyError, OSError):
        raise Failure(CHAIN, "is missing") from None
    try:
        document = json.loads(raw.decode("utf-8"))
        links = document["links"]
    except (ValueError, KeyError, TypeError):
        raise Failure(CHAIN, "is not valid") from None
    if chain_text(document) != raw or document.get("format") != CHAIN_FORMAT:
        raise Failure(CHAIN, "was changed (it is not in the exact form Onward writes)")
    prev = GENESIS
    for number, link in enumerate(links, start=1):
        where = f"{CHAIN} link {number}"
        if not isinstance(link, dict) or link.get("seq") != number:
            raise Failure(where, "sequence numbers are not consecutive")
        if link.get("prev") != prev:
            raise Failure(where, "does not follow the previous link")
        if link_hash(prev, link.get("event")) != link.get("hash"):
            raise Failure(where, "its event does not match its hash")
        prev = link["hash"]
    if document.get("head") != prev or document.get("length") != len(links):
        raise Failure(CHAIN, "its head is not the last link")
    return list(links)


def _attachment_path(names: List[str], file_id: str) -> Optional[str]:  # noqa: UP006, UP045
    for name in names:
        if name.startswith(f"originals/{file_id}-") or name == f"originals/{file_id}":
            return name
    return None


def check_records(src: Source, links: List[Dict[str, Any]]) -> Set[str]:  # noqa: UP006
    """Each record matches the chain event that names it; each original, its record.

    Returns the files whose every byte was checked against the chain.
    """
    covered = {CHAIN}
    by_item = {}
    for link in links:
        event = link["event"]
        if isinstance(event, dict) and isinstance(event.get("item"), str):
            by_item[event["item"]] = (link["seq"], event.get("sha256"))
    imported = {
        link["event"].get("file_sha256")
        for link in links
        if isinstance(link["event"], dict) and link["event"].get("type") == "import"
    }
    names = src.names()
    for name in names:
        if name.startswith(IMPORT_ORIGINALS):
            if sha256(src.read(name)) not in imported:
                raise Failure(name, "does not match the SHA-256 of any import on the chain")
            covered.add(name)
        base = name[len("records/") :] if name.startswith("records/") else ""
        prefix = next((p for p in RECORD_PREFIXES if base.startswith(p)), None)
        if prefix is None or not base.endswith(".json"):
            continue
        item = base[len(prefix) : -len(".json")]
        if item not in by_item:
            raise Failure(name, "has no link on the chain")
        seq, digest = by_item[item]
        data = src.read(name)
        if sha256(data) != digest:
            raise Failure(name, f"does not match chain link {seq}")
        covered.add(name)
        if prefix == "log-":
            for meta in json.loads(data.decode("utf-8")).get("attachments", []):
                original = _attachment_path(names, str(meta.get("file_id")))
                if original is None:
                    raise Failure(f"originals/{meta.get('file_id')}", f"is missing ({name})")
                if sha256(src.read(original)) != meta.get("sha256"):
                    raise Failure(original, f"does not match the SHA-256 recorded in {name}")
                covered.add(original)
    return covered


def check(path: str, code: Optional[str] = None) -> Tuple[bool, str]:  # noqa: UP006, UP045
    """Run every check; returns (ok, the line to print)."""
    try:
        src = Source(path)
    except Failure as exc:
        return False, f"FAILED: {exc}"
    manifest_error: Optional[Failure] = None  # noqa: UP045
    deep_error: Optional[Failure] = None  # noqa: UP045
    files, links, covered = 0, [], set()
    try:
        files = check_manifest(src)
    except Failure as exc:
        manifest_error = exc
    try:
        links = check_chain(src)
        covered = check_records(src, links)
    except Failure as exc:
        deep_error = exc
    if manifest_error is not None:
        if deep_error is not None and manifest_error.kind == "mismatch":
            return False, f"FAILED: {deep_error}"
        if manifest_error.kind == "mismatch" and manifest_error.where in covered:
            where = manifest_error.where
            why = f"the line for {where} was changed ({where} itself still matches the chain)"
            return False, f"FAILED: {MANIFEST}: {why}"
        return False, f"FAILED: {manifest_error}"
    if deep_error is not None:
        return False, f"FAILED: {deep_error}"
    head = links[-1]["hash"] if links else GENESIS
    if code is not None:
        wanted = "".join(ch for ch in code.upper() if ch.isalnum())
        if all(short_code(link["hash"]).replace("-", "") != wanted for link in links):
            return False, f"FAILED: {CHAIN}: the code {code} is not on this chain"
    return True, f"OK: {files} files, chain of {len(links)} links, head {short_code(head)}"


def main(argv: Optional[List[str]] = None) -> int:  # noqa: UP006, UP045
    parser = argparse.ArgumentParser(description="Check an Onward export folder or .zip.")
    here = os.path.dirname(os.path.abspath(__file__))
    parser.add_argument("path", nargs="?", default=here, help="the export (default: this folder)")
    parser.add_argument("--code", help="a short code you wrote down earlier")
    args = parser.parse_args(argv)
    ok, line = check(args.path, args.code)
    sys.stdout.write(line + "\n")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
