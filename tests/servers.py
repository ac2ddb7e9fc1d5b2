"""Where the real servers are, and how tests that need them skip (or fail under CI=true)."""

from __future__ import annotations

import os
import socket
import uuid
from pathlib import Path

import pytest

IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")

POSTGRES_ADMIN_URL = os.environ.get(
    "WASTECOACH_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
)
REDIS_URL = os.environ.get("WASTECOACH_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
AMQP_URL = os.environ.get("WASTECOACH_TEST_AMQP_URL", "amqp://guest:guest@127.0.0.1:5672//")

REPO_ROOT = Path(__file__).resolve().parent.parent
SHARED_DATA_DIR = Path(
    os.environ.get("WASTECOACH_SHARED_DATA_DIR", REPO_ROOT.parent / "shared" / "data")
)


def _reachable(host: str, port: int) -> bool:
    try:
        with socket.create_connection((host, port), timeout=1):
            return True
    except OSError:
        return False


def require(name: str, host: str, port: int) -> None:
    """Skip when the server is absent on a user's machine; fail in CI, where it must run."""
    if _reachable(host, port):
        return
    message = f"{name} is not reachable at {host}:{port}; start it to run this test"
    if IN_CI:
        pytest.fail(f"{message} (CI=true: servers are required)")
    pytest.skip(message)


def require_postgres() -> None:
    require("PostgreSQL", "127.0.0.1", 5432)


def require_redis() -> None:
    require("Redis", "127.0.0.1", 6379)


def require_rabbitmq() -> None:
    require("RabbitMQ", "127.0.0.1", 5672)


def require_shared_data(*parts: str) -> Path:
    path = SHARED_DATA_DIR.joinpath(*parts)
    if path.exists():
        return path
    message = f"shared data not found at {path}; set WASTECOACH_SHARED_DATA_DIR"
    if IN_CI:
        pytest.fail(message)
    pytest.skip(message)


def create_postgres_database() -> str:
    """Create a throw-away database and return its URL."""
    import sqlalchemy as sa

    name = f"wastecoach_test_{uuid.uuid4().hex[:10]}"
    engine = sa.create_engine(POSTGRES_ADMIN_URL, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        postgis = connection.execute(
            sa.text("SELECT 1 FROM pg_available_extensions WHERE name = 'postgis'")
        ).first()
        if postgis is None:
            engine.dispose()
            message = (
                "PostGIS is not installed on this PostgreSQL; install it (Debian: "
                "apt-get install postgresql-15-postgis-3, as .ci/run does) to run this test"
            )
            if IN_CI:
                pytest.fail(message)
            pytest.skip(message)
        connection.execute(sa.text(f'CREATE DATABASE "{name}"'))
    engine.dispose()
    return POSTGRES_ADMIN_URL.rsplit("/", 1)[0] + f"/{name}"


def drop_postgres_database(url: str) -> None:
    import sqlalchemy as sa

    name = url.rsplit("/", 1)[1]
    engine = sa.create_engine(POSTGRES_ADMIN_URL, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    engine.dispose()
