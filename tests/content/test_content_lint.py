"""Lint over all shipped content: no promised outcomes, neutral titles, data inside the package.

Decisions recorded here:
- Promises of outcomes are banned everywhere (Markdown and YAML): we never say a plan or report
  is guaranteed, court-proof or always works, or that someone will come back.
- "abuser" and "victim" are banned in titles. Titles are the most visible text (lists, headings,
  printouts, a glance over the shoulder), they label people who often do not see themselves that
  way, and the security brief asks for neutral titles. Body text may use the words where an
  explanation needs them.
"""

from __future__ import annotations

import re
from importlib import resources
from importlib.resources.abc import Traversable

import pytest
import yaml

from onward.content.library import load_items

FORBIDDEN_PHRASES = (
    "guaranteed",
    "we guarantee",
    "will get them back",
    "will get him back",
    "will get her back",
    "win them back",
    "court-proof",
    "court proof",
    "court-admissible",
    "admissible in court",
    "always works",
    "100% safe",
    "completely safe",
)
FORBIDDEN_TITLE_WORDS = ("abuser", "victim")


def _content_files() -> list[Traversable]:
    root = resources.files("onward.content")
    found: list[Traversable] = []
    stack = [root]
    while stack:
        node = stack.pop()
        for child in node.iterdir():
            if child.is_dir():
                stack.append(child)
            elif child.name.endswith((".md", ".yaml")):
                found.append(child)
    return sorted(found, key=lambda n: n.name)


def test_content_lint_finds_the_data_files_inside_the_package() -> None:
    names = {f.name for f in _content_files()}
    expected = {
        "screen.yaml",
        "health.yaml",
        "decision.yaml",
        "plans.yaml",
        "boundaries.yaml",
        "safety_plan.yaml",
        "US.yaml",
        "international.yaml",
    }
    assert expected <= names
    assert any(n.endswith(".md") for n in names)


@pytest.mark.parametrize("node", _content_files(), ids=lambda n: n.name)
def test_content_lint_no_promised_outcomes(node: Traversable) -> None:
    text = " ".join(node.read_text(encoding="utf-8").lower().replace("’", "'").split())
    for phrase in FORBIDDEN_PHRASES:
        assert phrase not in text, f"{node.name}: '{phrase}'"


def _yaml_titles(value: object) -> list[str]:
    if isinstance(value, dict):
        out = [v for k, v in value.items() if k in ("title", "name") and isinstance(v, str)]
        for v in value.values():
            out.extend(_yaml_titles(v))
        return out
    if isinstance(value, list):
        return [t for v in value for t in _yaml_titles(v)]
    return []


def test_content_lint_titles_avoid_labels() -> None:
    titles = [item.title for item in load_items()]
    titles += [
        line.lstrip("# ").strip()
        for item in load_items()
        for line in item.body_md.splitlines()
        if line.startswith("#")
    ]
    for node in _content_files():
        if node.name.endswith(".yaml"):
            titles += _yaml_titles(yaml.safe_load(node.read_text(encoding="utf-8")))
    assert titles
    for title in titles:
        for word in FORBIDDEN_TITLE_WORDS:
            assert not re.search(rf"\b{word}s?\b", title, re.IGNORECASE), title


def test_content_lint_catches_a_promise() -> None:
    # The lint itself must bite: a sentence like this one would fail the check above.
    sample = "This plan is guaranteed to work."
    assert any(p in sample.lower() for p in FORBIDDEN_PHRASES)
