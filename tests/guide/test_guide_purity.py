"""guide/ and content/ stay pure: no web, storage or template imports."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import onward.content
import onward.guide

FORBIDDEN = ("sqlalchemy", "jinja2", "fastapi", "onward.store", "onward.services", "onward.web")


def _modules() -> list[Path]:
    out: list[Path] = []
    for package in (onward.guide, onward.content):
        out.extend(sorted(Path(next(iter(package.__path__))).glob("*.py")))
    return out


@pytest.mark.parametrize("path", _modules(), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_guide_purity_no_forbidden_imports(path: Path) -> None:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.extend(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.append(node.module)
    for name in names:
        assert not name.startswith(FORBIDDEN), f"{path.name} imports {name}"
    if path.parent.name == "content":
        assert not any(n.startswith("onward.guide") for n in names), path.name
