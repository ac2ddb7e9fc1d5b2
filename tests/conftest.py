from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from tests.servers import (
    create_postgres_database,
    drop_postgres_database,
    require_postgres,
)
from wastecoach.core import migrations
from wastecoach.core.reset import reset_process_state


@pytest.fixture
def configure(monkeypatch: pytest.MonkeyPatch, tmp_path: Path):  # type: ignore[no-untyped-def]
    """Point the process at fresh settings; returns a function taking WASTECOACH_* overrides."""

    def apply(**overrides: str) -> None:
        monkeypatch.setenv("WASTECOACH_ENV", "test")
        monkeypatch.setenv("WASTECOACH_VAR_DIR", str(tmp_path / "var"))
        for key, value in overrides.items():
            monkeypatch.setenv(f"WASTECOACH_{key.upper()}", value)
        reset_process_state()

    yield apply
    reset_process_state()


@pytest.fixture
def sqlite_app(configure) -> FastAPI:  # type: ignore[no-untyped-def]
    from wastecoach.core.config import get_settings
    from wastecoach.main import create_app

    configure()
    migrations.upgrade(get_settings().effective_database_url)
    return create_app()


@pytest.fixture
def client(sqlite_app: FastAPI) -> Iterator[TestClient]:
    with TestClient(sqlite_app, raise_server_exceptions=False) as test_client:
        yield test_client


@pytest.fixture
def postgres_url() -> Iterator[str]:
    require_postgres()
    url = create_postgres_database()
    try:
        yield url
    finally:
        from wastecoach.core.db import reset_engine

        reset_engine()
        drop_postgres_database(url)


pytest_plugins = ["tests.fakes.fixtures"]
