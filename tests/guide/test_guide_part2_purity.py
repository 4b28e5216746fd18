"""The part-2 guide modules stay pure: no database, templates, web or services."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import onward.guide

MODULES = ["drafts", "letgo", "measures", "nocontact", "recovery", "repair", "svgchart"]
FORBIDDEN = ("sqlalchemy", "jinja2", "fastapi", "onward.store", "onward.services", "onward.web")


def imported(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


@pytest.mark.parametrize("module", MODULES)
def test_module_imports_nothing_impure(module: str) -> None:
    path = Path(onward.guide.__file__).parent / f"{module}.py"
    for name in imported(path):
        assert not name.startswith(FORBIDDEN), (module, name)


@pytest.mark.parametrize("module", MODULES)
def test_functions_stay_under_50_lines(module: str) -> None:
    path = Path(onward.guide.__file__).parent / f"{module}.py"
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.FunctionDef):
            assert node.end_lineno is not None
            assert node.end_lineno - node.lineno < 50, (module, node.name)
