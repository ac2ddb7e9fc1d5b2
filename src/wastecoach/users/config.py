"""Settings of the users service."""

from __future__ import annotations

from typing import Annotated

from pydantic import field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from wastecoach.core.config import split_list


class UsersSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="WASTECOACH_", extra="ignore")

    # Accounts whose *verified* e-mail is listed here act as admins (comma-separated or JSON).
    admin_emails: Annotated[list[str], NoDecode] = []

    _split = field_validator("admin_emails", mode="before")(split_list)

    @property
    def admin_email_set(self) -> frozenset[str]:
        return frozenset(email.lower() for email in self.admin_emails)
