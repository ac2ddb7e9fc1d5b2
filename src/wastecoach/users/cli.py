"""``wastecoach users ...`` commands."""

from __future__ import annotations

import typer
from rich.console import Console

from wastecoach.core.db import session_scope
from wastecoach.users.exceptions import UserNotFound
from wastecoach.users.service import users as users_service

app = typer.Typer(help="User accounts.", no_args_is_help=True)
console = Console()


@app.callback()
def _group() -> None:
    """User accounts."""


@app.command("make-admin")
def make_admin(email: str) -> None:
    """Give the account with EMAIL the admin role (in tokens issued from now on)."""
    try:
        with session_scope() as session:
            user = users_service.set_role(session, email=email, role="admin")
    except UserNotFound:
        console.print(f"[red]no registered account with e-mail {email}[/red]")
        raise typer.Exit(code=1) from None
    console.print(f"[green]{user.email} ({user.id}) is now an admin[/green]")
