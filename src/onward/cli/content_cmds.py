"""onward content list|show|search|coverage: the shipped guidance library (no vault needed)."""

from __future__ import annotations

import sys
from typing import Annotated, Any

import typer

from onward.cli.common import cli_hint, handle_errors, out_console, print_json, settings
from onward.content.library import GuidanceItem
from onward.errors import InvalidInputError, NotFoundError
from onward.services import guide_library

app = typer.Typer(
    help="Read and search the guide (shipped pages, no vault needed).", no_args_is_help=True
)
JsonOpt = Annotated[bool, typer.Option("--json", help="Print JSON.")]
MAX_QUERY_CHARS = 1000  # far more than any search needs; stops a whole file being piped in


def _summary(item: GuidanceItem) -> dict[str, Any]:
    return {
        "id": item.id,
        "title": item.title,
        "stage": item.stage.value,
        "situations": [s.value for s in item.situations],
        "covers": list(item.covers),
    }


@app.command("list")
@handle_errors
def list_(
    stage: Annotated[str | None, typer.Option(help="Only this stage (e.g. plan).")] = None,
    situation: Annotated[
        str | None, typer.Option(help="Only pages for this situation (e.g. refused).")
    ] = None,
    json_out: JsonOpt = False,
) -> None:
    """List the guide pages: id, stage and title."""
    found = guide_library.list_items(stage=stage, situation=situation)
    if json_out:
        print_json([_summary(item) for item in found])
        return
    for item in found:
        out_console.print(f"{item.id:45}  {item.stage.value:10}  {item.title}", markup=False)
    typer.echo(f"{len(found)} pages.")


@app.command("show")
@handle_errors
@cli_hint(NotFoundError, "See the pages and their ids with: onward content list")
def show(
    item_id: Annotated[str, typer.Argument(help="A page id from 'onward content list'.")],
    json_out: JsonOpt = False,
) -> None:
    """Print one guide page as plain text, with its sources."""
    item = guide_library.item_by_id(item_id)
    if json_out:
        sources = [{"title": s.title, "url": s.url, "citation": s.citation} for s in item.sources]
        print_json(
            {
                **_summary(item),
                "sources": sources,
                "reviewed": item.reviewed.isoformat(),
                "body": item.body_md,
            }
        )
        return
    typer.echo(guide_library.item_text(item), nl=False)


def _read_query() -> str:
    """Search words from stdin when piped, else from a prompt; never from argv (R8)."""
    if sys.stdin.isatty():
        raw = str(typer.prompt("Words to look for", default="", show_default=False))
    else:
        raw = sys.stdin.read(MAX_QUERY_CHARS + 1)
    if len(raw) > MAX_QUERY_CHARS:
        raise InvalidInputError(
            f"That is more than {MAX_QUERY_CHARS} characters to search for.",
            hint="Use a few words that the page you want would contain.",
        )
    query = " ".join(raw.split())
    if not query:
        raise InvalidInputError(
            "No search words were given.",
            hint="Run 'onward content search' on a terminal and type them when asked, "
            "or pipe them in from a file.",
        )
    return query


# Extra arguments are collected (not a usage error) only so that words typed after the command
# get the message below, which says what to do instead.
@app.command("search", context_settings={"allow_extra_args": True})
@handle_errors
def search(ctx: typer.Context, json_out: JsonOpt = False) -> None:
    """Search the guide. Type the words when asked, or pipe them in (never on the command line).

    The index holds only shipped text; your words are not stored.
    """
    if ctx.args:
        raise InvalidInputError(
            "Search words are not taken on the command line, where they stay in your shell "
            "history and show to other programs.",
            hint="Run 'onward content search' and type them when asked, or pipe them in "
            "from a file. You may want to remove that line from your shell history.",
        )
    hits = guide_library.search(settings(), _read_query())
    if json_out:
        print_json(
            [{"id": h.id, "title": h.title, "snippet": guide_library.hit_text(h)} for h in hits]
        )
        return
    for hit in hits:
        out_console.print(f"{hit.id}: {hit.title}\n    {guide_library.hit_text(hit)}", markup=False)
    typer.echo(f"{len(hits)} pages found.")


@app.command("coverage")
@handle_errors
def coverage(json_out: JsonOpt = False) -> None:
    """Which seed ideas the guide covers: {"covered": [...], "missing": [...]}."""
    result = guide_library.coverage()
    if json_out:
        print_json(result)
        return
    total = len(result["covered"]) + len(result["missing"])
    typer.echo(f"Covered: {len(result['covered'])} of {total} seed ideas.")
    if result["missing"]:
        typer.echo("Missing: " + ", ".join(result["missing"]))
