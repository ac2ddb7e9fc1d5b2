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
        if as_json:
            top = hits[0] if hits else None
            item = recycling_service.kb.items[top.item_id] if top else None
            typer.echo(
                json.dumps(
                    {
                        "query": text,
                        "id": item.id if item else None,
                        "name": item.name if item else None,
                        "category": item.category if item else None,
                        "score": top.score if top else 0.0,
                        "top_k": [
                            {
                                "id": h.item_id,
                                "category": recycling_service.kb.items[h.item_id].category,
                                "score": h.score,
                            }
                            for h in hits
                        ],
                    },
                    ensure_ascii=False,
                )
            )
            continue
        table = Table(title=text, show_lines=False)
        for column in ("item", "category", "score", "where it goes"):
            table.add_column(column)
        for hit in hits:
            item = recycling_service.kb.items[hit.item_id]
            summary = recycling_service.summarize(item, language)
            table.add_row(
                summary.name,
                summary.category_label,
                f"{hit.score:.2f}",
                item.disposal.get(language),
            )
        console.print(table)
