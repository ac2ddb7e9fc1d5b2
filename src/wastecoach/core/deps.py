"""Request-scoped dependencies shared by every service."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, Path, Request
from sqlalchemy.orm import Session

from wastecoach.core.db import session_scope
from wastecoach.core.i18n import Lang, negotiate_language

DB_SESSIONS_PER_PROCESS = 16


def get_db_session() -> Iterator[Session]:
    """One session per request; committed once the endpoint returns, rolled back on error."""
    with session_scope() as session:
        yield session


def get_language(request: Request) -> Lang:
    return negotiate_language(request.headers.get("accept-language"))


# The session ends with the endpoint, before the response is sent: a failed commit becomes an
# error response (not a lost write after a 200), and the connection goes back to the pool at
# once. At most 16 requests hold one at a time, below the pool's 20 (10 + 10 overflow), so
# in-process tasks always find a connection and a burst waits instead of timing out.
DbSession = Annotated[
    Session, Depends(get_db_session, scope="function", max_concurrency=DB_SESSIONS_PER_PROCESS)
]
Language = Annotated[Lang, Depends(get_language)]

# Integer ids in paths: outside a 64-bit column's range they could never exist (and would
# overflow the driver), so they are refused as invalid input.
DbId = Annotated[int, Path(ge=1, le=2**63 - 1)]
