from __future__ import annotations

import pytest
from pydantic import ValidationError

from wastecoach.core.config import Settings
from wastecoach.core.i18n import negotiate_language


def test_production_refuses_default_or_missing_secrets() -> None:
    with pytest.raises(ValidationError) as excinfo:
        Settings(env="production")
    message = str(excinfo.value)
    for expected in (
        "DATABASE_URL",
        "REDIS_URL",
        "BROKER_URL",
        "SESSION_SECRET",
        "JWT_PRIVATE_KEY",
    ):
        assert expected in message


def test_production_starts_with_everything_set(tmp_path) -> None:  # type: ignore[no-untyped-def]
    settings = Settings(
        env="production",
        database_url="postgresql+psycopg://app@db/app",
        redis_url="redis://cache:6379/0",
        broker_url="amqp://mq//",
        session_secret="x" * 40,
        jwt_private_key_file=tmp_path / "key.pem",
    )
    assert settings.effective_result_backend == "redis://cache:6379/0"
    assert not settings.tasks_in_process


def test_embedded_default_needs_no_servers() -> None:
    settings = Settings(env="local", var_dir="var")  # type: ignore[arg-type]
    assert settings.effective_database_url == "sqlite:///var/wastecoach.db"
    assert settings.tasks_in_process


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        (None, "ko"),
        ("en", "en"),
        ("en-US,en;q=0.9", "en"),
        ("ko-KR,ko;q=0.9,en;q=0.8", "ko"),
        ("fr-FR,en;q=0.5", "en"),
        ("de", "ko"),
        ("en;q=bogus", "ko"),
    ],
)
def test_language_negotiation(header: str | None, expected: str) -> None:
    assert negotiate_language(header) == expected
