"""``wastecoach items``: search the knowledge base from the command line."""

from __future__ import annotations

import json
import sys
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from wastecoach.core.i18n import Lang
from wastecoach.recycling.service import recycling as recycling_service

app = typer.Typer(help="Knowledge-base items.", no_args_is_help=True)
console = Console()


@app.command("search")
def search(
    query: Annotated[
        list[str] | None, typer.Argument(help="Queries; none: one per stdin line")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object per query")] = False,
    limit: int = 3,
    lang: str = "ko",
) -> None:
    """Search items the way people ask ("아이스팩 어떻게 버려요")."""
    queries = query or [line.strip() for line in sys.stdin if line.strip()]
    language: Lang = "en" if lang == "en" else "ko"
    for text in queries:
        hits = recycling_service.search_hits(text, limit=limit)
        results = [recycling_service.search_result(hit, language) for hit in hits]
        if as_json:
            top = results[0] if results else None
            typer.echo(
                json.dumps(
                    {
                        "query": text,
                        "id": top.id if top else None,
                        "name": recycling_service.kb.items[top.id].name if top else None,
                        "category": top.category if top else None,
                        "score": top.score if top else 0.0,
                        "condition": top.condition if top else None,
                        "top_k": [
                            {"id": r.id, "category": r.category, "score": r.score} for r in results
                        ],
                    },
                    ensure_ascii=False,
                )
            )
            continue
        table = Table(title=text, show_lines=False)
        for column in ("item", "category", "score", "where it goes"):
            table.add_column(column)
        for result in results:
            where = f"{result.condition} {result.disposal}" if result.condition else result.disposal
            table.add_row(result.name, result.category_label, f"{result.score:.2f}", where)
        console.print(table)
