"""``wastecoach locations ...``: import collection points and try a search from the shell."""

from __future__ import annotations

import json
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import (
    BarColumn,
    Progress,
    SpinnerColumn,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
)
from rich.table import Table

from wastecoach.locations.importers import FORMATS
from wastecoach.locations.schemas import ImportReport

app = typer.Typer(help="Collection points: 수거함·재활용센터 위치.", no_args_is_help=True)
console = Console(stderr=True)


@app.command("import")
def import_command(
    source: Annotated[str, typer.Argument(help="A file, a folder of files, or an http(s) URL")],
    format: Annotated[
        str | None, typer.Option("--format", help=f"Skip detection: one of {', '.join(FORMATS)}")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON")] = False,
) -> None:
    """Import collection points (idempotent: importing again updates, never duplicates)."""
    from wastecoach.core.db import session_scope
    from wastecoach.locations.service import locations as locations_service

    if format is not None and format not in FORMATS:
        raise typer.BadParameter(f"unknown format {format!r}; choose from {FORMATS}")
    columns = (
        SpinnerColumn(),
        TextColumn("{task.description}"),
        BarColumn(),
        TextColumn("{task.fields[rows]} rows"),
        TimeElapsedColumn(),
    )
    with Progress(*columns, console=console, transient=as_json) as progress:
        tasks: dict[str, TaskID] = {}

        def on_progress(label: str, rows: int) -> None:
            if label not in tasks:
                tasks[label] = progress.add_task(label[-60:], total=None, rows=0)
            progress.update(tasks[label], rows=rows)

        with session_scope() as session:
            report = locations_service.import_source(
                session, source, fmt=format, progress=on_progress
            )
        for task_id in tasks.values():
            progress.update(task_id, total=1, completed=1)
    if as_json:
        typer.echo(json.dumps(report.model_dump(mode="json"), ensure_ascii=False, indent=2))
    else:
        print_report(report)
    if report.files and all(f.error for f in report.files):
        raise typer.Exit(code=1)


def print_report(report: ImportReport) -> None:
    out = Console()
    table = Table(
        "file", "format", "imported", "updated", "unchanged", "merged", "pending", "rejected"
    )
    for f in report.files:
        table.add_row(
            f.file[-50:],
            f.format or f"[red]skipped: {f.error}[/red]",
            str(f.imported),
            str(f.updated),
            str(f.unchanged),
            str(f.merged),
            str(f.pending_geocode),
            str(sum(f.rejected.values())),
        )
    out.print(table)
    out.print(
        f"imported {report.total('imported')}, updated {report.total('updated')}, "
        f"unchanged {report.total('unchanged')}, merged {report.total('merged')}, "
        f"pending geocode {report.total('pending_geocode')}"
    )
    if report.rejected:
        reasons = Table("rejected: reason", "rows")
        for reason, count in report.rejected.items():
            reasons.add_row(reason, str(count))
        out.print(reasons)
