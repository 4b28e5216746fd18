"""onward content list|show|search|coverage: the shipped guidance library (no vault needed)."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from onward.cli.common import handle_errors, out_console, print_json, settings
from onward.content.library import GuidanceItem
from onward.services import guide_library

app = typer.Typer(
    help="Read and search the guide (shipped pages, no vault needed).", no_args_is_help=True
)
JsonOpt = Annotated[bool, typer.Option("--json", help="Print JSON.")]


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


@app.command("search")
@handle_errors
def search(
    query: Annotated[str, typer.Argument(help="Words to look for.")],
    json_out: JsonOpt = False,
) -> None:
    """Search the guide. The index holds only shipped text; your query is not stored."""
    hits = guide_library.search(settings(), query)
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
