"""``wastecoach model train``: regenerate the bundled classifier from the shared photos."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
)

app = typer.Typer(help="The offline image classifier.", no_args_is_help=True)
console = Console()
ASSETS_DIR = Path(__file__).parent / "vision" / "assets"


@app.command("train")
def train(
    data: Annotated[Path | None, typer.Option(help="Photos (default: shared data images)")] = None,
    out: Annotated[Path, typer.Option(help="Where the ONNX model and labels go")] = ASSETS_DIR,
    seed: int = 0,
) -> None:
    """Extract backbone features, fit and calibrate the head, export ONNX (train extra)."""
    from wastecoach.core.config import get_settings

    try:
        from wastecoach.waste.training.train import run_training
    except ImportError as exc:  # torch is a training-only dependency
        console.print(f"[red]{exc}. Install the training tools: pip install -e '.[train]'[/red]")
        raise typer.Exit(code=1) from exc
    data_dir = data or get_settings().shared_data_dir / "images"
    if not data_dir.exists():
        console.print(f"[red]no photos at {data_dir}; pass --data[/red]")
        raise typer.Exit(code=1)
    with Progress(
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
    ) as progress:
        tasks: dict[str, TaskID] = {}

        def report(stage: str, done: int, total: int) -> None:
            if stage not in tasks:
                tasks[stage] = progress.add_task(stage, total=total)
            progress.update(tasks[stage], completed=done, total=total)

        metrics = run_training(data_dir, out, seed=seed, progress=report)
    console.print_json(json.dumps(metrics, ensure_ascii=False, default=str)[:20000])
