"""API shapes of the users service; ``UserRead`` is also what other services get back."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from wastecoach.core.security import Role

Locale = Literal["ko", "en"]


class UserRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: str
    display_name: str | None
    email: str | None
    email_verified: bool
    locale: Locale
    is_guest: bool
    role: Role = Field(description='"guest", "user" or "admin"')
    created_at: datetime


class UserUpdate(BaseModel):
    display_name: str | None = Field(default=None, min_length=1, max_length=50)
    locale: Locale | None = None
