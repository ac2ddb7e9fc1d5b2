"""Settings of the waste service (prefix ``WASTECOACH_VISION_``)."""

from __future__ import annotations

from functools import lru_cache
from typing import Literal

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class VisionSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="WASTECOACH_VISION_", extra="ignore")

    provider: Literal["local", "openai"] = "local"
    top_k: int = Field(default=5, ge=1, le=10)
    # Below this top item confidence the result asks the person instead of asserting.
    confident_at: float = Field(default=0.6, gt=0, lt=1)
    openai_base_url: str | None = None  # any OpenAI-compatible endpoint (OpenAI, Ollama, vLLM)
    openai_api_key: str | None = None
    openai_model: str = "gpt-4o-mini"
    openai_timeout_s: float = Field(default=15.0, gt=0)


@lru_cache(maxsize=1)
def get_vision_settings() -> VisionSettings:
    return VisionSettings()
