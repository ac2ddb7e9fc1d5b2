"""``wastecoach scan PHOTO...``: the whole pipeline on the embedded default, one card per photo."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.panel import Panel

from wastecoach.core.errors import AppError
from wastecoach.core.i18n import Lang

console = Console()
CLI_OWNER = "cli-local"


def scan(
    photos: Annotated[list[Path], typer.Argument(exists=True, dir_okay=False, readable=True)],
    lat: Annotated[
        float | None, typer.Option(help="Latitude, for nearby points and district")
    ] = None,
    lon: Annotated[float | None, typer.Option(help="Longitude")] = None,
    hint: Annotated[str | None, typer.Option(help='What you think it is, e.g. "우유팩"')] = None,
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object per photo")] = False,
    lang: Annotated[str, typer.Option(help="ko or en")] = "ko",
) -> None:
    """Identify each photo and say how to dispose of it (model loaded once for all photos)."""
    from wastecoach.core import migrations
    from wastecoach.core.config import get_settings
    from wastecoach.core.db import session_scope
    from wastecoach.core.security import Principal
    from wastecoach.core.tasks import configure_celery
    from wastecoach.waste.flows import run_pipeline
    from wastecoach.waste.providers.local import get_classifier
    from wastecoach.waste.service import waste as waste_service

    language: Lang = "en" if lang == "en" else "ko"
    migrations.upgrade(get_settings().effective_database_url)
    configure_celery()
    get_classifier()
    owner = Principal(user_id=CLI_OWNER, role="user", token_id="cli", expires_at=0)
    for photo in photos:
        try:
            with session_scope() as session:
                created = waste_service.submit_scan(
                    session,
                    owner=owner,
                    image=photo.read_bytes(),
                    lat=lat,
                    lon=lon,
                    hint=hint,
                    lang=language,
                    enqueue_pipeline=False,
                )
                scan_id = created.id
            run_pipeline(scan_id)
            with session_scope() as session:
                result = waste_service.render(
                    waste_service.get_owned(session, scan_id, owner), language
                )
        except AppError as exc:
            _print_error(photo, exc.code, exc.message(language), as_json)
            continue
        body = result.result
        if as_json:
            typer.echo(
                json.dumps(
                    {
                        "file": str(photo),
                        "scan_id": result.id,
                        "status": result.status,
                        "item_id": body.item_id if body else None,
                        "item_name": body.item_name if body else None,
                        "category": body.category if body else None,
                        "confidence": body.confidence if body else 0.0,
                        "uncertain": body.uncertain if body else True,
                        "top_k": [c.model_dump() for c in body.candidates] if body else [],
                        "questions": [q.model_dump() for q in body.questions] if body else [],
                        "coaching": body.coaching.model_dump() if body and body.coaching else None,
                    },
                    ensure_ascii=False,
                )
            )
            continue
        console.print(_card(photo, result.model_dump()))


def _print_error(photo: Path, code: str, message: str, as_json: bool) -> None:
    if as_json:
        typer.echo(json.dumps({"file": str(photo), "error": {"code": code, "message": message}}))
    else:
        console.print(f"[red]{photo}: {message} ({code})[/red]")


def _card(photo: Path, scan: dict[str, object]) -> Panel:
    result = scan.get("result")
    if not isinstance(result, dict) or not result.get("item_id"):
        return Panel("확인하지 못했어요 / not identified", title=str(photo))
    lines = [
        f"[bold]{result['item_name']}[/bold] → [green]{result['category_label']}[/green]"
        f"  ({float(result['confidence']):.0%}{', 확인 필요' if result['uncertain'] else ''})",
    ]
    coaching = result.get("coaching")
    if isinstance(coaching, dict):
        lines.append(str(coaching["message"]))
        lines += [f"  • {step['text']}" for step in coaching["checklist"]]
        lines += [f"  ◦ {p['part']}: {p['category']}" for p in coaching["parts"]]
    for question in result.get("questions") or []:
        options = ", ".join(option["label"] for option in question["options"])
        lines.append(f"[yellow]? {question['text']} ({options})[/yellow]")
    others = ", ".join(
        f"{c['name']} {float(c['confidence']):.0%}" for c in (result.get("candidates") or [])[1:4]
    )
    if others:
        lines.append(f"[dim]other guesses: {others}[/dim]")
    return Panel("\n".join(lines), title=str(photo))
