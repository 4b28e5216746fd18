"""Helper mode: guidance for a friend or relative. Needs no vault and stores nothing.

A friend may use Onward on their own device before (or without) any vault, so this module
touches no file and no database: it only reads the shipped guidance and helplines.
"""

from __future__ import annotations

from dataclasses import dataclass

from onward.content.library import GuidanceItem, Situation, Stage, items_for, plain_text
from onward.guide import _text
from onward.guide.helplines import CountryHelplines, Line, format_line
from onward.i18n import gettext as _
from onward.services import guide_library, lines


@dataclass(frozen=True, slots=True)
class FriendGuide:
    country: str
    items: list[tuple[GuidanceItem, str]]  # (item, HTML body)
    helplines: CountryHelplines
    ordered: list[Line]  # the lines to show, most relevant first
    countries: list[lines.CountryChoice]


def _items() -> list[GuidanceItem]:
    return items_for(stage=Stage.HELP, situation=Situation.HELPER)


def friend_guide(country: str | None) -> FriendGuide:
    """The helper pages, rendered, with the helplines for ``country``."""
    code = lines.normalise_country(country)
    found = lines.helplines_for(code)
    return FriendGuide(
        country=code,
        items=guide_library.rendered(_items(), shift=1),
        helplines=found,
        ordered=lines.ordered_lines(found),
        countries=lines.country_choices(),
    )


def friend_text(country: str | None) -> str:
    """The helper pages and helplines as plain text (``onward helper``)."""
    code = lines.normalise_country(country)
    found = lines.helplines_for(code)
    blocks = [
        _text.heading(_("Helping a friend")),
        _text.para(
            _(
                "Nothing you do here is saved. These pages are for you, the friend. "
                "The decisions stay with the person you are helping."
            )
        ),
    ]
    for item in _items():
        blocks.append(_text.section(item.title) + "\n" + plain_text(item.body_md))
    help_lines = [_text.section(_("Helplines: {name}").format(name=found.name))]
    help_lines.extend(
        _text.bullet(format_line(line)) for line in [found.emergency, *lines.ordered_lines(found)]
    )
    help_lines.append(
        _text.para(_("Helplines also talk to friends and family who are worried about someone."))
    )
    blocks.append("\n".join(help_lines))
    return _text.join_blocks(blocks)
