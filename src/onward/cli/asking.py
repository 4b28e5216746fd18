"""Terminal questions and printouts for the path commands (screen, health, decide, path)."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import typer

from onward.cli.common import out_console, print_json
from onward.errors import InvalidInputError
from onward.guide.decision import PairChoice, Strength, pairs
from onward.guide.health import HealthResult
from onward.guide.helplines import format_line
from onward.services import decision_aid, health_check, lines, screen_flow
from onward.services.path import Hub
from onward.services.vault import Vault

MAX_ANSWERS_BYTES = 1_000_000


def read_json(source: Path) -> Any:
    """An answers file, or stdin for ``-``; a clear error for anything that is not JSON."""
    stdin = str(source) == "-"
    try:
        if stdin:
            raw = sys.stdin.read(MAX_ANSWERS_BYTES + 1)
        else:
            if source.stat().st_size > MAX_ANSWERS_BYTES:
                raise InvalidInputError(f"{source} is too large for an answers file.")
            raw = source.read_text(encoding="utf-8")
        return json.loads(raw)
    except FileNotFoundError:
        raise InvalidInputError(f"{source} does not exist.", hint="Check the path.") from None
    except IsADirectoryError:
        raise InvalidInputError(
            f"{source} is a folder.", hint="Give the answers file inside it."
        ) from None
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise InvalidInputError(
            "stdin does not hold JSON." if stdin else f"{source} is not a JSON file.",
            hint='For example: {"weapon": false}',
        ) from None


def _need_terminal() -> None:
    if not sys.stdin.isatty():
        raise InvalidInputError(
            "There is no terminal to ask the questions on.",
            hint="Pass your answers with --answers FILE (see --questions --json).",
        )


def confirm_save() -> bool:
    return typer.confirm("Keep this in your vault? (asks for your passphrase)", default=False)


def _yes_no(prompt: str) -> bool | None:
    while True:
        reply = typer.prompt(f"{prompt} [y/n, Enter to skip]", default="", show_default=False)
        value = {"y": True, "yes": True, "n": False, "no": False, "": None}.get(reply.lower())
        if value is not None or reply == "":
            return value
        typer.echo("Please type y or n, or press Enter to skip.")


# --- danger screen --------------------------------------------------------------------------


def print_screen_questions(*, json_out: bool) -> None:
    if json_out:
        print_json(screen_flow.questions_json())
        return
    screen = screen_flow.questions()
    typer.echo(screen.intro + "\n")
    for number, item in enumerate(screen.items, start=1):
        mark = " (counts on its own)" if item.trigger else ""
        out_console.print(f"{number}. [{item.id}]{mark} {item.text}", markup=False)
        out_console.print(f"   Why we ask: {item.why}", markup=False)
    typer.echo("\n" + screen.rule_summary)


def ask_screen(country: str | None) -> tuple[dict[str, bool], str | None]:
    """Ask each question y/n; crisis lines are shown at once after a yes to the crisis item."""
    _need_terminal()
    screen = screen_flow.questions()
    typer.echo(screen.intro + "\n")
    answers: dict[str, bool] = {}
    for item in screen.items:
        typer.echo(f"Why we ask: {item.why}")
        value = _yes_no(item.text)
        if value is not None:
            answers[item.id] = value
        if item.crisis and value:
            typer.echo(f"\n{screen.crisis_title}\n{screen.crisis_text}")
            for line in lines.crisis_for(country):
                typer.echo(f"  - {format_line(line)}")
            typer.echo("")
    typer.echo(f"Why we ask: {screen.anything_else_why}")
    worries = typer.prompt(
        f"{screen.anything_else_text} (Enter to skip)", default="", show_default=False
    )
    return answers, worries.strip() or None


# --- health check ---------------------------------------------------------------------------


def print_health_questions(*, json_out: bool) -> None:
    check = health_check.questions()
    if json_out:
        print_json(
            [
                {
                    "id": i.id,
                    "text": i.text,
                    "kind": i.kind.value,
                    "answers": [s.id for s in check.scale],
                }
                for i in check.items
            ]
        )
        return
    typer.echo(check.intro + "\n")
    for item in check.items:
        out_console.print(f"[{item.id}] ({item.kind.value}) {item.text}", markup=False)
        out_console.print(f"   Why we ask: {item.why}", markup=False)
    typer.echo("\nAnswers: " + ", ".join(s.id for s in check.scale))


def ask_health() -> dict[str, str]:
    _need_terminal()
    check = health_check.questions()
    typer.echo(check.intro + "\n")
    keys = {s.id[0]: s.id for s in check.scale}
    answers: dict[str, str] = {}
    for item in check.items:
        typer.echo(f"Why we ask: {item.why}")
        choice = "/".join(f"{k}={v}" for k, v in keys.items())
        while True:
            reply = typer.prompt(f"{item.text} [{choice}, Enter to skip]", default="")
            if reply == "" or reply.lower()[:1] in keys:
                break
        if reply:
            answers[item.id] = keys[reply.lower()[:1]]
    return answers


def print_health_result(result: HealthResult) -> None:
    band = result.band
    typer.echo(f"{band.title}\n\n{band.means}\n\nWhat it does not mean:\n{band.does_not_mean}")
    typer.echo(
        f"\nWarning signs: {result.warning_points} of {result.warning_max} points. "
        f"Good signs: {result.good_points} of {result.good_max} points."
    )
    if result.suggest_screen:
        typer.echo("\nPlease answer the safety questions too: onward screen")


# --- decision aid ---------------------------------------------------------------------------


def ask_decision() -> decision_aid.DecisionAnswers:
    _need_terminal()
    aid = decision_aid.aid()
    typer.echo(aid.sure_title)
    before = {i.id: v for i in aid.sure_items if (v := _yes_no(i.text)) is not None}
    chosen = tuple(
        c.id
        for c in aid.criteria
        if _yes_no(f"Does this matter to you? {c.title}: {c.prompt}") is not False
    )
    titles = decision_aid.titles()
    typer.echo("\nFor each pair: 1 = the first matters more, 2 = the second, 0 = the same.")
    choices = []
    for a, b in pairs(chosen):
        pick = typer.prompt(f"{titles[a]} (1) or {titles[b]} (2)?", default="0")
        if pick not in ("1", "2"):
            continue
        much = typer.confirm("Much more (not just a bit)?", default=False)
        winner = a if pick == "1" else b
        choices.append(PairChoice(a, b, winner, Strength.MUCH if much else Strength.A_BIT))
    return decision_aid.DecisionAnswers(chosen or tuple(titles), tuple(choices), before)


def print_outcome(outcome: decision_aid.Outcome, *, saved: bool) -> None:
    titles = decision_aid.titles()
    weights = sorted(outcome.weights.weights.items(), key=lambda kv: -kv[1])
    typer.echo("What matters most to you: " + ", ".join(f"{titles[k]} {v:.0%}" for k, v in weights))
    if not outcome.gates:
        typer.echo(
            "No safety answers were used" + ("." if saved else " (use --save to use yours).")
        )
    for number, option in enumerate(outcome.ranking, start=1):
        status = {"closed": " [not advised]", "caution": " [with care]"}.get(
            option.status.value, ""
        )
        out_console.print(f"\n{number}. {option.title}: {option.score:.0%}{status}", markup=False)
        for note in option.notes:
            out_console.print(f"   ! {note}", markup=False)
        for cell in option.reasons[:3]:
            out_console.print(f"   - {titles[cell.criterion]}: {cell.reason}", markup=False)
    sure = outcome.sure_before
    typer.echo(f"\nHow sure you felt before: {sure.score} of {sure.max_score}.")
    if saved:
        typer.echo("Saved.")


def print_decision_history(vault: Vault, *, json_out: bool) -> None:
    try:
        found = decision_aid.decision_history(vault)
    finally:
        vault.lock()
    if json_out:
        print_json(
            [
                {
                    "id": d.id,
                    "created": d.created_at.isoformat(),
                    **decision_aid.outcome_json(d.outcome),
                }
                for d in found
            ]
        )
        return
    for d in found:
        typer.echo(f"{d.id}  {d.created_at:%Y-%m-%d %H:%M}  {d.outcome.ranking[0].title}")
    typer.echo(f"{len(found)} saved results.")


# --- the hub --------------------------------------------------------------------------------


def print_hub(hub: Hub, *, json_out: bool) -> None:
    screen = hub.screen
    if json_out:
        print_json(
            {
                "situation": hub.situation or None,
                "country": hub.country or None,
                "screen": None
                if screen is None
                else {"positive": screen.result.positive, "taken_at": screen.taken_at.isoformat()},
                "gates": sorted(hub.gates),
                "steps": [
                    {"id": s.id, "title": s.title, "done": s.done, "url": s.url} for s in hub.steps
                ],
                "offers": [o.id for o in hub.offers],
                "closed": hub.closed,
            }
        )
        return
    for line in hub.crisis:
        typer.echo(f"Crisis line: {format_line(line)}")
    typer.echo(
        f"Where you stand: {hub.situation_label or 'not chosen yet (onward path --situation …)'}"
    )
    if screen is None:
        typer.echo("Safety questions: not answered yet (onward screen).")
    else:
        word = (
            "point to higher danger" if screen.result.positive else "do not point to higher danger"
        )
        typer.echo(f"Safety questions: your answers {word} ({screen.taken_at:%Y-%m-%d}).")
    for note in hub.closed:
        typer.echo(f"  ! {note}")
    typer.echo("Next steps:")
    for step in hub.steps:
        typer.echo(f"  [{'x' if step.done else ' '}] {step.title}: {step.why}")
    typer.echo("Helplines: onward helplines" + (f" --country {hub.country}" if hub.country else ""))
