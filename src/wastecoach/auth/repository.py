"""Queries of the auth service."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from wastecoach.auth.models import Identity, PasswordCredential, RefreshToken


class IdentityRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def get(self, identity_id: int) -> Identity | None:
        return self.session.get(Identity, identity_id)

    def find(self, provider: str, subject: str) -> Identity | None:
        query = select(Identity).where(Identity.provider == provider, Identity.subject == subject)
        return self.session.scalar(query)

    def for_user(self, user_id: str) -> Sequence[Identity]:
        query = select(Identity).where(Identity.user_id == user_id).order_by(Identity.id)
        return self.session.scalars(query).all()

    def add(self, identity: Identity) -> Identity:
        self.session.add(identity)
        self.session.flush()
        return identity

    def remove(self, identity: Identity) -> None:
        self.session.delete(identity)
        self.session.flush()

    def move_all(self, *, from_user_id: str, to_user_id: str) -> None:
        self.session.execute(
            update(Identity).where(Identity.user_id == from_user_id).values(user_id=to_user_id)
        )

    def delete_for_user(self, user_id: str) -> None:
        self.session.execute(delete(Identity).where(Identity.user_id == user_id))


class PasswordRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def get(self, user_id: str) -> PasswordCredential | None:
        return self.session.get(PasswordCredential, user_id)

    def by_email(self, email: str) -> PasswordCredential | None:
        return self.session.scalar(
            select(PasswordCredential).where(PasswordCredential.email == email)
        )

    def add(self, credential: PasswordCredential) -> None:
        self.session.add(credential)
        self.session.flush()

    def delete_for_user(self, user_id: str) -> None:
        self.session.execute(
            delete(PasswordCredential).where(PasswordCredential.user_id == user_id)
        )


class RefreshTokenRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def by_hash(self, token_hash: str) -> RefreshToken | None:
        return self.session.scalar(
            select(RefreshToken).where(RefreshToken.token_hash == token_hash)
        )

    def add(self, token: RefreshToken) -> None:
        self.session.add(token)
        self.session.flush()

    def mark_rotated(self, token_id: int, now: datetime) -> bool:
        """Rotate once: True only for the one caller that wins a race for this token."""
        result = self.session.execute(
            update(RefreshToken)
            .where(
                RefreshToken.id == token_id,
                RefreshToken.rotated_at.is_(None),
                RefreshToken.revoked_at.is_(None),
            )
            .values(rotated_at=now)
            .execution_options(synchronize_session=False)
        )
        return bool(getattr(result, "rowcount", 0) == 1)

    def revoke_family(self, family_id: str, now: datetime) -> None:
        self.session.execute(
            update(RefreshToken)
            .where(RefreshToken.family_id == family_id, RefreshToken.revoked_at.is_(None))
            .values(revoked_at=now)
            .execution_options(synchronize_session=False)
        )

    def family_ids_for_user(self, user_id: str) -> list[str]:
        query = (
            select(RefreshToken.family_id)
            .where(RefreshToken.user_id == user_id, RefreshToken.revoked_at.is_(None))
            .distinct()
        )
        return list(self.session.scalars(query))

    def delete_expired(self, before: datetime) -> int:
        result = self.session.execute(delete(RefreshToken).where(RefreshToken.expires_at < before))
        return int(getattr(result, "rowcount", 0) or 0)
