"""Settings of the recycling service's coach (prefix ``WASTECOACH_LLM_``)."""

from __future__ import annotations

from functools import lru_cache
from typing import Literal

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class CoachSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="WASTECOACH_LLM_", extra="ignore")

    provider: Literal["grounded", "llm"] = "grounded"
    base_url: str | None = None  # any OpenAI-compatible chat endpoint
    api_key: str | None = None
    model: str = "gpt-4o-mini"  # chosen by the server, never by the client
    timeout_s: float = Field(default=10.0, gt=0)
    max_retries: int = Field(default=1, ge=0, le=3)
    requests_per_minute_per_user: int = Field(default=10, ge=1)
    daily_tokens_per_user: int = Field(default=20_000, ge=0)

    @property
    def enabled(self) -> bool:
        return self.provider == "llm" and bool(self.base_url)


@lru_cache(maxsize=1)
def get_coach_settings() -> CoachSettings:
    return CoachSettings()
