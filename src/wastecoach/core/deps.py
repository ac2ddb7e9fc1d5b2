"""Request-scoped dependencies shared by every service."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy.orm import Session

from wastecoach.core.db import session_scope
from wastecoach.core.i18n import Lang, negotiate_language


def get_db_session() -> Iterator[Session]:
    """One session per request; committed once the endpoint returns, rolled back on error."""
    with session_scope() as session:
        yield session


def get_language(request: Request) -> Lang:
    return negotiate_language(request.headers.get("accept-language"))


DbSession = Annotated[Session, Depends(get_db_session)]
Language = Annotated[Lang, Depends(get_language)]
