"""onward checkin | urge | measure: the daily parts of the recovery space.

Free text (the check-in note, what set off an urge) comes from stdin when piped, else from
a prompt; never from the command line, where shell history and process lists would keep it.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import Annotated

import typer

from onward.cli.common import FdOpt, handle_errors, open_vault, out_console, print_json
from onward.errors import InvalidInputError
from onward.guide.measures import Measure, MeasureResult
from onward.services import measures_log, nocontact_log, recovery_log, reminders
from onward.services.tracks_common import HelpLines, crisis_lines, format_line, local_today
from onward.services.vault import Vault


def _line_of_text(prompt: str) -> str:
    """One line from stdin when piped, else from a prompt (Enter skips)."""
    if not sys.stdin.isatty():
        return sys.stdin.read()
    return str(typer.prompt(prompt, default="", show_default=False))


def _number(value: int | None, prompt: str, low: int, high: int, option: str) -> int:
    if value is not None:
        return value
    if not sys.stdin.isatty():
        raise InvalidInputError(f"{option} is needed.", hint=f"Add {option} {low}-{high}.")
    return _ask_int(prompt, low, high)


def _ask_int(prompt: str, low: int, high: int) -> int:
    """Ask until the answer is a whole number from ``low`` to ``high``."""
    while True:
        try:
            value = typer.prompt(prompt, type=int)
        except typer.Abort:
            if sys.stdin.isatty():
                raise
            raise InvalidInputError(  # piped answers ran out (on a terminal: Ctrl+D or Ctrl+C)
                "The answers ran out before the last question.",
                hint="Pipe one whole number per line, or use --answers FILE.",
            ) from None
        if low <= value <= high:
            return int(value)
        typer.echo(f"Please type a whole number from {low} to {high}.", err=True)


def echo_lines(lines: HelpLines, *, err: bool = False) -> None:
    """Print help lines, the emergency number first."""
    for line in lines.lines:
        typer.echo(f"  - {format_line(line)}", err=err)


def _echo_due(vault: Vault) -> None:
    for item in reminders.due_items(vault, local_today()):
        typer.echo(f"Due: {item.text}")


def register(app: typer.Typer) -> None:
    app.command("checkin")(checkin)
    app.command("urge")(urge)
    app.command("measure")(measure)


@handle_errors
def checkin(
    mood: Annotated[
        int | None,
        typer.Option("--mood", min=1, max=5, help="Mood today: 1 very low to 5 very good."),
    ] = None,
    urge: Annotated[
        int | None,
        typer.Option("--urge", min=0, max=4, help="Urge to contact them: 0 none to 4 very hard."),
    ] = None,
    sleep: Annotated[
        str | None, typer.Option("--sleep", metavar="HOURS", help="Hours of sleep, e.g. 6.5.")
    ] = None,
    passphrase_fd: FdOpt = None,
) -> None:
    """Save today's check-in. The one-line note comes from stdin when piped, else a prompt."""
    vault = open_vault(passphrase_fd)
    try:
        chosen_mood = _number(mood, "Mood (1 very low .. 5 very good)", 1, 5, "--mood")
        chosen_urge = _number(urge, "Urge to contact them (0 none .. 4 very hard)", 0, 4, "--urge")
        note = _line_of_text("One line about today (Enter to skip)")
        saved = recovery_log.save_checkin_form(
            vault,
            day=local_today(),
            mood=str(chosen_mood),
            urge=str(chosen_urge),
            sleep=sleep or "",
            note=note,
        )
        words = recovery_log.labels()
        typer.echo(
            f"Check-in saved for {saved.day.isoformat()}: mood {words.mood[saved.mood]}, "
            f"urge {words.urge[saved.urge].lower()}."
        )
        _echo_due(vault)
    finally:
        vault.lock()


@handle_errors
def urge(
    no_wait: Annotated[
        bool, typer.Option("--no-wait", help="Log it without waiting out the pause.")
    ] = False,
    passphrase_fd: FdOpt = None,
) -> None:
    """Log an urge to contact them, then pause before acting on it.

    What set it off comes from stdin when piped, else a prompt (optional).
    """
    vault = open_vault(passphrase_fd)
    try:
        trigger = _line_of_text("What set it off? (Enter to skip)")
        pause = nocontact_log.log_urge(vault, trigger=trigger)
    finally:
        vault.lock()  # nothing is needed from the vault during the pause
    typer.echo("Urge logged.")
    typer.echo(pause.text)
    if no_wait:
        return
    _wait(pause.seconds)
    typer.echo("The pause is over. Whatever you choose, you can note how it went on the page.")


def _wait(seconds: int) -> None:
    for left in range(seconds, 0, -1):
        if sys.stdout.isatty():
            sys.stdout.write(f"\r  {left // 60}:{left % 60:02d} ")
            sys.stdout.flush()
        time.sleep(1)
    if sys.stdout.isatty():
        sys.stdout.write("\r        \r")


def _read_answers(path: Path) -> list[object]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        raise InvalidInputError(
            f"Could not read answers from {path.name}.",
            hint="Write a JSON list of whole numbers, like [3, 2, 4, 1, 3].",
        ) from None
    if not isinstance(data, list):
        raise InvalidInputError("The answers file must hold a JSON list.", hint="Like [3, 2, 1].")
    return data


def _ask(m: Measure, lines_for_crisis: HelpLines) -> list[int]:
    """Ask each item (on the terminal, or from piped lines); PHQ-9 item 9 above 0 prints
    the crisis lines at once, before anything else."""
    typer.echo(m.instructions)
    typer.echo("  " + "; ".join(f"{o.value} = {o.label}" for o in m.options))
    answers: list[int] = []
    for number, item in enumerate(m.items, start=1):
        value = _ask_int(f"{number}. {item}", m.min_answer, m.max_answer)
        answers.append(value)
        if m.crisis_item == number and value > 0:
            _crisis(m.crisis_text, lines_for_crisis, err=False)
    return answers


def _crisis(text: str | None, lines: HelpLines, *, err: bool) -> None:
    typer.echo("", err=err)
    typer.echo("PLEASE READ THIS FIRST", err=err)
    if text:
        typer.echo(text, err=err)
    echo_lines(lines, err=err)
    typer.echo("", err=err)


@handle_errors
def measure(
    name: Annotated[str, typer.Argument(help="who5, phq9 or gad7.")],
    answers: Annotated[
        Path | None,
        typer.Option("--answers", help="A JSON file with a list of whole numbers, in order."),
    ] = None,
    json_out: Annotated[bool, typer.Option("--json", help="Print the result as JSON.")] = False,
    passphrase_fd: FdOpt = None,
) -> None:
    """Answer a well-being questionnaire, scored as published (a score is not a diagnosis)."""
    m = measures_log.measure(name)
    given = (
        measures_log.parse_answers(_read_answers(answers), count=len(m.items)) if answers else None
    )
    vault = open_vault(passphrase_fd)
    try:
        asked = given is None
        values = given if given is not None else _ask(m, crisis_lines(vault))
        outcome = measures_log.take(vault, name=name, answers=values, today=local_today())
    finally:
        vault.lock()
    _report(outcome, json_out=json_out, asked=asked)


def _report(outcome: measures_log.Outcome, *, json_out: bool, asked: bool) -> None:
    result: MeasureResult = outcome.taken.result
    if outcome.lines is not None and (json_out or not asked):
        _crisis(result.crisis_text, outcome.lines, err=json_out)
    if json_out:
        lines = [format_line(x) for x in outcome.lines.lines] if outcome.lines else []
        print_json(
            {
                "measure": result.measure,
                "total": result.total,
                "percent": result.percent,
                "band": result.band,
                "label": result.label,
                "crisis": result.crisis,
                "crisis_lines": lines,
            }
        )
        return
    score = f"{result.percent}%" if result.percent is not None else str(result.total)
    out_console.print(f"{outcome.measure.short_name}: {score} - {result.label}", markup=False)
    out_console.print(result.band_text, markup=False)
    typer.echo("A score is not a diagnosis.")
    if outcome.lines is not None and asked:
        typer.echo("The help lines above are there for you, today.")
