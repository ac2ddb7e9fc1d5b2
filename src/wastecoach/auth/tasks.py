"""Celery tasks of the auth service (ID arguments, own session, idempotent)."""

from __future__ import annotations

from datetime import timedelta

from wastecoach.auth import refresh_tokens
from wastecoach.auth.repository import RefreshTokenRepository
from wastecoach.core.db import session_scope
from wastecoach.core.tasks import task
from wastecoach.core.timeutil import utcnow

REVOKE_REFRESH_FAMILY = "auth.revoke_refresh_family"
PURGE_EXPIRED_REFRESH_TOKENS = "auth.purge_expired_refresh_tokens"


@task(REVOKE_REFRESH_FAMILY, queue="fast")
def revoke_refresh_family(family_id: str) -> None:
    """Record a family revocation in the database.

    Sent when a rotated refresh token is presented again: the failing request rolls its own
    transaction back, so the revocation is written here, in a unit of work of its own (the
    cache already has it).
    """
    with session_scope() as session:
        refresh_tokens.revoke_family(session, family_id)


@task(PURGE_EXPIRED_REFRESH_TOKENS, queue="sched")
def purge_expired_refresh_tokens(grace_days: int = 1) -> int:
    with session_scope() as session:
        cutoff = utcnow() - timedelta(days=grace_days)
        return RefreshTokenRepository(session).delete_expired(cutoff)
