"""Small plain-text helpers shared by the printable renderers."""

from __future__ import annotations

import datetime as dt
import textwrap
from collections.abc import Iterable

WIDTH = 78


def fill(text: str, width: int = WIDTH, *, first: str = "", rest: str = "") -> str:
    """Wrap at spaces only: a person's own words (``ana-maria``, ``reason-c3``) never split."""
    return textwrap.fill(
        text,
        width,
        initial_indent=first,
        subsequent_indent=rest,
        break_on_hyphens=False,
        break_long_words=False,
    )


def para(text: str, indent: str = "") -> str:
    """Wrap one paragraph to the print width."""
    return fill(" ".join(text.split()), first=indent, rest=indent)


def bullet(text: str, mark: str = "-", indent: str = "") -> str:
    """A wrapped list line such as ``- text`` or ``[ ] text``."""
    lead = f"{indent}{mark} "
    return fill(" ".join(text.split()), first=lead, rest=" " * len(lead))


def heading(text: str) -> str:
    return f"{text}\n{'=' * len(text)}"


def section(text: str) -> str:
    return f"{text}\n{'-' * len(text)}"


def join_blocks(blocks: Iterable[str]) -> str:
    """Blocks separated by one blank line, ending with a newline."""
    return "\n\n".join(b for b in blocks if b) + "\n"


def when(moment: dt.datetime) -> str:
    """A timezone-aware moment as ``2026-11-22 18:00 (UTC+01:00)``."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError("times in a plan must be timezone-aware")
    offset = moment.strftime("%z")
    return f"{moment:%Y-%m-%d %H:%M} (UTC{offset[:3]}:{offset[3:]})"
