"""onward path | screen | health | decide | helplines | helper

Answers come from a JSON file (``--answers FILE``, or ``-`` for stdin) or from questions asked
in the terminal; never from argv (R8). ``--save`` keeps the result in the vault and asks for the
passphrase (``--passphrase-fd`` reads it from a file descriptor). Without ``--save`` nothing is
stored and no vault is needed.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from onward.cli import asking
from onward.cli.common import FdOpt, handle_errors, open_vault, out_console, print_json
from onward.errors import InvalidInputError
from onward.guide.helplines import format_line
from onward.services import (
    decision_aid,
    friend,
    health_check,
    lines,
    path,
    prefs,
    screen_flow,
    screening,
)

JsonOpt = Annotated[bool, typer.Option("--json", help="Print JSON.")]
QuestionsOpt = Annotated[bool, typer.Option("--questions", help="List the questions.")]
AnswersOpt = Annotated[
    Path | None,
    typer.Option("--answers", help="A JSON file with your answers ('-' reads stdin)."),
]
SaveOpt = Annotated[
    bool, typer.Option("--save", help="Keep the result in your vault (asks for the passphrase).")
]
CountryOpt = Annotated[
    str | None, typer.Option("--country", help="Two-letter country code, e.g. GB or US.")
]


def register(app: typer.Typer) -> None:
    for command in (path_, screen, health, decide, helplines, helper):
        name = "path" if command is path_ else None
        app.command(name)(handle_errors(command))


def path_(
    situation: Annotated[
        str | None,
        typer.Option(help="Where you stand: " + ", ".join(path.SITUATIONS) + "."),
    ] = None,
    country: CountryOpt = None,
    json_out: JsonOpt = False,
    passphrase_fd: FdOpt = None,
) -> None:
    """Show your path: where you stand, your latest safety answers and your next steps."""
    if situation is not None and situation not in path.SITUATIONS:
        raise InvalidInputError(
            f"There is no situation called '{situation}'.",
            hint="Choose one of: " + ", ".join(path.SITUATIONS) + ".",
        )
    if country and not lines.normalise_country(country):
        typer.echo(f"No list for '{country}' yet; using the international one.", err=True)
    vault = open_vault(passphrase_fd)
    try:
        if situation is not None:
            current = prefs.load_prefs(vault)
            path.save_start(
                vault,
                situation=situation,
                country=current.country if country is None else country,
            )
        elif country is not None:  # the country alone, before a situation is chosen too
            path.save_country(vault, {"country": [country]})
        hub = path.load_hub(vault, repair_url="/mend")
    finally:
        vault.lock()
    asking.print_hub(hub, json_out=json_out)


def screen(
    questions: QuestionsOpt = False,
    answers: AnswersOpt = None,
    json_out: JsonOpt = False,
    save: SaveOpt = False,
    country: CountryOpt = None,
    passphrase_fd: FdOpt = None,
) -> None:
    """Safety questions: list them, score your answers, and keep the result if you want."""
    if questions:
        asking.print_screen_questions(json_out=json_out)
        return
    if answers is not None:
        given, worries = screen_flow.parse_json_answers(asking.read_json(answers))
    else:
        given, worries = asking.ask_screen(country)
        save = save or asking.confirm_save()
    result = screen_flow.score(given, worries)
    if save:
        vault = open_vault(passphrase_fd)
        try:
            screening.save_screen(vault, answers=given, worries=worries)
            country = country or prefs.load_prefs(vault).country
        finally:
            vault.lock()
    crisis = lines.crisis_for(country) if result.crisis else []
    if json_out:
        print_json(screen_flow.result_json(result))
        for line in crisis:  # crisis lines still reach the person, without breaking the JSON
            typer.echo(f"Crisis line: {format_line(line)}", err=True)
        return
    typer.echo(screen_flow.screen_text(screen_flow.questions(), result, crisis), nl=False)
    if save:
        typer.echo("Saved.")


def health(
    questions: QuestionsOpt = False,
    answers: AnswersOpt = None,
    json_out: JsonOpt = False,
    save: SaveOpt = False,
    passphrase_fd: FdOpt = None,
) -> None:
    """Relationship health check: warning signs and good signs, with honest bands."""
    if questions:
        asking.print_health_questions(json_out=json_out)
        return
    if answers is not None:
        given = health_check.parse_answers(asking.read_json(answers))
    else:
        given = asking.ask_health()
        save = save or asking.confirm_save()
    result = health_check.score(given)
    if save:
        vault = open_vault(passphrase_fd)
        try:
            health_check.save_health(vault, answers=given)
        finally:
            vault.lock()
    if json_out:
        print_json(health_check.result_json(result))
        return
    asking.print_health_result(result)


def decide(
    answers: AnswersOpt = None,
    json_out: JsonOpt = False,
    save: SaveOpt = False,
    history: Annotated[bool, typer.Option("--history", help="List your saved results.")] = False,
    passphrase_fd: FdOpt = None,
) -> None:
    """Decision aid: compare what matters to you in pairs and rank the options, with reasons."""
    if history:
        asking.print_decision_history(open_vault(passphrase_fd), json_out=json_out)
        return
    if answers is not None:
        given = decision_aid.parse_json(asking.read_json(answers))
    else:
        given = asking.ask_decision()
        save = save or asking.confirm_save()
    if save:
        vault = open_vault(passphrase_fd)
        try:
            outcome = decision_aid.save_decision(vault, answers=given).outcome
        finally:
            vault.lock()
    else:
        outcome = decision_aid.evaluate(given, screen=None)
    if json_out:
        print_json(decision_aid.outcome_json(outcome))
        return
    asking.print_outcome(outcome, saved=save)


def helplines(
    country: CountryOpt = None,
    crisis: Annotated[bool, typer.Option("--crisis", help="Only crisis lines.")] = False,
    json_out: JsonOpt = False,
) -> None:
    """Helplines for a country (sourced and dated), or the international fallback."""
    data = lines.helplines_json(country, crisis_only=crisis)
    if json_out:
        print_json(data)
        return
    found = lines.helplines_for(country)
    shown = lines.crisis_for(country) if crisis else [found.emergency, *lines.ordered_lines(found)]
    out_console.print(f"Helplines: {found.name}", markup=False)
    for line in shown:
        out_console.print(f"  - {format_line(line)}", markup=False)
    if found.notes:
        out_console.print(found.notes, markup=False)
    codes = ", ".join(c.code for c in lines.country_choices() if c.code)
    typer.echo(f"Countries with their own list: {codes}. Others get the international list.")


def helper(country: CountryOpt = None) -> None:
    """Guidance for a friend or relative. Needs no vault and stores nothing."""
    if country and not lines.normalise_country(country):
        typer.echo(f"No list for '{country}' yet; showing the international one.", err=True)
    sys.stdout.write(friend.friend_text(country))
