"""The ``wastecoach`` command line (Typer + Rich)."""

from __future__ import annotations

import importlib
import json
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from wastecoach.core.config import SERVICES, get_settings

app = typer.Typer(help="AI Waste Coach: 분리배출 코치 API and tools.", no_args_is_help=True)
db_app = typer.Typer(help="Database migrations.", no_args_is_help=True)
dlq_app = typer.Typer(help="Dead-letter queue: tasks that failed all their retries.")
app.add_typer(db_app, name="db")
app.add_typer(dlq_app, name="dlq")
console = Console()

# Domain command groups live next to their domain; each module exposes ``app``.
for _name, _module in (
    ("items", "wastecoach.recycling.cli_items"),
    ("rules", "wastecoach.recycling.cli_rules"),
    ("locations", "wastecoach.locations.cli"),
    ("model", "wastecoach.waste.cli_model"),
    ("users", "wastecoach.users.cli"),
):
    try:
        app.add_typer(importlib.import_module(_module).app, name=_name)
    except ModuleNotFoundError as _exc:
        if _exc.name != _module:
            raise

try:
    from wastecoach.waste.cli_scan import scan as _scan_command

    app.command("scan")(_scan_command)
except ModuleNotFoundError as _exc:
    if _exc.name != "wastecoach.waste.cli_scan":
        raise


@app.command()
def serve(
    service: Annotated[
        list[str] | None, typer.Option(help="Run only this service (repeatable).")
    ] = None,
    host: str = "127.0.0.1",
    port: int = 8000,
    migrate: Annotated[bool, typer.Option(help="Apply migrations before starting.")] = False,
) -> None:
    """Start the API: all five services, or the ones named with --service."""
    import uvicorn

    from wastecoach.main import create_app

    for name in service or []:
        if name not in SERVICES:
            raise typer.BadParameter(f"unknown service {name!r}; choose from {SERVICES}")
    if migrate:
        upgrade()
    uvicorn.run(create_app(service or None), host=host, port=port, proxy_headers=True)


@app.command()
def worker(
    queues: Annotated[
        str, typer.Option(help="Comma-separated queues.")
    ] = "fast,bulk,external,sched,dlq",
    concurrency: int = 2,
    pool: str = "prefork",
) -> None:
    """Run a Celery worker for the given queues (fast work prefetches 4, slow queues 1)."""
    from wastecoach.core.tasks import QUEUES, configure_celery

    names = [name.strip() for name in queues.split(",") if name.strip()]
    unknown = set(names) - set(QUEUES)
    if unknown:
        raise typer.BadParameter(f"unknown queues {sorted(unknown)}; choose from {QUEUES}")
    prefetch = "4" if names == ["fast"] else "1"
    celery = configure_celery()
    celery.worker_main(
        [
            "worker",
            "--queues",
            ",".join(names),
            "--concurrency",
            str(concurrency),
            "--pool",
            pool,
            "--prefetch-multiplier",
            prefetch,
            "--hostname",
            f"{'-'.join(names)}@%h",
            "--loglevel",
            get_settings().log_level,
        ]
    )


@app.command()
def beat() -> None:
    """Run Celery beat, which sends the periodic tasks to the sched queue."""
    from wastecoach.core.tasks import configure_celery

    schedule = get_settings().var_dir / "celerybeat-schedule"
    schedule.parent.mkdir(parents=True, exist_ok=True)
    configure_celery().start(["beat", "--schedule", str(schedule), "--loglevel", "INFO"])


@app.command()
def setup(
    data: Annotated[bool, typer.Option(help="Import ../shared/data when present.")] = True,
) -> None:
    """Apply migrations and, once per data version, import the public data (schedules, points)."""
    import hashlib

    from wastecoach.core import migrations
    from wastecoach.core.db import session_scope

    settings = get_settings()
    migrations.upgrade(settings.effective_database_url)
    console.print("[green]database migrated[/green]")
    shared = settings.shared_data_dir
    if not data:
        return
    if not shared.exists():
        console.print(f"[yellow]no public data at {shared}: skipping imports[/yellow]")
        return
    files = sorted(p for p in (shared / "rules").glob("*.csv")) + sorted(
        p for p in (shared / "locations").iterdir() if p.suffix in (".csv", ".geojson", ".json")
    )
    fingerprint = hashlib.sha256(
        "|".join(f"{p.name}:{p.stat().st_size}:{p.stat().st_mtime_ns}" for p in files).encode()
        + settings.effective_database_url.encode()
    ).hexdigest()
    marker = settings.var_dir / "shared-data-imported"
    if marker.exists() and marker.read_text() == fingerprint:
        console.print("public data already imported")
        return
    from wastecoach.locations.service import locations as locations_service
    from wastecoach.recycling.schedules.service import import_schedules

    for path in (shared / "rules").glob("*.csv"):
        with session_scope() as session:
            report = import_schedules(session, path)
        console.print(f"schedules: {report['imported']} new, {report['updated']} updated")
    with console.status("importing collection points"), session_scope() as session:
        points = locations_service.import_source(session, str(shared / "locations"), fmt=None)
    for entry in points.files:
        console.print(f"points: {entry.file}: {entry.imported} new, {entry.updated} updated")
    marker.parent.mkdir(parents=True, exist_ok=True)
    marker.write_text(fingerprint)


@db_app.command("upgrade")
def upgrade(revision: str = "heads") -> None:
    """Apply migrations up to REVISION (default: the latest)."""
    from wastecoach.core import migrations

    migrations.upgrade(get_settings().effective_database_url, revision)
    console.print(f"[green]database at {revision}[/green]")


@db_app.command("downgrade")
def downgrade(revision: str) -> None:
    """Revert migrations down to REVISION ("base" removes everything)."""
    from wastecoach.core import migrations

    migrations.downgrade(get_settings().effective_database_url, revision)
    console.print(f"[yellow]database at {revision}[/yellow]")


@dlq_app.command("list")
def dlq_list(limit: int = 50, as_json: Annotated[bool, typer.Option("--json")] = False) -> None:
    """Show dead-lettered tasks, newest first."""
    from wastecoach.core import dlq
    from wastecoach.core.db import session_scope

    with session_scope() as session:
        entries = dlq.list_entries(session, limit=limit)
        rows = [
            {
                "id": entry.id,
                "task": entry.task_name,
                "args": entry.args,
                "error": entry.error,
                "failed_at": entry.failed_at.isoformat(),
                "replays": entry.replay_count,
            }
            for entry in entries
        ]
    if as_json:
        for row in rows:
            typer.echo(json.dumps(row, ensure_ascii=False))
        return
    table = Table("id", "task", "args", "error", "failed at", "replays")
    for row in rows:
        table.add_row(
            str(row["id"]),
            str(row["task"]),
            json.dumps(row["args"], ensure_ascii=False)[:60],
            str(row["error"])[:60],
            str(row["failed_at"]),
            str(row["replays"]),
        )
    console.print(table)


@dlq_app.command("replay")
def dlq_replay(entry_id: int) -> None:
    """Send a dead-lettered task again to its own queue."""
    from wastecoach.core import dlq
    from wastecoach.core.db import session_scope
    from wastecoach.core.tasks import configure_celery, wait_for_in_process_tasks

    configure_celery()
    with session_scope() as session:
        entry = dlq.replay(session, entry_id)
        if entry is None:
            console.print(f"[red]no dead letter with id {entry_id}[/red]")
            raise typer.Exit(code=1)
        name = entry.task_name
    wait_for_in_process_tasks()
    console.print(f"replayed {entry_id} ({name})")


@dlq_app.command("purge")
def dlq_purge(
    yes: Annotated[bool, typer.Option("--yes", help="Do not ask for confirmation.")] = False,
) -> None:
    """Delete every dead-lettered task."""
    from wastecoach.core import dlq
    from wastecoach.core.db import session_scope

    if not yes:
        typer.confirm("Delete all dead letters?", abort=True)
    with session_scope() as session:
        count = dlq.purge(session)
    console.print(f"purged {count}")
