"""Refresh tokens: opaque, random, stored as SHA-256 only, rotated on every use.

Tokens of one sign-in form a family. Presenting a token that was already rotated means it
was copied: the whole family is revoked. Revocation is written to the cache at once (Redis
in production, checked first) and to the database, which stays the source of truth.
"""

from __future__ import annotations

import hashlib
import secrets
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy.orm import Session

from wastecoach.auth.models import RefreshToken
from wastecoach.auth.repository import RefreshTokenRepository
from wastecoach.core.cache import get_cache
from wastecoach.core.security import get_token_settings
from wastecoach.core.timeutil import utcnow

_FAMILY_REVOKED = "auth:refresh_family_revoked:{family_id}"


@dataclass(frozen=True)
class NewRefreshToken:
    token: str
    family_id: str
    ttl_s: int


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def ttl_s() -> int:
    return get_token_settings().refresh_ttl_s


def issue(session: Session, *, user_id: str, family_id: str | None = None) -> NewRefreshToken:
    token = secrets.token_urlsafe(32)
    lifetime = ttl_s()
    now = utcnow()
    family = family_id or uuid.uuid4().hex
    RefreshTokenRepository(session).add(
        RefreshToken(
            family_id=family,
            token_hash=hash_token(token),
            user_id=user_id,
            issued_at=now,
            expires_at=now + timedelta(seconds=lifetime),
        )
    )
    return NewRefreshToken(token=token, family_id=family, ttl_s=lifetime)


def mark_family_revoked(family_id: str) -> None:
    get_cache().set(_FAMILY_REVOKED.format(family_id=family_id), "1", ttl_s=ttl_s())


def family_revoked_in_cache(family_id: str) -> bool:
    return get_cache().get(_FAMILY_REVOKED.format(family_id=family_id)) is not None


def revoke_family(session: Session, family_id: str) -> None:
    mark_family_revoked(family_id)
    RefreshTokenRepository(session).revoke_family(family_id, utcnow())


def revoke_all_for_user(session: Session, user_id: str) -> None:
    for family_id in RefreshTokenRepository(session).family_ids_for_user(user_id):
        revoke_family(session, family_id)


def is_expired(token: RefreshToken, now: datetime) -> bool:
    expires = token.expires_at
    if expires.tzinfo is None:  # SQLite hands back naive UTC datetimes
        expires = expires.replace(tzinfo=UTC)
    return expires <= now
