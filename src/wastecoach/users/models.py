"""Tables of the users service (schema ``users``)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, String
from sqlalchemy.orm import Mapped, mapped_column

from wastecoach.core.db import AwareDateTime, Base
from wastecoach.core.timeutil import utcnow


class UserAccount(Base):
    """One person (or one anonymous guest). Deleted accounts keep only their id and dates."""

    __tablename__ = "user_account"
    __table_args__ = {"schema": "users"}  # noqa: RUF012

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    display_name: Mapped[str | None] = mapped_column(String(100))
    email: Mapped[str | None] = mapped_column(String(320), unique=True)
    email_verified: Mapped[bool] = mapped_column(Boolean, default=False)
    locale: Mapped[str] = mapped_column(String(10), default="ko")
    is_guest: Mapped[bool] = mapped_column(Boolean, default=False)
    role: Mapped[str] = mapped_column(String(10), default="user")
    created_at: Mapped[datetime] = mapped_column(AwareDateTime(), default=utcnow)
    deleted_at: Mapped[datetime | None] = mapped_column(AwareDateTime())
