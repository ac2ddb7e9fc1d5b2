from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.servers import (
    AMQP_URL,
    REDIS_URL,
    REPO_ROOT,
    require_postgres,
    require_rabbitmq,
    require_redis,
)


@pytest.fixture
def server_env(configure, postgres_url: str, tmp_path: Path) -> dict[str, str]:  # type: ignore[no-untyped-def]
    """Environment for the app and its workers on real PostgreSQL, Redis and RabbitMQ."""
    require_redis()
    require_rabbitmq()
    require_postgres()
    overrides = {
        "database_url": postgres_url,
        "redis_url": REDIS_URL,
        "broker_url": AMQP_URL,
    }
    configure(**overrides)
    env = dict(os.environ)
    env.update({f"WASTECOACH_{key.upper()}": value for key, value in overrides.items()})
    env["WASTECOACH_VAR_DIR"] = str(tmp_path / "var")
    env["WASTECOACH_ENV"] = "test"
    from wastecoach.core import migrations

    migrations.upgrade(postgres_url)
    return env


def wastecoach_command(*args: str) -> list[str]:
    return [sys.executable, "-m", "wastecoach", *args]


@pytest.fixture
def celery_worker(server_env: dict[str, str]) -> Iterator[subprocess.Popen[bytes]]:
    """A real ``wastecoach worker`` process consuming all five queues."""
    from wastecoach.core.tasks import configure_celery

    celery = configure_celery()
    celery.control.purge()
    log = open(Path(server_env["WASTECOACH_VAR_DIR"]).parent / "worker.log", "wb")  # noqa: SIM115
    process = subprocess.Popen(
        wastecoach_command("worker", "--concurrency", "2"),
        env=server_env,
        cwd=REPO_ROOT,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"worker exited early; see {log.name}")
        if celery.control.ping(timeout=1.0):
            break
    else:
        pytest.fail("worker did not answer a ping within 60 s")
    try:
        yield process
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
        log.close()
