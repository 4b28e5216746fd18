"""The SHA-256 of what is imported: a file read in chunks, or a folder's file list.

The hash decides whether an export was imported before (R33) and is recorded with the
import and in its chain link, so anyone can check the kept original against it.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any, Final

from onward.errors import ImportFileError
from onward.i18n import gettext as _

HASH_CHUNK: Final = 1024 * 1024


def _hash_file(path: Path, digest: Any) -> int:
    size = 0
    with path.open("rb") as f:
        while chunk := f.read(HASH_CHUNK):
            digest.update(chunk)
            size += len(chunk)
    return size


def _hash_folder(path: Path) -> tuple[str, int]:
    """A folder's SHA-256: of its file list, one line of path, size and SHA-256 per file."""
    digest, total = hashlib.sha256(), 0
    for child in sorted(p for p in path.rglob("*") if p.is_file() and not p.is_symlink()):
        one = hashlib.sha256()
        size = _hash_file(child, one)
        total += size
        digest.update(f"{child.relative_to(path).as_posix()}\0{size}\0{one.hexdigest()}\n".encode())
    return digest.hexdigest(), total


def file_sha256(path: Path) -> tuple[str, int]:
    """SHA-256 (hex) and size of a file, read in chunks (of a folder: see ``_hash_folder``)."""
    try:
        if path.is_dir():
            return _hash_folder(path)
        digest = hashlib.sha256()
        size = _hash_file(path, digest)
        return digest.hexdigest(), size
    except FileNotFoundError:
        raise ImportFileError(
            _("We could not find that file."), hint=_("Check the path, or choose the file again.")
        ) from None
    except OSError:
        raise ImportFileError(
            _("That file could not be read."),
            hint=_("Check that it is a file you can open, then try again."),
        ) from None
