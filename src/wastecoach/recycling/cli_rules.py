"""``wastecoach rules``: import district collection schedules."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from wastecoach.core.db import session_scope
from wastecoach.recycling.schedules.service import import_schedules

app = typer.Typer(help="District collection rules.", no_args_is_help=True)
console = Console()


@app.command("import-schedules")
def import_schedules_command(
    path: Annotated[Path, typer.Argument(exists=True, dir_okay=False, readable=True)],
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Import 전국생활쓰레기배출정보표준데이터 (CSV, CP949 or UTF-8); safe to run again."""
    with Progress(
        TextColumn("[bold]schedules"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
        disable=as_json,
    ) as progress:
        task = progress.add_task("rows", total=None)
        with session_scope() as session:
            report = import_schedules(session, path, on_row=lambda: progress.advance(task))
    if as_json:
        typer.echo(json.dumps(report, ensure_ascii=False))
        return
    console.print(
        f"imported {report['imported']}, updated {report['updated']}, "
        f"rejected {sum(report['rejected'].values())} {report['rejected'] or ''}; "
        f"{report['total_rows_in_db']} rows in the database"
    )
