"""Process-wide settings, read from ``WASTECOACH_*`` environment variables (and ``.env``).

Each domain keeps its own ``BaseSettings`` with a narrower prefix (``WASTECOACH_OAUTH_`` ...);
this module holds what every service shares: where data lives and which servers to use.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

DEFAULT_SESSION_SECRET = "local-development-secret-change-me"
SERVICES: tuple[str, ...] = ("auth", "users", "waste", "recycling", "locations")


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="WASTECOACH_", env_file=".env", extra="ignore")

    env: Literal["local", "test", "production"] = "local"
    var_dir: Path = Path("var")
    database_url: str = ""  # empty: SQLite file under var_dir
    redis_url: str | None = None  # None: in-memory cache
    broker_url: str | None = None  # None: tasks run in-process by the same task code
    result_backend_url: str | None = None  # defaults to redis_url when a broker is set
    storage_backend: Literal["local", "s3"] = "local"
    s3_bucket: str | None = None
    s3_endpoint_url: str | None = None
    s3_region: str = "ap-northeast-2"
    session_secret: str = DEFAULT_SESSION_SECRET
    jwt_private_key_file: Path | None = None
    public_base_url: str = "http://127.0.0.1:8000"
    shared_data_dir: Path = Path("../shared/data")
    log_format: Literal["text", "json"] = "text"
    log_level: str = "INFO"
    max_upload_bytes: int = Field(default=10 * 1024 * 1024, gt=0)

    @model_validator(mode="after")
    def _refuse_unsafe_production(self) -> Settings:
        if self.env != "production":
            return self
        problems = []
        if not self.database_url.startswith("postgresql"):
            problems.append("WASTECOACH_DATABASE_URL must be a PostgreSQL URL")
        if not self.redis_url:
            problems.append("WASTECOACH_REDIS_URL is required")
        if not self.broker_url:
            problems.append("WASTECOACH_BROKER_URL is required")
        if self.session_secret == DEFAULT_SESSION_SECRET or len(self.session_secret) < 32:
            problems.append("WASTECOACH_SESSION_SECRET must be set to 32+ random characters")
        if self.jwt_private_key_file is None:
            problems.append("WASTECOACH_JWT_PRIVATE_KEY_FILE is required")
        if self.storage_backend == "s3" and not self.s3_bucket:
            problems.append("WASTECOACH_S3_BUCKET is required with the s3 storage backend")
        if problems:
            raise ValueError("refusing to start in production: " + "; ".join(problems))
        return self

    @property
    def effective_database_url(self) -> str:
        return self.database_url or f"sqlite:///{self.var_dir / 'wastecoach.db'}"

    @property
    def tasks_in_process(self) -> bool:
        return self.broker_url is None

    @property
    def effective_result_backend(self) -> str | None:
        return self.result_backend_url or self.redis_url


def split_list(value: object) -> object:
    """A list setting from the environment: comma-separated ("a, b") or a JSON array."""
    if isinstance(value, str):
        text = value.strip()
        if text.startswith("["):
            return json.loads(text)
        return [part.strip() for part in text.split(",") if part.strip()]
    return value


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()


def reset_settings_cache() -> None:
    """Forget cached settings (tests and the CLI change the environment)."""
    get_settings.cache_clear()
