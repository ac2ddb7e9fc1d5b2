"""Tables of the auth service (schema ``auth``). User ids point at ``users.user_account``
by value only: services do not share tables, so there is no cross-schema foreign key."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from wastecoach.core.db import AwareDateTime, Base
from wastecoach.core.timeutil import utcnow


class Identity(Base):
    """An account at an OAuth provider, linked to one of our users."""

    __tablename__ = "identity"
    __table_args__ = (
        UniqueConstraint("provider", "subject"),
        {"schema": "auth"},
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    provider: Mapped[str] = mapped_column(String(20))
    subject: Mapped[str] = mapped_column(String(255))
    user_id: Mapped[str] = mapped_column(String(36), index=True)
    email: Mapped[str | None] = mapped_column(String(320))
    created_at: Mapped[datetime] = mapped_column(AwareDateTime(), default=utcnow)
    last_login_at: Mapped[datetime] = mapped_column(AwareDateTime(), default=utcnow)


class PasswordCredential(Base):
    """A local account's e-mail and argon2id password hash."""

    __tablename__ = "password_credential"
    __table_args__ = {"schema": "auth"}  # noqa: RUF012

    user_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    email: Mapped[str] = mapped_column(String(320), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    created_at: Mapped[datetime] = mapped_column(AwareDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(AwareDateTime(), default=utcnow)


class RefreshToken(Base):
    """One refresh token of a family (a sign-in); only its SHA-256 is kept."""

    __tablename__ = "refresh_token"
    __table_args__ = {"schema": "auth"}  # noqa: RUF012

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    family_id: Mapped[str] = mapped_column(String(32), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[str] = mapped_column(String(36), index=True)
    issued_at: Mapped[datetime] = mapped_column(AwareDateTime(), default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(AwareDateTime())
    rotated_at: Mapped[datetime | None] = mapped_column(AwareDateTime())
    revoked_at: Mapped[datetime | None] = mapped_column(AwareDateTime())
